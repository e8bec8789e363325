package io.skywire.core.dmsg.yamux;

import io.netty.channel.EventLoopGroup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

/** Two YamuxSessions talking over a real loopback TCP connection. */
@Timeout(30)
class YamuxLoopbackTest {
    private static EventLoopGroup group;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private YamuxTestSupport.Pair pair;

    @BeforeAll
    static void startGroup() {
        group = YamuxTestSupport.newGroup();
    }

    @AfterAll
    static void stopGroup() throws Exception {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (pair != null) {
            pair.close();
        }
        threads.shutdownNow();
    }

    private YamuxTestSupport.Pair connect(YamuxConfig cfg) throws Exception {
        pair = YamuxTestSupport.connect(group, cfg, cfg);
        return pair;
    }

    private <T> Future<T> async(Callable<T> c) {
        return threads.submit(c);
    }

    private static YamuxStream open(YamuxSession s) throws Exception {
        return s.openStream().get(5, TimeUnit.SECONDS);
    }

    private static byte[] readFully(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        assertEquals(n, b.length, "short read");
        return b;
    }

    @Test
    void bothSidesOpenAndAcceptWithOddAndEvenIds() throws Exception {
        var p = connect(YamuxTestSupport.noKeepAlive());
        // openStream completes on the ACK, which (as in Go) the acceptor sends from accept()
        CompletableFuture<YamuxStream> o1 = p.client.openStream();
        CompletableFuture<YamuxStream> o3 = p.client.openStream();
        Thread.sleep(50);
        assertFalse(o1.isDone());
        assertEquals(2, p.server.pendingAccepts());
        YamuxStream s1 = p.server.accept(Duration.ofSeconds(5));
        assertEquals(1, s1.id());
        YamuxStream c1 = o1.get(5, TimeUnit.SECONDS);
        assertEquals(1, c1.id());
        YamuxStream s3 = p.server.accept(Duration.ofSeconds(5));
        assertEquals(3, s3.id());
        YamuxStream c3 = o3.get(5, TimeUnit.SECONDS);
        assertEquals(3, c3.id());

        Future<YamuxStream> acc2 = async(() -> p.client.accept(Duration.ofSeconds(5)));
        YamuxStream s2 = open(p.server);
        assertEquals(2, s2.id());
        assertEquals(2, acc2.get(5, TimeUnit.SECONDS).id());
        CompletableFuture<YamuxStream> o4 = p.server.openStream();
        assertEquals(4, p.client.accept(Duration.ofSeconds(5)).id());
        assertEquals(4, o4.get(5, TimeUnit.SECONDS).id());

        // one small write = one read (dmsg apps rely on it), in both directions
        byte[] json = "{\"type\":\"hello\",\"n\":1}".getBytes(StandardCharsets.UTF_8);
        c1.outputStream().write(json);
        byte[] buf = new byte[4096];
        int n = s1.inputStream().read(buf);
        assertArrayEquals(json, Arrays.copyOf(buf, n));
        s1.outputStream().write(json);
        n = c1.inputStream().read(buf);
        assertArrayEquals(json, Arrays.copyOf(buf, n));
        // two queued messages are still two reads
        c3.outputStream().write("first".getBytes());
        c3.outputStream().write("second".getBytes());
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (s3.available() < 11 && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        assertEquals("first", new String(buf, 0, s3.read(buf, 0, buf.length)));
        assertEquals("second", new String(buf, 0, s3.read(buf, 0, buf.length)));
        assertEquals(4, p.client.numStreams());
        assertEquals(4, p.server.numStreams());
        assertTrue(p.client.ping().compareTo(Duration.ofSeconds(1)) < 0);
    }

    /** Writes {@code total} pseudo-random bytes in varying chunk sizes, returns their SHA-256. */
    private static byte[] writeRandom(OutputStream out, long total, long seed) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        SplittableRandom rnd = new SplittableRandom(seed);
        byte[] buf = new byte[300_000];
        for (int i = 0; i < buf.length; i++) {
            buf[i] = (byte) rnd.nextInt();
        }
        long left = total;
        while (left > 0) {
            int n = (int) Math.min(left, 1 + rnd.nextInt(buf.length));
            int off = rnd.nextInt(buf.length - n + 1);
            out.write(buf, off, n);
            md.update(buf, off, n);
            left -= n;
        }
        return md.digest();
    }

