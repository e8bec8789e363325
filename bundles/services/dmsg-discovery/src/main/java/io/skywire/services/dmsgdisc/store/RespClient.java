package io.skywire.services.dmsgdisc.store;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A small blocking Redis client speaking RESP2: the handful of commands discovery needs does not justify a
 * client library and its dependencies in the bundle. One connection, calls serialised; it reconnects once
 * when the connection was lost.
 */
final class RespClient implements AutoCloseable {
    /** Replies larger than this are refused (an entry is a few hundred bytes). */
    static final int MAX_BULK = 16 << 20;

    private final String host;
    private final int port;
    private final String password;
    private final int db;
    private final Duration timeout;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    /** An error reply from Redis ("-ERR ..."). */
    static final class RedisError extends IOException {
        private static final long serialVersionUID = 1L;

        RedisError(String message) {
            super(message);
        }
    }

    /**
     * @param url redis://[:password@]host[:port][/db]
     * @param password overrides the URL's password when not empty
     * @param timeout connect and read timeout
     */
    RespClient(String url, String password, Duration timeout) {
        URI u = URI.create(url);
        if (!"redis".equals(u.getScheme()) || u.getHost() == null) {
            throw new IllegalArgumentException("invalid Redis URL \"" + url + "\": expected redis://host[:port][/db]");
        }
        host = u.getHost();
        port = u.getPort() > 0 ? u.getPort() : 6379;
        String info = u.getUserInfo();
        String fromUrl = info == null ? "" : info.substring(info.indexOf(':') + 1);
        this.password = password != null && !password.isEmpty() ? password : fromUrl;
        String path = u.getPath() == null ? "" : u.getPath().replace("/", "");
        try {
            db = path.isEmpty() ? 0 : Integer.parseInt(path);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid Redis database \"" + path + "\" in " + url);
        }
        this.timeout = timeout;
    }

    String target() {
        return host + ":" + port;
    }

    synchronized Object call(String... args) throws IOException {
        try {
            connectIfNeeded();
            return exchange(args);
        } catch (RedisError e) {
            throw e;
        } catch (IOException first) {
            closeQuietly();
            connectIfNeeded(); // the server may have restarted: one fresh attempt
            return exchange(args);
        }
    }

    private Object exchange(String... args) throws IOException {
        write(args);
        return read();
    }

    private void connectIfNeeded() throws IOException {
        if (socket != null) {
            return;
        }
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            s.setSoTimeout((int) timeout.toMillis());
            s.setTcpNoDelay(true);
            socket = s;
            in = new BufferedInputStream(s.getInputStream());
            out = new BufferedOutputStream(s.getOutputStream());
            if (!password.isEmpty()) {
                exchange("AUTH", password);
            }
            if (db != 0) {
                exchange("SELECT", Integer.toString(db));
            }
        } catch (IOException e) {
            closeQuietly();
            throw e;
        }
    }

    private void write(String... args) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String a : args) {
            byte[] v = a.getBytes(StandardCharsets.UTF_8);
            b.writeBytes(("$" + v.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            b.writeBytes(v);
            b.writeBytes(new byte[] {'\r', '\n'});
        }
        b.writeTo(out);
        out.flush();
    }

    /** @return String (simple or bulk), Long, null (nil), List of those, or throws RedisError */
    private Object read() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("Redis at " + target() + " closed the connection");
        }
        String line = line();
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new RedisError(line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                if (n > MAX_BULK) {
                    throw new IOException("Redis reply of " + n + " bytes exceeds " + MAX_BULK);
                }
                byte[] v = in.readNBytes(n);
                if (v.length != n || in.read() != '\r' || in.read() != '\n') {
                    throw new EOFException("truncated Redis reply");
                }
                return new String(v, StandardCharsets.UTF_8);
            }
            case '*': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(Math.min(n, 1024));
                for (int i = 0; i < n; i++) {
                    items.add(read());
                }
                return items;
            }
            default:
                throw new IOException("unexpected Redis reply type '" + (char) type + "'");
        }
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new EOFException("truncated Redis reply");
            }
            if (sb.length() > 64 * 1024) {
                throw new IOException("Redis reply line too long");
            }
            sb.append((char) c);
        }
        if (in.read() != '\n') {
            throw new IOException("malformed Redis reply line");
        }
        return sb.toString();
    }

    private void closeQuietly() {
        try {
            if (socket != null) {
                socket.close();
            }
        } catch (IOException ignored) {
            // closing a broken connection
        }
        socket = null;
    }

    @Override
    public synchronized void close() {
        closeQuietly();
    }
}
