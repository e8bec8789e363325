package io.skywire.core.dmsg.yamux;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Shared helpers: frame encoding for EmbeddedChannel tests and a loopback TCP session pair. */
final class YamuxTestSupport {
    private YamuxTestSupport() {
    }

    /** Encodes frames with the real encoder into one buffer. */
    static ByteBuf encode(YamuxFrame... frames) {
        EmbeddedChannel enc = new EmbeddedChannel(new YamuxFrameEncoder());
        for (YamuxFrame f : frames) {
            enc.writeOutbound(f);
        }
        ByteBuf all = Unpooled.buffer();
        ByteBuf b;
        while ((b = enc.readOutbound()) != null) {
            all.writeBytes(b);
            b.release();
        }
        enc.finishAndReleaseAll();
        return all;
    }

    /** Everything written so far to {@code ch}'s outbound side, decoded into frames (caller releases). */
    static List<YamuxFrame> outboundFrames(EmbeddedChannel ch) {
        ByteBuf all = Unpooled.buffer();
        Object o;
        while ((o = ch.readOutbound()) != null) {
            ByteBuf b = (ByteBuf) o;
            all.writeBytes(b);
            b.release();
        }
        EmbeddedChannel dec = new EmbeddedChannel(new YamuxFrameDecoder(Integer.MAX_VALUE));
        dec.writeInbound(all);
        List<YamuxFrame> out = new ArrayList<>();
        YamuxFrame f;
        while ((f = dec.readInbound()) != null) {
            out.add(f);
        }
        dec.finishAndReleaseAll();
        return out;
    }

    static YamuxConfig noKeepAlive() {
        return YamuxConfig.defaults().withKeepAlive(false, YamuxConfig.defaults().keepAliveInterval());
    }

    /** Two sessions over a real loopback TCP connection (NIO). */
    static final class Pair implements AutoCloseable {
        final Channel serverChannel;
        final YamuxSession client;
        final YamuxSession server;

        Pair(Channel serverChannel, YamuxSession client, YamuxSession server) {
            this.serverChannel = serverChannel;
            this.client = client;
            this.server = server;
        }

        @Override
        public void close() throws Exception {
            client.close();
            server.close();
            serverChannel.close().sync();
            client.closeFuture().get(5, TimeUnit.SECONDS);
            server.closeFuture().get(5, TimeUnit.SECONDS);
        }
    }

    static EventLoopGroup newGroup() {
        return new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    }

    static Pair connect(EventLoopGroup group, YamuxConfig clientCfg, YamuxConfig serverCfg) throws Exception {
        CompletableFuture<YamuxSession> serverSession = new CompletableFuture<>();
        Channel listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        serverSession.complete(YamuxSession.server(ch, serverCfg));
                    }
                }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        CompletableFuture<YamuxSession> clientSession = new CompletableFuture<>();
        new Bootstrap().group(group).channel(NioSocketChannel.class).option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        clientSession.complete(YamuxSession.client(ch, clientCfg));
                    }
                }).connect(listener.localAddress()).sync();
        return new Pair(listener, clientSession.get(5, TimeUnit.SECONDS), serverSession.get(5, TimeUnit.SECONDS));
    }
}
