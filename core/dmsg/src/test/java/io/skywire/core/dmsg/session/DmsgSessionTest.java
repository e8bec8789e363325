package io.skywire.core.dmsg.session;

import io.skywire.core.crypto.KeyPair;
import io.skywire.core.crypto.PubKey;
import io.skywire.core.crypto.noise.NoiseHandshake;
import io.skywire.core.dmsg.wire.Addr;
import io.skywire.core.dmsg.wire.SignedObject;
import io.skywire.core.dmsg.wire.StreamRequest;
import io.skywire.core.dmsg.wire.StreamResponse;
import io.skywire.core.dmsg.yamux.YamuxStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** One DmsgServer and two DmsgClients (A, B) on loopback. */
class DmsgSessionTest {
    private static final Duration DIAL = Duration.ofSeconds(10);
    private static KeyPair serverKeys;
    private static KeyPair aKeys;
    private static DmsgServer server;
    private static DmsgClient a;
    private static DmsgClient b;
    private static final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    @BeforeAll
    static void setUp() throws Exception {
        serverKeys = KeyPair.generate();
        server = new DmsgServer(serverKeys, new InetSocketAddress("127.0.0.1", 0),
                DmsgServer.Config.defaults().withHandshakeTimeout(Duration.ofSeconds(1))).start();
        aKeys = KeyPair.generate();
        a = DmsgClient.connect(aKeys, server.address(), serverKeys.pk());
        b = DmsgClient.connect(KeyPair.generate(), server.address(), serverKeys.pk());
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.sessionCount() < 2 && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertEquals(2, server.sessionCount());
    }

