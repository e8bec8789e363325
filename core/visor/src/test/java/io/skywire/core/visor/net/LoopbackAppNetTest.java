package io.skywire.core.visor.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skywire.sdk.net.AppAddr;
import io.skywire.sdk.net.AppConn;
import io.skywire.sdk.net.AppListener;
import io.skywire.sdk.net.Network;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class LoopbackAppNetTest {
    static final String PK = "0385b4a08246a1d7fa5f22841783eaf3caf3bbd89c5c2e1737eef4b2a7bba42205";
    static final String OTHER = "02748ddd65484df87738ffd550e320409719a298f4a2088037a91e0bf369b7345f";
    static final Duration T = Duration.ofSeconds(2);

    final LoopbackAppNet net = new LoopbackAppNet(PK);

    @Test
    void movesFourMegabytesBothWaysIntact() throws Exception {
        byte[] data = new byte[4 << 20];
        new Random(7).nextBytes(data);
        try (AppListener l = net.listen(Network.SKYNET, 9)) {
            CompletableFuture<byte[]> echoed = CompletableFuture.supplyAsync(() -> {
                try (AppConn c = l.accept(T)) {
                    c.in().transferTo(c.out()); // echo until the dialer half-closes
                    c.closeWrite();
                    return new byte[0];
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            try (AppConn c = net.dial(Network.SKYNET, new AppAddr(PK, 9), T)) {
                assertEquals(9, c.remoteAddr().port());
                assertTrue(c.localAddr().port() >= LoopbackAppNet.FIRST_EPHEMERAL_PORT);
                CompletableFuture<byte[]> back = CompletableFuture.supplyAsync(() -> {
                    try {
                        return c.in().readAllBytes();
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                });
                c.out().write(data);
                c.closeWrite();
                byte[] got = back.get(10, TimeUnit.SECONDS);
                assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(data),
                        MessageDigest.getInstance("SHA-256").digest(got));
            }
            echoed.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void readDeadlineFiresAndCanBeRearmed() throws Exception {
        try (AppListener l = net.listen(Network.DMSG, 80)) {
            AppConn c = net.dial(Network.DMSG, new AppAddr(PK, 80), T);
            AppConn s = l.accept(T);
            c.setReadDeadline(Instant.now().plusMillis(100));
            long t0 = System.nanoTime();
            assertThrows(SocketTimeoutException.class, () -> c.in().read());
            assertTrue(System.nanoTime() - t0 >= 90_000_000L);
            c.setReadDeadline(null);
            s.out().write(42);
            assertEquals(42, c.in().read());
            c.setReadDeadline(Instant.now().minusSeconds(1));
            assertThrows(SocketTimeoutException.class, () -> c.in().read());
            c.close();
            s.close();
        }
    }

    @Test
    void writeDeadlineFiresWhenPeerDoesNotRead() throws Exception {
        try (AppListener l = net.listen(Network.SKYNET, 10)) {
            AppConn c = net.dial(Network.SKYNET, new AppAddr(PK, 10), T);
            l.accept(T);
            c.setWriteDeadline(Instant.now().plusMillis(100));
            byte[] big = new byte[LoopbackConn.PIPE_CAPACITY + 1];
            assertThrows(SocketTimeoutException.class, () -> c.out().write(big));
        }
    }

    @Test
    void halfCloseLetsTheOtherDirectionContinue() throws Exception {
        try (AppListener l = net.listen(Network.SKYNET, 11)) {
            AppConn c = net.dial(Network.SKYNET, new AppAddr(PK, 11), T);
            AppConn s = l.accept(T);
            c.out().write("ping".getBytes());
            c.closeWrite();
            assertEquals("ping", new String(s.in().readAllBytes()));
            s.out().write("pong".getBytes());
            s.close();
            assertEquals("pong", new String(c.in().readAllBytes()));
            assertThrows(IOException.class, () -> c.out().write(1));
        }
    }

    @Test
    void closeByPeerFailsWriter() throws Exception {
        try (AppListener l = net.listen(Network.SKYNET, 12)) {
            AppConn c = net.dial(Network.SKYNET, new AppAddr(PK, 12), T);
            l.accept(T).close();
            IOException e = assertThrows(IOException.class, () -> c.out().write(new byte[10]));
            assertTrue(e.getMessage().contains("closed by peer"), e.getMessage());
            assertEquals(-1, c.in().read());
            assertFalse(c.isOpen());
        }
    }

    @Test
    void clearErrors() throws Exception {
        ConnectException refused = assertThrows(ConnectException.class,
                () -> net.dial(Network.SKYNET, new AppAddr(PK, 99), T));
        assertTrue(refused.getMessage().contains("nothing listens on " + PK + ":99"), refused.getMessage());
        ConnectException remote = assertThrows(ConnectException.class,
                () -> net.dial(Network.SKYNET, new AppAddr(OTHER, 1), T));
        assertTrue(remote.getMessage().contains("no route to " + OTHER), remote.getMessage());
        try (AppListener l = net.listen(Network.SKYNET, 13)) {
            assertTrue(assertThrows(BindException.class, () -> net.listen(Network.SKYNET, 13))
                    .getMessage().contains("already in use"));
            net.listen(Network.DMSG, 13).close(); // another network, another port space
            assertThrows(SocketTimeoutException.class, () -> l.accept(Duration.ofMillis(50)));
        }
        assertThrows(IllegalArgumentException.class, () -> net.listen(Network.SKYNET, 0));
    }

    @Test
    void closingListenerWakesAcceptAndFreesPort() throws Exception {
        AppListener l = net.listen(Network.SKYNET, 14);
        CompletableFuture<Throwable> blocked = CompletableFuture.supplyAsync(() -> {
            try {
                l.accept();
                return null;
            } catch (IOException e) {
                return e;
            }
        });
        Thread.sleep(50);
        l.close();
        assertTrue(blocked.get(2, TimeUnit.SECONDS) instanceof ClosedChannelException);
        net.listen(Network.SKYNET, 14).close();
    }

    @Test
    void scopedNetClosesWhatTheAppOpened() throws Exception {
        ScopedAppNet scoped = new ScopedAppNet(net);
        AppListener l = scoped.listen(Network.SKYNET, 15);
        AppConn c = scoped.dial(Network.SKYNET, new AppAddr(PK, 15), T);
        assertEquals(2, scoped.openCount());
        scoped.close();
        assertFalse(c.isOpen());
        assertThrows(ClosedChannelException.class, () -> l.accept(T));
        assertThrows(IOException.class, () -> scoped.listen(Network.SKYNET, 16));
        net.listen(Network.SKYNET, 15).close(); // the port was released
    }
}