    private static byte[] readToEnd(InputStream in, long[] count) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[64 * 1024];
        int n;
        while ((n = in.read(buf)) >= 0) {
            md.update(buf, 0, n);
            count[0] += n;
        }
        return md.digest();
    }

    @Test
    void sixtyFourMebibytesEachWayAtOnceOnOneStream() throws Exception {
        var p = connect(YamuxTestSupport.noKeepAlive());
        long total = 64L << 20;
        Future<YamuxStream> acc = async(() -> p.server.accept(Duration.ofSeconds(5)));
        YamuxStream c = open(p.client);
        YamuxStream s = acc.get(5, TimeUnit.SECONDS);
        long t0 = System.nanoTime();
        Future<byte[]> cw = async(() -> {
            byte[] d = writeRandom(c.outputStream(), total, 1);
            c.closeWrite();
            return d;
        });
        Future<byte[]> sw = async(() -> {
            byte[] d = writeRandom(s.outputStream(), total, 2);
            s.closeWrite();
            return d;
        });
        long[] cn = {0};
        long[] sn = {0};
        Future<byte[]> cr = async(() -> readToEnd(c.inputStream(), cn));
        Future<byte[]> sr = async(() -> readToEnd(s.inputStream(), sn));
        assertArrayEquals(cw.get(25, TimeUnit.SECONDS), sr.get(25, TimeUnit.SECONDS));
        assertArrayEquals(sw.get(25, TimeUnit.SECONDS), cr.get(25, TimeUnit.SECONDS));
        double secs = (System.nanoTime() - t0) / 1e9;
        assertEquals(total, cn[0]);
        assertEquals(total, sn[0]);
        System.out.printf("yamux loopback: 2 x 64 MiB concurrently on one stream in %.2f s (%.0f MB/s each way)%n",
                secs, total / 1e6 / secs);
        awaitStreams(p, 0);
    }

    private static void awaitStreams(YamuxTestSupport.Pair p, int n) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while ((p.client.numStreams() != n || p.server.numStreams() != n) && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        assertEquals(n, p.client.numStreams(), "client streams");
        assertEquals(n, p.server.numStreams(), "server streams");
    }

    @Test
    void twoHundredConcurrentStreamsWithChecksums() throws Exception {
        var p = connect(YamuxTestSupport.noKeepAlive());
        int streams = 200;
        // server: every accepted stream is read to EOF and answered with the SHA-256 of what arrived
        Future<?> acceptor = async(() -> {
            for (int i = 0; i < streams; i++) {
                YamuxStream s = p.server.accept(Duration.ofSeconds(10));
                threads.submit(() -> {
                    byte[] digest = readToEnd(s.inputStream(), new long[1]);
                    s.outputStream().write(digest);
                    s.closeWrite();
                    return null;
                });
            }
            return null;
        });
        List<Future<Void>> clients = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            int seed = i;
            clients.add(async(() -> {
                YamuxStream c = open(p.client);
                byte[] sent = writeRandom(c.outputStream(), 64 * 1024 + seed * 1024L, seed);
                c.closeWrite();
                assertArrayEquals(sent, readFully(c.inputStream(), 32));
                assertEquals(-1, c.inputStream().read());
                return null;
            }));
        }
        for (Future<Void> f : clients) {
            f.get(25, TimeUnit.SECONDS);
        }
        acceptor.get(5, TimeUnit.SECONDS);
        awaitStreams(p, 0);
    }

    @Test
    void readBufferAndWriteByteBufMoveChunksWithoutCopies() throws Exception {
        var p = connect(YamuxTestSupport.noKeepAlive());
        Future<YamuxStream> acc = async(() -> p.server.accept(Duration.ofSeconds(5)));
        YamuxStream c = open(p.client);
        YamuxStream s = acc.get(5, TimeUnit.SECONDS);

        // one write arrives as one chunk; max cuts it, the rest stays readable by both read styles
        c.write("hello, yamux".getBytes(StandardCharsets.US_ASCII), 0, 12);
        io.netty.buffer.ByteBuf first = s.readBuffer(5);
        assertEquals("hello", first.toString(StandardCharsets.US_ASCII));
        first.release();
        io.netty.buffer.ByteBuf rest = s.readBuffer(100);
        assertEquals(", yamux", rest.toString(StandardCharsets.US_ASCII));
        assertTrue(rest.release());
        assertThrows(IllegalArgumentException.class, () -> s.readBuffer(0));

        // write(ByteBuf) takes ownership and releases, also for data larger than a window (split, flow controlled)
        byte[] big = new byte[3 * YamuxConfig.INITIAL_STREAM_WINDOW + 17];
        new SplittableRandom(7).nextBytes(big);
        io.netty.buffer.ByteBuf out = io.netty.buffer.Unpooled.copiedBuffer(big);
        Future<Void> w = async(() -> {
            s.write(out);
            s.closeWrite();
            return null;
        });
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        io.netty.buffer.ByteBuf b;
        while ((b = c.readBuffer(Integer.MAX_VALUE)) != null) {
            assertTrue(b.readableBytes() <= YamuxConfig.INITIAL_STREAM_WINDOW);
            b.readBytes(got, b.readableBytes());
            b.release();
        }
        w.get(10, TimeUnit.SECONDS);
        assertEquals(0, out.refCnt());
        assertArrayEquals(big, got.toByteArray());

        // a write(ByteBuf) that fails still releases the buffer
        c.closeWrite();
        io.netty.buffer.ByteBuf refused = io.netty.buffer.Unpooled.copiedBuffer(new byte[] {1, 2, 3});
        assertThrows(YamuxException.class, () -> c.write(refused));
        assertEquals(0, refused.refCnt());

        // after a reset, readBuffer fails like read
        Future<YamuxStream> acc2 = async(() -> p.server.accept(Duration.ofSeconds(5)));
        YamuxStream c2 = open(p.client);
        YamuxStream s2 = acc2.get(5, TimeUnit.SECONDS);
        c2.reset();
        assertThrows(YamuxException.class, () -> {
            while (true) {
                io.netty.buffer.ByteBuf x = s2.readBuffer(1);
                if (x == null) {
                    break;
                }
                x.release();
            }
        });
    }

    @Test
    void halfCloseDeliversEofWhileTheOtherDirectionContinues() throws Exception {
        var p = connect(YamuxTestSupport.noKeepAlive());
        Future<YamuxStream> acc = async(() -> p.server.accept(Duration.ofSeconds(5)));
        YamuxStream c = open(p.client);
        YamuxStream s = acc.get(5, TimeUnit.SECONDS);
        c.outputStream().write("request".getBytes());
        c.closeWrite();
        assertThrows(YamuxException.class, () -> c.outputStream().write(1));
        assertArrayEquals("request".getBytes(), s.inputStream().readAllBytes());
        s.outputStream().write("response".getBytes());
        assertArrayEquals("response".getBytes(), readFully(c.inputStream(), 8));
        assertEquals(1, p.client.numStreams());
        s.closeWrite();
        assertEquals(-1, c.inputStream().read());
        awaitStreams(p, 0);
    }

    @Test
    void resetFailsBothSides() throws Exception {
        var p = connect(YamuxTestSupport.noKeepAlive());
        Future<YamuxStream> acc = async(() -> p.server.accept(Duration.ofSeconds(5)));
        YamuxStream c = open(p.client);
        YamuxStream s = acc.get(5, TimeUnit.SECONDS);
        Future<Integer> blockedRead = async(() -> c.inputStream().read());
        Thread.sleep(50);
        s.reset();
        ExecutionException e = assertThrows(ExecutionException.class, () -> blockedRead.get(5, TimeUnit.SECONDS));
        assertEquals(YamuxException.Reason.STREAM_RESET, ((YamuxException) e.getCause()).reason());
        YamuxException w = assertThrows(YamuxException.class, () -> c.outputStream().write(new byte[10]));
        assertEquals(YamuxException.Reason.STREAM_RESET, w.reason());
        assertThrows(YamuxException.class, () -> s.inputStream().read());
        awaitStreams(p, 0);
        assertFalse(p.client.isClosed());
    }

    @Test
    void readAndWriteDeadlines() throws Exception {
        var p = connect(YamuxTestSupport.noKeepAlive());
        Future<YamuxStream> acc = async(() -> p.server.accept(Duration.ofSeconds(5)));
        YamuxStream c = open(p.client);
        YamuxStream s = acc.get(5, TimeUnit.SECONDS);

        long t0 = System.nanoTime();
        c.setReadDeadline(Instant.now().plusMillis(150));
        assertThrows(SocketTimeoutException.class, () -> c.inputStream().read());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 140 && ms < 2000, "read deadline took " + ms + " ms");
        // an already passed deadline fails at once; clearing it makes the stream usable again
        c.setReadDeadline(Instant.now().minusSeconds(1));
        assertThrows(SocketTimeoutException.class, () -> c.inputStream().read());
        c.setReadDeadline(null);
        s.outputStream().write(42);
        assertEquals(42, c.inputStream().read());

        // a deadline set while blocked wakes the reader
        Future<Integer> blocked = async(() -> c.inputStream().read());
        Thread.sleep(50);
        c.setReadDeadline(Instant.now());
        ExecutionException e = assertThrows(ExecutionException.class, () -> blocked.get(5, TimeUnit.SECONDS));
        assertInstanceOf(SocketTimeoutException.class, e.getCause());
        c.setReadDeadline(null);

        // write deadline: the server does not read, so the 256 KiB window runs out
        c.setWriteDeadline(Instant.now().plusMillis(300));
        assertThrows(SocketTimeoutException.class, () -> c.outputStream().write(new byte[1 << 20]));
        c.setWriteDeadline(null);
        assertEquals(256 * 1024, drain(s, 256 * 1024));
    }

    private static int drain(YamuxStream s, int n) throws IOException {
        return readFully(s.inputStream(), n).length;
    }

    @Test
    void windowExhaustionBlocksTheWriterUntilTheSlowReaderCatchesUp() throws Exception {
        var p = connect(YamuxTestSupport.noKeepAlive());
        Future<YamuxStream> acc = async(() -> p.server.accept(Duration.ofSeconds(5)));
        YamuxStream c = open(p.client);
        YamuxStream s = acc.get(5, TimeUnit.SECONDS);
        int total = 2 << 20;
        AtomicLong written = new AtomicLong();
        byte[] data = new byte[total];
        new Random(7).nextBytes(data);
        Future<?> writer = async(() -> {
            for (int off = 0; off < total; off += 16 * 1024) {
                c.outputStream().write(data, off, 16 * 1024);
                written.addAndGet(16 * 1024);
            }
            c.closeWrite();
            return null;
        });
        Thread.sleep(300);
        assertEquals(256 * 1024, written.get(), "the writer must stop at the 256 KiB window");
        assertEquals(256 * 1024, p.server.bufferedBytes());
        assertFalse(writer.isDone());
        // slow reader: small reads with pauses; the window is re-granted once half of it is consumed
        byte[] got = new byte[total];
        int pos = 0;
        int n;
        long maxBuffered = 0;
        while ((n = s.inputStream().read(got, pos, Math.min(48 * 1024, total - pos))) > 0) {
            pos += n;
            maxBuffered = Math.max(maxBuffered, p.server.bufferedBytes());
            if (pos % (512 * 1024) < n) {
                Thread.sleep(20);
            }
            if (pos == total) {
                break;
            }
        }
        assertEquals(-1, s.inputStream().read());
        writer.get(5, TimeUnit.SECONDS);
        assertArrayEquals(data, got);
        assertTrue(maxBuffered <= 256 * 1024, "receive buffer exceeded the window: " + maxBuffered);
    }

    @Test
    void closingTheSessionFailsStreamsOpensAndAccepts() throws Exception {
        var p = connect(YamuxTestSupport.noKeepAlive());
        Future<YamuxStream> acc = async(() -> p.server.accept(Duration.ofSeconds(5)));
        YamuxStream c = open(p.client);
        YamuxStream s = acc.get(5, TimeUnit.SECONDS);
        Future<Integer> clientRead = async(() -> c.inputStream().read());
        Future<YamuxStream> clientAccept = async(() -> p.client.accept());
        Future<?> blockedWriter = async(() -> {
            c.outputStream().write(new byte[4 << 20]); // blocks on the window: the server does not read
            return null;
        });
        Thread.sleep(100);
        p.client.close();
        for (Future<?> f : List.of(clientRead, clientAccept, blockedWriter)) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS));
            assertEquals(YamuxException.Reason.SESSION_SHUTDOWN, ((YamuxException) e.getCause()).reason());
        }
        // the peer sees the GoAway and the closed connection: after the data that did arrive, its reader fails
        // (not a clean EOF, as no FIN came)
        p.server.closeFuture().get(5, TimeUnit.SECONDS);
        assertEquals(256 * 1024, drain(s, 256 * 1024));
        YamuxException e = assertThrows(YamuxException.class, () -> s.inputStream().read());
        assertEquals(YamuxException.Reason.SESSION_SHUTDOWN, e.reason());
        assertTrue(p.server.isRemoteGoAway() || p.server.isClosed());
        ExecutionException o = assertThrows(ExecutionException.class, () -> p.client.openStream().get(5, TimeUnit.SECONDS));
        assertEquals(YamuxException.Reason.SESSION_SHUTDOWN, ((YamuxException) o.getCause()).reason());
        assertEquals(0, p.client.numStreams());
    }

    @Test
    void keepAlivePingsKeepAnIdleSessionUpAndPingMeasuresRtt() throws Exception {
        YamuxConfig cfg = YamuxConfig.defaults().withKeepAlive(true, Duration.ofMillis(50));
        var p = connect(cfg);
        Thread.sleep(500);
        assertFalse(p.client.isClosed());
        assertFalse(p.server.isClosed());
        Duration rtt = p.server.ping();
        assertFalse(rtt.isNegative());
        assertTrue(rtt.compareTo(Duration.ofSeconds(1)) < 0, rtt::toString);
        assertTrue(p.client.pingAsync().get(5, TimeUnit.SECONDS).compareTo(Duration.ofSeconds(1)) < 0);
    }

    @Test
    void goAwayStopsNewStreamsInBothDirections() throws Exception {
        var p = connect(YamuxTestSupport.noKeepAlive());
        p.server.goAway();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!p.client.isRemoteGoAway() && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        ExecutionException e = assertThrows(ExecutionException.class, () -> p.client.openStream().get(5, TimeUnit.SECONDS));
        assertEquals(YamuxException.Reason.REMOTE_GO_AWAY, ((YamuxException) e.getCause()).reason());
        // the server may still open streams to the client
        Future<YamuxStream> acc = async(() -> p.client.accept(Duration.ofSeconds(5)));
        assertEquals(2, open(p.server).id());
        assertEquals(2, acc.get(5, TimeUnit.SECONDS).id());
        assertFalse(p.client.isClosed());
    }

    @Test
    void manyWritersOnOneStreamNeverInterleaveAWrite() throws Exception {
        var p = connect(YamuxTestSupport.noKeepAlive());
        Future<YamuxStream> acc = async(() -> p.server.accept(Duration.ofSeconds(5)));
        YamuxStream c = open(p.client);
        YamuxStream s = acc.get(5, TimeUnit.SECONDS);
        int writers = 8;
        int perWriter = 200;
        int size = 3000;
        List<Future<?>> fs = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            byte fill = (byte) w;
            fs.add(async(() -> {
                byte[] msg = new byte[size];
                Arrays.fill(msg, fill);
                for (int i = 0; i < perWriter; i++) {
                    c.outputStream().write(msg);
                }
                return null;
            }));
        }
        CompletableFuture.runAsync(() -> {
            for (Future<?> f : fs) {
                try {
                    f.get();
                } catch (Exception ex) {
                    throw new RuntimeException(ex);
                }
            }
            c.closeWrite();
        }, threads);
        byte[] all = s.inputStream().readAllBytes();
        assertEquals(writers * perWriter * size, all.length);
        for (int off = 0; off < all.length; off += size) {
            byte first = all[off];
            for (int i = 1; i < size; i++) {
                assertEquals(first, all[off + i], "interleaved write at " + (off + i));
            }
        }
    }
}