    @AfterAll
    static void tearDown() {
        threads.shutdownNow();
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        if (server != null) {
            server.close();
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

    /** Writes {@code data} in odd-sized chunks, half-closes, and returns SHA-256 of everything read until EOF. */
    private static Future<byte[]> exchange(DmsgStream s, byte[] data) {
        Future<?> writer = threads.submit(() -> {
            OutputStream out = s.outputStream();
            int chunk = 7919;
            for (int off = 0; off < data.length; off += chunk) {
                out.write(data, off, Math.min(chunk, data.length - off));
            }
            s.closeWrite();
            return null;
        });
        return threads.submit(() -> {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            InputStream in = s.inputStream();
            byte[] buf = new byte[20000];
            int n;
            while ((n = in.read(buf)) >= 0) {
                md.update(buf, 0, n);
            }
            writer.get(20, TimeUnit.SECONDS);
            return md.digest();
        });
    }

    private static void assertWorks(int port, int size) throws Exception {
        try (DmsgListener l = b.listen(port)) {
            Future<DmsgStream> accepted = threads.submit(() -> l.accept(DIAL));
            try (DmsgStream da = a.dial(b.publicKey(), port, DIAL); DmsgStream db = accepted.get(10, TimeUnit.SECONDS)) {
                assertEquals(new Addr(b.publicKey(), port), da.remoteAddr());
                assertEquals(a.publicKey(), db.remoteAddr().pk());
                assertEquals(da.localAddr().port(), db.remoteAddr().port());
                byte[] x = random(size, 1), y = random(size, 2);
                Future<byte[]> gotAtB = exchange(db, y);
                Future<byte[]> gotAtA = exchange(da, x);
                assertArrayEquals(sha256(x), gotAtB.get(20, TimeUnit.SECONDS));
                assertArrayEquals(sha256(y), gotAtA.get(20, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    @Timeout(30)
    void eightMebibytesEachWay() throws Exception {
        assertWorks(80, 8 << 20);
    }

    @Test
    @Timeout(20)
    void dialUnknownKeyFailsWith307() {
        DmsgException e = assertThrows(DmsgException.class,
                () -> a.dial(KeyPair.generate().pk(), 80, DIAL));
        assertEquals(307, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains("dmsg error 307"), e.getMessage());
    }

    @Test
    @Timeout(20)
    void dialPortWithoutListenerFailsWith306() throws Exception {
        long t0 = System.nanoTime();
        DmsgException e = assertThrows(DmsgException.class, () -> a.dial(b.publicKey(), 81, DIAL));
        assertEquals(306, e.code(), e.getMessage());
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "should fail fast");
        assertWorks(82, 1000);
    }

    @Test
    @Timeout(20)
    void listenTwiceOnOnePortFailsWith400() throws Exception {
        try (DmsgListener l = b.listen(90)) {
            assertEquals(400, assertThrows(DmsgException.class, () -> b.listen(90)).code());
        }
        b.listen(90).close();
    }

    /** Sends a hand-made signed request on {@code c}'s session and returns the server's answer. */
    private static SignedObject<StreamResponse> rawRequest(DmsgClient c, byte[] reqRaw) throws Exception {
        YamuxStream ys = c.yamuxSession().openStream().get(5, TimeUnit.SECONDS);
        try {
            ys.setDeadline(java.time.Instant.now().plusSeconds(5));
            SessionObjects.write(ys, c.sessionKeys(), reqRaw);
            return SignedObject.parseResponse(SessionObjects.read(ys, c.sessionKeys()));
        } finally {
            ys.close(); // not reset(): a RST crossing the server's FIN trips the yamux FIN-in-RESET check
        }
    }

    @Test
    @Timeout(20)
    void forgedRequestsAreRejectedAndServerKeepsServing() throws Exception {
        KeyPair other = KeyPair.generate();
        byte[] kk1 = NoiseHandshake.kkInitiator(other, b.publicKey()).writeMessage();
        // src = A's key, signed by another key: bad signature (300)
        byte[] forged = SignedObject.sign(other.sk(), new StreamRequest(System.currentTimeMillis() * 1_000_000L,
                new Addr(a.publicKey(), 49999), new Addr(b.publicKey(), 80), false, kk1));
        SignedObject<StreamResponse> r = rawRequest(a, forged);
        assertFalse(r.object().accepted());
        assertEquals(300, r.object().errCode());
        assertTrue(r.isSignedBy(serverKeys.pk()));
        assertArrayEquals(SignedObject.hash(forged), r.object().reqHash());
        // validly signed by another key, but sent on A's session: wrong source (302)
        byte[] impostor = SignedObject.sign(other.sk(), new StreamRequest(System.currentTimeMillis() * 1_000_000L,
                new Addr(other.pk(), 49999), new Addr(b.publicKey(), 80), false, kk1));
        assertEquals(302, rawRequest(a, impostor).object().errCode());
        // garbage object: the stream is dropped
        YamuxStream ys = a.yamuxSession().openStream().get(5, TimeUnit.SECONDS);
        ys.setDeadline(java.time.Instant.now().plusSeconds(5));
        SessionObjects.write(ys, a.sessionKeys(), new byte[100]);
        assertThrows(IOException.class, () -> SessionObjects.read(ys, a.sessionKeys()));
        assertEquals(2, server.sessionCount());
        assertWorks(83, 10_000);
    }

    @Test
    @Timeout(20)
    void replayedAndStaleRequestsAreRejectedWith301() throws Exception {
        long now = System.currentTimeMillis() * 1_000_000L;
        byte[] req = SignedObject.sign(aKeys.sk(), new StreamRequest(now + 5_000_000_000L,
                new Addr(aKeys.pk(), 49997), new Addr(serverKeys.pk(), 1), true, null));
        assertTrue(rawRequest(a, req).object().accepted());
        SignedObject<StreamResponse> replay = rawRequest(a, req);
        assertFalse(replay.object().accepted());
        assertEquals(301, replay.object().errCode());
        // older than the newest by more than the window
        byte[] stale = SignedObject.sign(aKeys.sk(), new StreamRequest(now + 5_000_000_000L
                - DmsgServer.REPLAY_WINDOW.toNanos() - 1_000_000_000L,
                new Addr(aKeys.pk(), 49996), new Addr(serverKeys.pk(), 1), true, null));
        assertEquals(301, rawRequest(a, stale).object().errCode());
        // earlier than the newest but inside the window (concurrent Go dials arrive out of order): accepted
        byte[] reordered = SignedObject.sign(aKeys.sk(), new StreamRequest(now,
                new Addr(aKeys.pk(), 49995), new Addr(serverKeys.pk(), 1), true, null));
        assertTrue(rawRequest(a, reordered).object().accepted());
        assertEquals(2, server.sessionCount());
        assertWorks(85, 10_000);
    }

    @Test
    @Timeout(20)
    void ipInfoRequestToServerReturnsOurIp() throws Exception {
        byte[] req = SignedObject.sign(aKeys.sk(), new StreamRequest(System.currentTimeMillis() * 1_000_000L,
                new Addr(aKeys.pk(), 49998), new Addr(serverKeys.pk(), 1), true, null));
        SignedObject<StreamResponse> r = rawRequest(a, req);
        assertTrue(r.object().accepted());
        assertTrue(r.isSignedBy(serverKeys.pk()));
        assertArrayEquals(new byte[] {127, 0, 0, 1}, r.object().ip());
    }

    @Test
    @Timeout(20)
    void garbageAndTruncatedHandshakesAreDropped() throws Exception {
        InetSocketAddress addr = server.address();
        List<byte[]> inputs = new ArrayList<>();
        byte[] garbage = random(51, 3);
        garbage[0] = 0;
        garbage[1] = 49;
        inputs.add(garbage);                                   // well-framed msg1 of random bytes
        inputs.add(new byte[] {(byte) 0xff, (byte) 0xff, 1, 2}); // absurd length
        inputs.add(Arrays.copyOf(LengthPrefix49(), 20));        // truncated, then silence (handshake deadline)
        inputs.add(new byte[0]);                               // nothing at all
        for (byte[] in : inputs) {
            try (Socket s = new Socket()) {
                s.connect(addr, 2000);
                s.setSoTimeout(4000);
                s.getOutputStream().write(in);
                s.getOutputStream().flush();
                int n;
                try {
                    n = s.getInputStream().read();
                } catch (java.net.SocketException reset) {
                    n = -1;
                }
                assertEquals(-1, n, "server should close the connection");
            }
        }
        // a truncated handshake followed by an abrupt close
        try (Socket s = new Socket()) {
            s.connect(addr, 2000);
            s.getOutputStream().write(new byte[] {0, 49, 1, 2, 3});
        }
        assertEquals(2, server.sessionCount());
        assertWorks(84, 10_000);
    }

    private static byte[] LengthPrefix49() {
        byte[] b = new byte[51];
        b[1] = 49;
        return b;
    }

    @Test
    @Timeout(30)
    void fiftyConcurrentStreams() throws Exception {
        int n = 50, size = 200_000;
        try (DmsgListener l = b.listen(85)) {
            Future<?> acceptor = threads.submit(() -> {
                List<Future<?>> echoes = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    DmsgStream s = l.accept(DIAL);
                    // echo everything back, then half-close
                    echoes.add(threads.submit(() -> {
                        try (s) {
                            s.inputStream().transferTo(s.outputStream());
                            s.closeWrite();
                        }
                        return null;
                    }));
                }
                for (Future<?> f : echoes) {
                    f.get(25, TimeUnit.SECONDS);
                }
                return null;
            });
            List<Future<Void>> dials = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int seed = 100 + i;
                dials.add(threads.submit(() -> {
                    byte[] data = random(size, seed);
                    try (DmsgStream s = a.dial(b.publicKey(), 85, DIAL)) {
                        assertArrayEquals(sha256(data), exchange(s, data).get(25, TimeUnit.SECONDS));
                    }
                    return null;
                }));
            }
            for (Future<Void> f : dials) {
                f.get(25, TimeUnit.SECONDS);
            }
            acceptor.get(25, TimeUnit.SECONDS);
        }
    }
}
