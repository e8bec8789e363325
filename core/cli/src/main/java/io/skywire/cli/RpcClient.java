package io.skywire.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Client of the visor's line-delimited JSON RPC endpoint (docs/rpc.md). */
final class RpcClient {
    static final String DEFAULT_ADDR = "localhost:3435";

    /** A call that failed; the message is one line for the user. */
    static final class RpcException extends Exception {
        private static final long serialVersionUID = 1L;

        RpcException(String message) {
            super(message);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private RpcClient() {
    }

    static JsonNode call(String addr, String method, Object params, Duration timeout) throws RpcException {
        InetSocketAddress target = parse(addr);
        try (Socket s = new Socket()) {
            s.connect(target, (int) Math.min(timeout.toMillis(), 5000));
            s.setSoTimeout((int) timeout.toMillis());
            ObjectNode req = JSON.createObjectNode();
            req.put("id", 1);
            req.put("method", method);
            req.set("params", params == null ? JSON.createObjectNode() : JSON.valueToTree(params));
            OutputStream out = s.getOutputStream();
            out.write((req + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            String line = in.readLine();
            if (line == null) {
                throw new RpcException("the visor at " + addr + " closed the connection without answering " + method);
            }
            JsonNode resp = JSON.readTree(line);
            if (resp.hasNonNull("error")) {
                throw new RpcException(resp.get("error").asText());
            }
            return resp.path("result");
        } catch (ConnectException e) {
            throw new RpcException("cannot reach the visor at " + addr + ": connection refused "
                    + "(is \"skywire visor\" running? use --rpc to point at its cli_addr)");
        } catch (SocketTimeoutException e) {
            throw new RpcException("the visor at " + addr + " did not answer " + method + " within "
                    + timeout.toSeconds() + " s");
        } catch (IOException e) {
            throw new RpcException("RPC " + method + " to " + addr + " failed: " + e.getMessage());
        }
    }

    static InetSocketAddress parse(String addr) throws RpcException {
        int colon = addr == null ? -1 : addr.lastIndexOf(':');
        if (colon < 0) {
            throw new RpcException("invalid --rpc address \"" + addr + "\": expected host:port, e.g. " + DEFAULT_ADDR);
        }
        String host = addr.substring(0, colon);
        try {
            int port = Integer.parseInt(addr.substring(colon + 1));
            return new InetSocketAddress(host.isEmpty() ? "localhost" : host, port);
        } catch (IllegalArgumentException e) {
            throw new RpcException("invalid --rpc address \"" + addr + "\": expected host:port, e.g. " + DEFAULT_ADDR);
        }
    }
}
