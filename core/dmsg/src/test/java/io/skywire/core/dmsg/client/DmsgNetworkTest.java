package io.skywire.core.dmsg.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.skywire.core.crypto.KeyPair;
import io.skywire.core.crypto.PubKey;
import io.skywire.core.dmsg.disc.DiscoveryClient;
import io.skywire.core.dmsg.disc.Entry;
import io.skywire.core.dmsg.session.DmsgException;
import io.skywire.core.dmsg.session.DmsgServer;
import io.skywire.core.dmsg.session.DmsgStream;
import io.skywire.core.dmsg.testing.TinyDiscovery;

/** Two DmsgServers registered in a {@link TinyDiscovery}, clients as {@link DmsgNetwork}s. */
class DmsgNetworkTest {
    private static final Duration DIAL = Duration.ofSeconds(10);
    private static final int PORT = 7;

    private TinyDiscovery disc;
    private DiscoveryClient dc;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    @BeforeEach
    void setUp() throws IOException {
        disc = new TinyDiscovery();
        dc = new DiscoveryClient(disc.url(), Duration.ofSeconds(5));
    }

    @AfterEach
    void tearDown() {
        threads.shutdownNow();
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception ignored) {
                // best effort
            }
        }
        dc.close();
        disc.close();
    }

    private DmsgServer server() throws Exception {
        DmsgServer s = new DmsgServer(KeyPair.generate(), new InetSocketAddress("127.0.0.1", 0),
                DmsgServer.Config.defaults(), dc, null).start();
        closeables.add(s);
        waitFor("server entry posted", Duration.ofSeconds(5), () -> disc.entries.containsKey(s.publicKey()));
        return s;
    }

    private DmsgNetwork network(int sessions) {
        DmsgNetwork n = new DmsgNetwork(KeyPair.generate(), dc, DmsgNetwork.Config.defaults()
                .withSessionCount(sessions));
        closeables.add(n);
        return n;
    }

    private static void waitFor(String what, Duration timeout, BooleanSupplier cond) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > until) {
                fail("timed out waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }

    private static byte[] random(int n, long seed) {
        byte[] d = new byte[n];
        new SplittableRandom(seed).nextBytes(d);
        return d;
    }

    private static byte[] sha256(byte[] d) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(d);
    }

    /** Serves one stream on {@code l}: reads to EOF, answers the SHA-256 of what it read. */
    private Future<?> digestServer(DmsgNetworkListener l) {
        return threads.submit(() -> {
            try (DmsgStream s = l.accept(DIAL)) {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                InputStream in = s.inputStream();
                byte[] buf = new byte[16384];
                int n;
                while ((n = in.read(buf)) >= 0) {
                    md.update(buf, 0, n);
                }
                s.outputStream().write(md.digest());
                s.closeWrite();
                s.inputStream().read(); // wait for the dialer to close
            }
            return null;
        });
    }

    /** Dials {@code to}, sends {@code data}, checks the SHA-256 echoed by {@link #digestServer}. */
    private void sendAndCheck(DmsgNetwork from, PubKey to, byte[] data) throws Exception {
        try (DmsgStream s = from.dial(to, PORT, DIAL)) {
            s.outputStream().write(data);
            s.closeWrite();
            byte[] got = s.inputStream().readNBytes(32);
            assertArrayEquals(sha256(data), got, "SHA-256 of the data as received");
        }
    }

    private static List<PubKey> delegated(Entry e) {
        return e.client().delegatedServers();
    }

    @Test
    @Timeout(20)
    void clientsOnDifferentServersDialEachOther() throws Exception {
        DmsgServer s1 = server();
        DmsgServer s2 = server();
        // steer: A sees only S1, B sees only S2
        disc.hidden.add(s2.publicKey());
        DmsgNetwork a = network(1).start();
        assertTrue(a.awaitReady(Duration.ofSeconds(5)));
        assertEquals(List.of(s1.publicKey()), a.servers());
        disc.hidden.clear();
        disc.hidden.add(s1.publicKey());
        DmsgNetwork b = network(1);
        // listening before any session exists: the listener is fed by sessions established later
        DmsgNetworkListener l = b.listen(PORT);
        assertThrows(DmsgException.class, () -> b.listen(PORT));
        b.start();
        assertTrue(b.awaitReady(Duration.ofSeconds(5)));
        assertEquals(List.of(s2.publicKey()), b.servers());
        waitFor("listener attached", Duration.ofSeconds(2), () -> l.sessionCount() == 1);
        assertEquals(List.of(s2.publicKey()), delegated(disc.entries.get(b.publicKey())));

        Future<?> served = digestServer(l);
        sendAndCheck(a, b.publicKey(), random(1 << 20, 1));
        served.get(10, TimeUnit.SECONDS);

        // A connected to B's server for the dial; it keeps that session and advertises it (Go does too)
        assertEquals(Set.of(s1.publicKey(), s2.publicKey()), Set.copyOf(a.servers()));
        waitFor("A re-posted with both servers", Duration.ofSeconds(5),
                () -> Set.copyOf(delegated(disc.entries.get(a.publicKey())))
                        .equals(Set.of(s1.publicKey(), s2.publicKey())));
        // every post of a client increased its sequence
        for (DmsgNetwork n : List.of(a, b)) {
            AtomicLong last = new AtomicLong(-1);
            disc.posts.stream().filter(e -> e.staticPk().equals(n.publicKey())).forEach(e -> {
                assertTrue(e.sequence() > last.get(), "sequence increases");
                last.set(e.sequence());
            });
            assertTrue(last.get() >= 0);
        }

        // B dials back to A? A has no listener: a clean error from A (no listener), not a hang
        DmsgException e = assertThrows(DmsgException.class, () -> b.dial(a.publicKey(), 99, DIAL));
        assertNotNull(e.getMessage());
    }

    @Test
    @Timeout(15)
    void dialErrorsAreClear() throws Exception {
        DmsgServer s1 = server();
        DmsgNetwork a = network(2).start();
        assertTrue(a.awaitReady(Duration.ofSeconds(5)));
        assertEquals(List.of(s1.publicKey()), a.servers());

        // unknown key: not in discovery
        DmsgException unknown = assertThrows(DmsgException.class,
                () -> a.dial(KeyPair.generate().pk(), PORT, DIAL));
        assertEquals(100, unknown.code(), unknown.getMessage());

        // a client whose only server is not in discovery, and one whose server refuses connections
        KeyPair lonely = KeyPair.generate();
        KeyPair ghostServer = KeyPair.generate();
        dc.postEntry(Entry.client(lonely.pk(), 0, Entry.nowNanos(), List.of(ghostServer.pk())).sign(lonely.sk()));
        DmsgException none = assertThrows(DmsgException.class, () -> a.dial(lonely.pk(), PORT, DIAL));
        assertEquals(202, none.code(), none.getMessage());

        int deadPort;
        try (ServerSocket ss = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            deadPort = ss.getLocalPort();
        }
        KeyPair deadServer = KeyPair.generate();
        dc.postEntry(Entry.server(deadServer.pk(), 0, Entry.nowNanos(), "127.0.0.1:" + deadPort, 10)
                .sign(deadServer.sk()));
        KeyPair behindDead = KeyPair.generate();
        dc.postEntry(Entry.client(behindDead.pk(), 0, Entry.nowNanos(), List.of(deadServer.pk()))
                .sign(behindDead.sk()));
        DmsgException unreachable = assertThrows(DmsgException.class, () -> a.dial(behindDead.pk(), PORT, DIAL));
        assertEquals(202, unreachable.code(), unreachable.getMessage());

        // no delegated servers
        KeyPair offline = KeyPair.generate();
        dc.postEntry(Entry.client(offline.pk(), 0, Entry.nowNanos(), List.of()).sign(offline.sk()));
        assertEquals(103, assertThrows(DmsgException.class, () -> a.dial(offline.pk(), PORT, DIAL)).code());

        // the dead server is listed as available; maintenance must skip it and keep the live session
        Thread.sleep(600);
        assertEquals(List.of(s1.publicKey()), a.servers());
    }

    @Test
    @Timeout(25)
    void serverKilledMidTransferIsReplacedWithinFiveSeconds() throws Exception {
        DmsgServer s1 = server();
        DmsgServer s2 = server();
        disc.hidden.add(s2.publicKey());
        DmsgNetwork a = network(1).start();
        DmsgNetwork b = network(1).start();
        DmsgNetworkListener l = b.listen(PORT);
        assertTrue(a.awaitReady(Duration.ofSeconds(5)));
        assertTrue(b.awaitReady(Duration.ofSeconds(5)));
        assertEquals(List.of(s1.publicKey()), a.servers());
        assertEquals(List.of(s1.publicKey()), b.servers());
        disc.hidden.clear(); // S2 is available from now on; S1 stays listed even after it dies (no deregistration)
        long aSeq = disc.entries.get(a.publicKey()).sequence();
        long bSeq = disc.entries.get(b.publicKey()).sequence();

        // a long transfer A -> B through S1
        AtomicLong received = new AtomicLong();
        Future<?> reader = threads.submit(() -> {
            try (DmsgStream s = l.accept(DIAL)) {
                byte[] buf = new byte[16384];
                int n;
                while ((n = s.inputStream().read(buf)) >= 0) {
                    received.addAndGet(n);
                }
            }
            return null;
        });
        DmsgStream out = a.dial(b.publicKey(), PORT, DIAL);
        Future<?> writer = threads.submit(() -> {
            byte[] chunk = random(32768, 2);
            while (true) {
                out.outputStream().write(chunk);
            }
        });
        waitFor("data flowing", Duration.ofSeconds(5), () -> received.get() > 1 << 20);

        long killed = System.nanoTime();
        s1.close();

        // the in-flight stream fails cleanly: the writer gets an IOException, the reader ends (EOF or error)
        ExecutionException we = assertThrows(ExecutionException.class, () -> writer.get(5, TimeUnit.SECONDS));
        assertTrue(we.getCause() instanceof IOException, "writer failed with " + we.getCause());
        try {
            reader.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException re) {
            assertTrue(re.getCause() instanceof IOException, "reader failed with " + re.getCause());
        }
        out.close();

        // both clients move to S2 and re-post their entries within 5 s of the kill
        waitFor("sessions and entries moved to S2", Duration.ofSeconds(5), () -> {
            Entry ea = disc.entries.get(a.publicKey());
            Entry eb = disc.entries.get(b.publicKey());
            return a.servers().equals(List.of(s2.publicKey())) && b.servers().equals(List.of(s2.publicKey()))
                    && delegated(ea).equals(List.of(s2.publicKey())) && delegated(eb).equals(List.of(s2.publicKey()))
                    && ea.sequence() > aSeq && eb.sequence() > bSeq;
        });
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
        assertTrue(took < 5000, "recovered in " + took + " ms");
        waitFor("listener fed by the new session", Duration.ofSeconds(2), () -> l.sessionCount() == 1);

        // a new dial succeeds through S2
        Future<?> served = digestServer(l);
        sendAndCheck(a, b.publicKey(), random(300_000, 3));
        served.get(10, TimeUnit.SECONDS);
    }

    @Test
    @Timeout(10)
    void closeClosesSessionsAndListeners() throws Exception {
        DmsgServer s1 = server();
        DmsgNetwork a = network(2).start();
        assertTrue(a.awaitReady(Duration.ofSeconds(5)));
        DmsgNetworkListener l = a.listen(PORT);
        waitFor("session count", Duration.ofSeconds(5), () -> s1.sessionCount() == 1);
        a.close();
        assertTrue(a.servers().isEmpty());
        assertEquals(200, assertThrows(DmsgException.class, () -> l.accept(Duration.ofSeconds(1))).code());
        assertEquals(200, assertThrows(DmsgException.class, () -> a.dial(s1.publicKey(), 1, DIAL)).code());
        waitFor("server saw the session close", Duration.ofSeconds(5), () -> s1.sessionCount() == 0);
        // the entry is deleted from discovery, as Go's client does
        assertNull(disc.entries.get(a.publicKey()));
        // and so is a closed server's
        assertNotNull(disc.entries.get(s1.publicKey()));
        s1.close();
        assertNull(disc.entries.get(s1.publicKey()));
    }

    @Test
    @Timeout(20)
    void serversTypeLimitsWhichServersAreUsed() throws Exception {
        KeyPair official = KeyPair.generate();
        KeyPair community = KeyPair.generate();
        disc.serverTypes.put(official.pk(), "official");
        disc.serverTypes.put(community.pk(), "community");
        for (KeyPair k : new KeyPair[] {official, community}) {
            DmsgServer s = new DmsgServer(k, new InetSocketAddress("127.0.0.1", 0), DmsgServer.Config.defaults(), dc,
                    null).start();
            closeables.add(s);
        }
        waitFor("both server entries", Duration.ofSeconds(5),
                () -> disc.entries.containsKey(official.pk()) && disc.entries.containsKey(community.pk()));
        DmsgNetwork n = new DmsgNetwork(KeyPair.generate(), dc, DmsgNetwork.Config.defaults().withSessionCount(2)
                .withServersType("community").withRetryBackoff(Duration.ofMillis(200)));
        closeables.add(n);
        n.start();
        assertTrue(n.awaitReady(Duration.ofSeconds(5)));
        Thread.sleep(600); // a few maintenance rounds: it stays short of 2 rather than take the official server
        assertEquals(List.of(community.pk()), n.servers());
        assertEquals("all", DmsgNetwork.Config.defaults().serversType());
        assertThrows(IllegalArgumentException.class, () -> DmsgNetwork.Config.defaults().withServersType("vip"));
    }

    @Test
    void parsesServerAddresses() throws Exception {
        assertEquals(new InetSocketAddress("127.0.0.1", 8081), DmsgNetwork.parseAddress("127.0.0.1:8081"));
        assertEquals(8081, DmsgNetwork.parseAddress("[::1]:8081").getPort());
        assertEquals(202, assertThrows(DmsgException.class, () -> DmsgNetwork.parseAddress("host")).code());
        assertEquals(202, assertThrows(DmsgException.class, () -> DmsgNetwork.parseAddress("host:0")).code());
    }
}
