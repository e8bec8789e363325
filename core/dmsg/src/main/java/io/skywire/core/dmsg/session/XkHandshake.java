package io.skywire.core.dmsg.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.skywire.core.crypto.KeyPair;
import io.skywire.core.crypto.PubKey;
import io.skywire.core.crypto.noise.LengthPrefix;
import io.skywire.core.crypto.noise.NoiseFrames;
import io.skywire.core.crypto.noise.NoiseHandshake;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The session's Noise XK handshake on the raw TCP channel: three uint16-BE-length-prefixed messages (49/49/65
 * bytes). Runs on the event loop; on success {@link #result} completes (still on the event loop) with the split
 * transport keys and the remote static key and the handler removes itself, handing any bytes that arrived after
 * the last handshake message to the next handler (lenient, unlike Go's error 203). The completion callback is
 * expected to install yamux synchronously. On a malformed message or after the deadline the channel is closed.
 */
final class XkHandshake extends ChannelInboundHandlerAdapter {
    /** The outcome of a successful handshake. */
    record Result(NoiseFrames frames, PubKey remote) {
    }

    interface Completion {
        /** Called on the event loop right before the handler removes itself; installs the next handlers. */
        void complete(ChannelHandlerContext ctx, Result result);
    }

    private final NoiseHandshake hs;
    private final Duration timeout;
    private final Completion completion;
    final CompletableFuture<Result> result = new CompletableFuture<>();
    private ByteBuf cumulation;
    private ScheduledFuture<?> timer;
    private boolean done;

    private XkHandshake(NoiseHandshake hs, Duration timeout, Completion completion) {
        this.hs = hs;
        this.timeout = timeout;
        this.completion = completion;
    }

    static XkHandshake initiator(KeyPair local, PubKey server, Duration timeout, Completion completion) {
        return new XkHandshake(NoiseHandshake.xkInitiator(local, server), timeout, completion);
    }

    static XkHandshake responder(KeyPair local, Duration timeout, Completion completion) {
        return new XkHandshake(NoiseHandshake.xkResponder(local), timeout, completion);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        cumulation = ctx.alloc().buffer(128);
        timer = ctx.executor().schedule(() -> fail(ctx, new DmsgException(0,
                "session handshake not completed within " + timeout.toMillis() + " ms")), timeout.toNanos(),
                TimeUnit.NANOSECONDS);
        if (ctx.channel().isActive()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start(ctx);
        ctx.fireChannelActive();
    }

    private boolean started;

    private void start(ChannelHandlerContext ctx) {
        if (started) {
            return;
        }
        started = true;
        if (hs.isInitiator()) {
            ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(LengthPrefix.prepend(hs.writeMessage())));
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (done || !(msg instanceof ByteBuf in)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            cumulation.writeBytes(in);
        } finally {
            in.release();
        }
        try {
            while (!done && !hs.isComplete() && !hs.isWriteTurn()) {
                int need = hs.nextMessageLength();
                if (cumulation.readableBytes() < 2) {
                    return;
                }
                int len = cumulation.getUnsignedShort(cumulation.readerIndex());
                if (len != need) {
                    throw new DmsgException(0, "bad handshake message length " + len + ", expected " + need);
                }
                if (cumulation.readableBytes() < 2 + len) {
                    return;
                }
                cumulation.skipBytes(2);
                byte[] m = new byte[len];
                cumulation.readBytes(m);
                hs.readMessage(m);
                if (!hs.isComplete()) {
                    byte[] out = LengthPrefix.prepend(hs.writeMessage());
                    if (hs.isComplete()) {
                        // initiator wrote msg3: let it reach the socket alone before anything else is written
                        ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(out)).addListener(
                                (ChannelFutureListener) f -> {
                                    if (f.isSuccess()) {
                                        finish(ctx);
                                    } else {
                                        fail(ctx, f.cause());
                                    }
                                });
                        return;
                    }
                    ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(out));
                }
            }
            if (hs.isComplete()) {
                finish(ctx);
            }
        } catch (Exception e) {
            fail(ctx, e);
        }
    }

    private void finish(ChannelHandlerContext ctx) {
        if (done) {
            return;
        }
        done = true;
        timer.cancel(false);
        Result r = new Result(hs.split(), hs.remoteStatic());
        try {
            completion.complete(ctx, r);
        } catch (RuntimeException e) {
            done = false;
            fail(ctx, e);
            return;
        }
        result.complete(r);
        ByteBuf rest = cumulation;
        cumulation = null;
        if (rest.isReadable()) {
            ctx.fireChannelRead(rest);
        } else {
            rest.release();
        }
        ctx.pipeline().remove(this);
    }

    private void fail(ChannelHandlerContext ctx, Throwable cause) {
        if (done) {
            return;
        }
        done = true;
        if (timer != null) {
            timer.cancel(false);
        }
        result.completeExceptionally(cause);
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail(ctx, new DmsgException(0, "connection closed during the session handshake"));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!done) {
            fail(ctx, cause);
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
    }
}
