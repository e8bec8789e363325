package io.skywire.core.dmsg.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.skywire.core.crypto.PubKey;
import io.skywire.core.dmsg.disc.DiscoveryHttp;
import io.skywire.core.dmsg.disc.Entry;
import io.skywire.core.dmsg.disc.EntryValidationException;

/**
 * The discovery endpoints a {@code DmsgNetwork} and a {@code DmsgServer} use, in memory on 127.0.0.1: GET
 * entry/{pk}, POST entry/ (signature and increasing sequence checked), DELETE entry (signature checked), GET
 * available_servers. {@link #hidden} keeps servers out of available_servers (to steer which servers clients pick). Shared by the dmsg tests and, through the test jar,
 * by other modules' tests.
 */
public final class TinyDiscovery implements AutoCloseable {
    public final Map<PubKey, Entry> entries = new ConcurrentHashMap<>();
    /** Every accepted post, in order. */
    public final List<Entry> posts = new CopyOnWriteArrayList<>();
    public final Set<PubKey> hidden = ConcurrentHashMap.newKeySet();
    /** serverType stamped on posted server entries, as Go's discovery does (key absent: kept as posted). */
    public final Map<PubKey, String> serverTypes = new ConcurrentHashMap<>();
    private final HttpServer server;
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();

    public TinyDiscovery() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(pool);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    private static void message(HttpExchange ex, int status, String msg) throws IOException {
        send(ex, status, new DiscoveryHttp.HttpMessage(msg, status).toJson());
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            if ("GET".equals(method) && path.startsWith(DiscoveryHttp.PATH_ENTRY)) {
                PubKey pk;
                try {
                    pk = PubKey.fromHex(path.substring(DiscoveryHttp.PATH_ENTRY.length()));
                } catch (RuntimeException e) {
                    message(ex, 400, DiscoveryHttp.ERR_BAD_INPUT);
                    return;
                }
                Entry e = entries.get(pk);
                if (e == null) {
                    message(ex, 404, DiscoveryHttp.ERR_KEY_NOT_FOUND);
                } else {
                    send(ex, 200, e.toJson());
                }
            } else if ("POST".equals(method) && path.equals(DiscoveryHttp.PATH_ENTRY)) {
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Entry e;
                try {
                    e = Entry.fromJson(body);
                } catch (IllegalArgumentException iae) {
                    message(ex, 500, DiscoveryHttp.ERR_UNEXPECTED);
                    return;
                }
                if (!e.verifySignature()) {
                    message(ex, 401, DiscoveryHttp.ERR_UNAUTHORIZED);
                    return;
                }
                synchronized (this) {
                    Entry old = entries.get(e.staticPk());
                    if (old != null) {
                        try {
                            old.validateIteration(e);
                        } catch (EntryValidationException v) {
                            message(ex, 422, v.getMessage());
                            return;
                        }
                    }
                    String type = serverTypes.get(e.staticPk());
                    if (type != null && e.server() != null) {
                        e = e.withServerType(type);
                    }
                    entries.put(e.staticPk(), e);
                    posts.add(e);
                    message(ex, 200, old == null ? DiscoveryHttp.MSG_ENTRY_SET : DiscoveryHttp.MSG_ENTRY_UPDATED);
                }
            } else if ("DELETE".equals(method) && path.equals(DiscoveryHttp.PATH_ENTRY_DELETE)) {
                Entry e;
                try {
                    e = Entry.fromJson(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException iae) {
                    message(ex, 500, DiscoveryHttp.ERR_UNEXPECTED);
                    return;
                }
                if (!e.verifySignature()) {
                    message(ex, 401, DiscoveryHttp.ERR_UNAUTHORIZED);
                    return;
                }
                entries.remove(e.staticPk());
                message(ex, 200, "deleted entry");
            } else if ("GET".equals(method) && path.equals(DiscoveryHttp.PATH_AVAILABLE_SERVERS)) {
                List<Entry> servers = entries.values().stream()
                        .filter(e -> e.server() != null && !hidden.contains(e.staticPk())).toList();
                if (servers.isEmpty()) {
                    message(ex, 404, DiscoveryHttp.ERR_NO_AVAILABLE_SERVERS);
                } else {
                    send(ex, 200, servers.stream().map(Entry::toJson).collect(Collectors.joining(",", "[", "]")));
                }
            } else {
                message(ex, 404, "not found");
            }
        }
    }
}
