package io.skywire.core.dmsg.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.skywire.core.crypto.KeyPair;
import io.skywire.core.crypto.PubKey;
import io.skywire.core.dmsg.client.DmsgNetwork;
import io.skywire.core.dmsg.disc.DiscoveryClient;
import io.skywire.core.dmsg.disc.DiscoveryHttp;
import io.skywire.core.dmsg.disc.Entry;
import io.skywire.core.dmsg.session.DmsgServer;

/**
 * A dmsg deployment in this JVM: an in-memory discovery (entry GET/POST with signature and sequence checks,
 * available_servers) on 127.0.0.1, one real {@link DmsgServer} registered in it, and {@link DmsgNetwork} clients.
 */
final class TestDmsgNet implements AutoCloseable {
    private final Map<PubKey, Entry> entries = new ConcurrentHashMap<>();
    private final HttpServer http;
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    final DiscoveryClient discovery;
    final DmsgServer server;

    TestDmsgNet() throws IOException, InterruptedException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", this::handle);
        http.setExecutor(pool);
        http.start();
        discovery = new DiscoveryClient(url(), Duration.ofSeconds(5));
        server = new DmsgServer(KeyPair.generate(), new InetSocketAddress("127.0.0.1", 0),
                DmsgServer.Config.defaults(), discovery, null).start();
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!entries.containsKey(server.publicKey())) {
            if (System.nanoTime() > until) {
                throw new IOException("the dmsg server did not register in time");
            }
            Thread.sleep(20);
        }
    }

    String url() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    /** A started client network with one session, ready (entry posted). */
    DmsgNetwork network() throws IOException, InterruptedException {
        DmsgNetwork n = new DmsgNetwork(KeyPair.generate(), discovery, DmsgNetwork.Config.defaults()
                .withSessionCount(1));
        closeables.add(n);
        n.start();
        if (!n.awaitReady(Duration.ofSeconds(10))) {
            throw new IOException("dmsg network not ready: " + n.lastError());
        }
        return n;
    }

    @Override
    public void close() {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception ignored) {
                // best effort
            }
        }
        server.close();
        discovery.close();
        http.stop(0);
        pool.shutdownNow();
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            if (method.equals("GET") && path.startsWith(DiscoveryHttp.PATH_ENTRY)) {
                Entry e;
                try {
                    e = entries.get(PubKey.fromHex(path.substring(DiscoveryHttp.PATH_ENTRY.length())));
                } catch (RuntimeException bad) {
                    send(ex, 400, new DiscoveryHttp.HttpMessage(DiscoveryHttp.ERR_BAD_INPUT, 400).toJson());
                    return;
                }
                if (e == null) {
                    send(ex, 404, new DiscoveryHttp.HttpMessage(DiscoveryHttp.ERR_KEY_NOT_FOUND, 404).toJson());
                } else {
                    send(ex, 200, e.toJson());
                }
            } else if (method.equals("POST") && path.equals(DiscoveryHttp.PATH_ENTRY)) {
                Entry e = Entry.fromJson(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                if (!e.verifySignature()) {
                    send(ex, 401, new DiscoveryHttp.HttpMessage(DiscoveryHttp.ERR_UNAUTHORIZED, 401).toJson());
                    return;
                }
                synchronized (this) {
                    Entry old = entries.get(e.staticPk());
                    if (old != null) {
                        try {
                            old.validateIteration(e);
                        } catch (Exception v) {
                            send(ex, 422, new DiscoveryHttp.HttpMessage(v.getMessage(), 422).toJson());
                            return;
                        }
                    }
                    entries.put(e.staticPk(), e);
                }
                send(ex, 200, new DiscoveryHttp.HttpMessage(DiscoveryHttp.MSG_ENTRY_SET, 200).toJson());
            } else if (method.equals("GET") && path.equals(DiscoveryHttp.PATH_AVAILABLE_SERVERS)) {
                List<Entry> servers = entries.values().stream().filter(e -> e.server() != null).toList();
                if (servers.isEmpty()) {
                    send(ex, 404, new DiscoveryHttp.HttpMessage(DiscoveryHttp.ERR_NO_AVAILABLE_SERVERS, 404)
                            .toJson());
                } else {
                    send(ex, 200, servers.stream().map(Entry::toJson).collect(Collectors.joining(",", "[", "]")));
                }
            } else {
                send(ex, 404, "{\"message\":\"not found\",\"code\":404}");
            }
        }
    }
}
