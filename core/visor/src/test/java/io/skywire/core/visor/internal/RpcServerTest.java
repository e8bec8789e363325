package io.skywire.core.visor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skywire.core.visor.api.VisorException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class RpcServerTest {
    final ObjectMapper json = new ObjectMapper();

    RpcServer server() {
        return new RpcServer(json, (method, params) -> switch (method) {
            case "Echo" -> Map.of("name", params.path("name").asText());
            case "Fail" -> throw new VisorException("app x is not running");
            default -> throw new IllegalStateException("boom");
        });
    }

    @Test
    void answersLineDelimitedCallsOverTcp() throws Exception {
        try (RpcServer s = server()) {
            InetSocketAddress a = s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try (Socket c = new Socket(a.getAddress(), a.getPort())) {
                OutputStream out = c.getOutputStream();
                BufferedReader in = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8));
                out.write("{\"id\":7,\"method\":\"Echo\",\"params\":{\"name\":\"hi\"}}\n".getBytes());
                JsonNode r = json.readTree(in.readLine());
                assertEquals(7, r.get("id").asInt());
                assertEquals("hi", r.at("/result/name").asText());
                out.write("{\"id\":8,\"method\":\"Fail\"}\n".getBytes());
                assertEquals("app x is not running", json.readTree(in.readLine()).get("error").asText());
                out.write("not json\n".getBytes());
                assertTrue(json.readTree(in.readLine()).get("error").asText().startsWith("malformed request"));
                // the connection survives bad input
                out.write("{\"id\":9,\"method\":\"Echo\",\"params\":{\"name\":\"again\"}}\n".getBytes());
                assertEquals("again", json.readTree(in.readLine()).at("/result/name").asText());
            }
        }
    }

    @Test
    void oversizeRequestIsRefusedAndServerKeepsServing() throws Exception {
        try (RpcServer s = server()) {
            InetSocketAddress a = s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try (Socket c = new Socket(a.getAddress(), a.getPort())) {
                c.getOutputStream().write(new byte[RpcServer.MAX_REQUEST + 10]);
                c.getOutputStream().write('\n');
                String line = new BufferedReader(new InputStreamReader(c.getInputStream())).readLine();
                assertTrue(line.contains("request longer than"), line);
            } catch (java.net.SocketException reset) {
                // the server may close before we finish writing: also a refusal
            }
            try (Socket c = new Socket(a.getAddress(), a.getPort())) {
                c.getOutputStream().write("{\"id\":1,\"method\":\"Echo\",\"params\":{\"name\":\"ok\"}}\n".getBytes());
                assertTrue(new BufferedReader(new InputStreamReader(c.getInputStream())).readLine().contains("ok"));
            }
        }
    }

    @Test
    void malformedShapes() {
        RpcServer s = server();
        assertTrue(s.answer("[1,2]").contains("missing \\\"method\\\""));
        assertTrue(s.answer("{\"id\":1,\"method\":\"Other\"}").contains("internal error"));
        s.close();
    }

    @Test
    void rpcAddressParsing() throws Exception {
        assertEquals(3435, VisorComponent.rpcAddress("localhost:3435").getPort());
        assertTrue(VisorComponent.rpcAddress("localhost:3435").getAddress().isLoopbackAddress());
        assertTrue(VisorComponent.rpcAddress(":3436").getAddress().isLoopbackAddress());
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> VisorComponent.rpcAddress("nope"));
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> VisorComponent.rpcAddress("h:x"));
    }
}
