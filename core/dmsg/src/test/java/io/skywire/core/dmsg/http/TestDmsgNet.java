package io.skywire.core.dmsg.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.skywire.core.crypto.KeyPair;
import io.skywire.core.dmsg.client.DmsgNetwork;
import io.skywire.core.dmsg.disc.DiscoveryClient;
import io.skywire.core.dmsg.session.DmsgServer;
import io.skywire.core.dmsg.testing.TinyDiscovery;

/**
 * A dmsg deployment in this JVM: a {@link TinyDiscovery} on 127.0.0.1, one real {@link DmsgServer} registered in it,
 * and {@link DmsgNetwork} clients.
 */
final class TestDmsgNet implements AutoCloseable {
    private final TinyDiscovery disc = new TinyDiscovery();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    final DiscoveryClient discovery;
    final DmsgServer server;

    TestDmsgNet() throws IOException, InterruptedException {
        discovery = new DiscoveryClient(url(), Duration.ofSeconds(5));
        server = new DmsgServer(KeyPair.generate(), new InetSocketAddress("127.0.0.1", 0),
                DmsgServer.Config.defaults(), discovery, null).start();
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!disc.entries.containsKey(server.publicKey())) {
            if (System.nanoTime() > until) {
                throw new IOException("the dmsg server did not register in time");
            }
            Thread.sleep(20);
        }
    }

    String url() {
        return disc.url();
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
        disc.close();
    }
}
