package io.skywire.core.dmsg.disc;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.skywire.core.crypto.PubKey;

/**
 * A tiny in-memory discovery on 127.0.0.1 following Go's API handler (test mode: loopback addresses allowed), built
 * from {@link Entry} and {@link DiscoveryHttp}. {@link #override} replaces it to simulate broken servers.
 */
final class FakeDiscovery implements AutoCloseable {
    interface Handler {
        void handle(HttpExchange ex) throws IOException;
    }

    record Request(String method, String path, String query, String contentType, String body) {
    }

    final Map<PubKey, Entry> entries = new ConcurrentHashMap<>();
    final List<Request> requests = new CopyOnWriteArrayList<>();
    volatile Handler override;
    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool();

    FakeDiscovery() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(pool);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }

    static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            ex.getResponseBody().write(b);
        }
        ex.close();
    }

    private static void json(HttpExchange ex, int status, String body) throws IOException {
        send(ex, status, "application/json", body);
    }

    private static void message(HttpExchange ex, int status, String msg) throws IOException {
        json(ex, status, new DiscoveryHttp.HttpMessage(msg, status).toJson());
    }

    private void handle(HttpExchange ex) throws IOException {
        String body;
        try (InputStream in = ex.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String path = ex.getRequestURI().getPath();
        requests.add(new Request(ex.getRequestMethod(), path, ex.getRequestURI().getRawQuery(),
                ex.getRequestHeaders().getFirst("Content-Type"), body));
        Handler h = override;
        if (h != null) {
            h.handle(ex);
            return;
        }
        String m = ex.getRequestMethod();
        if (m.equals("GET") && path.startsWith(DiscoveryHttp.PATH_ENTRY)) {
            PubKey pk;
            try {
                pk = PubKey.parseText(path.substring(DiscoveryHttp.PATH_ENTRY.length()));
            } catch (IllegalArgumentException e) {
                message(ex, 400, DiscoveryHttp.ERR_BAD_INPUT);
                return;
            }
            Entry e = entries.get(pk);
            if (e == null) {
                message(ex, 404, DiscoveryHttp.ERR_KEY_NOT_FOUND);
            } else {
                json(ex, 200, e.toJson());
            }
        } else if (m.equals("POST") && path.startsWith(DiscoveryHttp.PATH_ENTRY)) {
            post(ex, body);
        } else if (m.equals("DELETE") && path.equals(DiscoveryHttp.PATH_ENTRY_DELETE)) {
            Entry e = checked(ex, body);
            if (e != null) {
                entries.remove(e.staticPk());
                message(ex, 200, DiscoveryHttp.MSG_ENTRY_DELETED);
            }
        } else if (m.equals("GET") && path.equals(DiscoveryHttp.PATH_AVAILABLE_SERVERS)) {
            servers(ex, true);
        } else if (m.equals("GET") && path.equals(DiscoveryHttp.PATH_ALL_SERVERS)) {
            servers(ex, false);
        } else if (m.equals("GET") && (path.equals(DiscoveryHttp.PATH_ENTRIES)
                || path.equals(DiscoveryHttp.PATH_VISOR_ENTRIES))) {
            boolean visors = path.equals(DiscoveryHttp.PATH_VISOR_ENTRIES);
            List<String> keys = new ArrayList<>();
            for (Entry e : entries.values()) {
                if (e.client() != null && (!visors || e.clientType().equals("visor"))) {
                    keys.add("\"" + e.staticPk().hex() + "\"");
                }
            }
            json(ex, 200, "[" + String.join(",", keys) + "]");
        } else if (m.equals("GET") && path.equals(DiscoveryHttp.PATH_HEALTH)) {
            json(ex, 200, "{\"build_info\":{\"version\":\"test\",\"commit\":\"\",\"date\":\"\"},"
                    + "\"started_at\":\"2026-01-01T00:00:00Z\"}");
        } else {
            send(ex, 404, "text/plain", "404 page not found\n"); // chi's NotFound
        }
    }

    /** Go: setEntry (test mode, no load testing). */
    private void post(HttpExchange ex, String body) throws IOException {
        Entry entry = checked(ex, body);
        if (entry == null) {
            return;
        }
        if (entry.server() != null) {
            entry = entry.withServerType(DiscoveryHttp.serverTypeFor(entry.server().serverType(), "", false));
        }
        Entry old = entries.get(entry.staticPk());
        if (old != null) {
            try {
                old.validateIteration(entry);
            } catch (EntryValidationException e) {
                message(ex, 422, e.getMessage());
                return;
            }
        }
        entries.put(entry.staticPk(), entry);
        message(ex, 200, old == null ? DiscoveryHttp.MSG_ENTRY_SET : DiscoveryHttp.MSG_ENTRY_UPDATED);
    }

    /** Decode (500), Validate (422), VerifySignature (401), as Go's handlers. */
    private Entry checked(HttpExchange ex, String body) throws IOException {
        Entry entry;
        try {
            entry = Entry.fromJson(body);
        } catch (IllegalArgumentException e) {
            message(ex, 500, DiscoveryHttp.ERR_UNEXPECTED);
            return null;
        }
        try {
            entry.validate(entry.client() == null);
        } catch (EntryValidationException e) {
            message(ex, 422, e.getMessage());
            return null;
        }
        if (!entry.verifySignature()) {
            message(ex, 401, DiscoveryHttp.ERR_UNAUTHORIZED);
            return null;
        }
        return entry;
    }

    private void servers(HttpExchange ex, boolean available) throws IOException {
        List<Entry> list = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (e.server() != null && (!available || e.server().availableSessions() > 0)) {
                list.add(e);
            }
        }
        if (list.isEmpty()) {
            message(ex, 404, DiscoveryHttp.ERR_NO_AVAILABLE_SERVERS);
            return;
        }
        if (available) {
            list.sort(Comparator.comparingInt((Entry e) -> e.server().availableSessions()).reversed());
        }
        List<String> json = new ArrayList<>();
        list.forEach(e -> json.add(e.toJson()));
        json(ex, 200, "[" + String.join(",", json) + "]");
    }
}
