package io.skywire.core.dmsg.session;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.skywire.core.crypto.KeyPair;
import io.skywire.core.crypto.noise.NoiseFrames;
import io.skywire.core.crypto.noise.NoiseHandshake;
import io.skywire.core.dmsg.yamux.YamuxConfig;
import io.skywire.core.dmsg.yamux.YamuxSession;
import io.skywire.core.dmsg.yamux.YamuxStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** DmsgStream's read path over a real yamux stream: frames split across and packed into yamux Data frames. */
@Timeout(30)
class DmsgStreamTest {
    private EventLoopGroup group;
    private Channel listener;
    private YamuxSession client;
    private YamuxSession server;
    private YamuxStream raw;      // the sending end: we write hand-made Noise frames into it
    private NoiseFrames sender;
    private DmsgStream stream;    // the receiving end under test

    @BeforeEach
    void setUp() throws Exception {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        YamuxConfig cfg = YamuxConfig.defaults().withKeepAlive(false, YamuxConfig.defaults().keepAliveInterval());
        CompletableFuture<YamuxSession> ss = new CompletableFuture<>();
        listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ss.complete(YamuxSession.server(ch, cfg));
                    }
                }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        CompletableFuture<YamuxSession> cs = new CompletableFuture<>();
        new Bootstrap().group(group).channel(NioSocketChannel.class).handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                cs.complete(YamuxSession.client(ch, cfg));
            }
        }).connect(listener.localAddress()).sync();
        client = cs.get(5, TimeUnit.SECONDS);
        server = ss.get(5, TimeUnit.SECONDS);
        CompletableFuture<YamuxStream> acc = CompletableFuture.supplyAsync(() -> {
            try {
                return server.accept(Duration.ofSeconds(5));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        raw = client.openStream().get(5, TimeUnit.SECONDS);
        YamuxStream ys = acc.get(5, TimeUnit.SECONDS);

        KeyPair a = KeyPair.generate();
        KeyPair b = KeyPair.generate();
        NoiseHandshake init = NoiseHandshake.kkInitiator(a, b.pk());
        NoiseHandshake resp = NoiseHandshake.kkResponder(b, a.pk());
        resp.readMessage(init.writeMessage());
        init.readMessage(resp.writeMessage());
        sender = init.split();
        stream = new DmsgStream(ys, resp.split(), null, null, null);
    }

    @AfterEach
    void tearDown() throws Exception {
        client.close();
        server.close();
        listener.close().sync();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    @Test
    void framesSplitAcrossChunksPackedChunksEmptyFramesAndSmallReads() throws Exception {
        byte[] data = new byte[100_000];
        new SplittableRandom(5).nextBytes(data);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.write(sender.encrypt(new byte[0])); // empty frames are skipped
        wire.write(sender.encryptAll(data, 0, 50_000));
        wire.write(sender.encrypt(new byte[0]));
        wire.write(sender.encryptAll(data, 50_000, 50_000));
        byte[] w = wire.toByteArray();
        // odd-sized yamux writes: frames are cut inside the length prefix and inside bodies, several share a chunk
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                int[] sizes = {1, 2, 3, 4095, 4097, 9000, 1, 1, 20_000, 7};
                int p = 0;
                for (int i = 0; p < w.length; i++) {
                    int n = Math.min(sizes[i % sizes.length], w.length - p);
                    raw.write(w, p, n);
                    p += n;
                }
                raw.closeWrite();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        int[] reads = {1, 100, 4070, 4071, 65536, 3, 8000};
        byte[] buf = new byte[65536];
        for (int i = 0; ; i++) {
            int n = stream.read(buf, 0, reads[i % reads.length]);
            if (n < 0) {
                break;
            }
            assertTrue(n > 0 && n <= reads[i % reads.length]);
            got.write(buf, 0, n);
        }
        t.join();
        assertArrayEquals(data, got.toByteArray());
        assertEquals(-1, stream.read(buf, 0, 10));
        assertEquals(0, stream.inputStream().available());
    }

    @Test
    void oneSmallWriteIsOneReadAndWholeFramesFillALargeRead() throws Exception {
        raw.write(sender.encrypt("hello".getBytes()), 0, 5 + NoiseFrames.OVERHEAD);
        byte[] buf = new byte[65536];
        assertEquals(5, stream.read(buf, 0, buf.length));
        byte[] big = new byte[3 * NoiseFrames.MAX_PLAINTEXT];
        Arrays.fill(big, (byte) 7);
        byte[] frames = sender.encryptAll(big);
        raw.write(frames, 0, frames.length);
        assertEquals(big.length, stream.read(buf, 0, buf.length)); // all three frames arrived in one chunk
        assertEquals(7, buf[big.length - 1]);
    }

    @Test
    void aTamperedOrTruncatedStreamFails() throws Exception {
        byte[] f = sender.encrypt(new byte[100]);
        f[20] ^= 1;
        raw.write(f, 0, f.length);
        DmsgException e = assertThrows(DmsgException.class, () -> stream.read(new byte[200], 0, 200));
        assertTrue(e.getMessage().contains("noise frame rejected"), e.getMessage());
    }

    @Test
    void endOfStreamInsideAFrameIsAnError() throws Exception {
        byte[] f = sender.encrypt(new byte[100]);
        raw.write(f, 0, 50);
        raw.closeWrite();
        DmsgException e = assertThrows(DmsgException.class, () -> stream.read(new byte[200], 0, 200));
        assertTrue(e.getMessage().contains("inside a noise frame"), e.getMessage());
    }

    @Test
    void anInvalidLengthIsAnError() throws Exception {
        raw.write(new byte[] {0, 5, 0, 0, 0}, 0, 5);
        DmsgException e = assertThrows(DmsgException.class, () -> stream.read(new byte[200], 0, 200));
        assertTrue(e.getMessage().contains("invalid noise frame length 5"), e.getMessage());
    }
}
