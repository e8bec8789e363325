package io.skywire.core.dmsg.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/**
 * Bytes to {@link YamuxFrame}s. Rejects, with a {@link YamuxProtocolException}: a version other than 0, a type
 * other than Data/WindowUpdate/Ping/GoAway, a Data frame longer than {@code maxDataLength} (the largest receive
 * window the session ever grants, so any longer frame necessarily overflows a window), and a frame truncated by
 * the end of the connection. After the first error it discards all further input (the session is closing).
 *
 * <p>The per-stream receive window is checked by {@link YamuxSession}, which knows the streams.
 */
public final class YamuxFrameDecoder extends ByteToMessageDecoder {
    private final int maxDataLength;
    private boolean failed;

    /** @param maxDataLength the largest Data payload accepted (normally {@link YamuxConfig#maxStreamWindowSize()}) */
    public YamuxFrameDecoder(int maxDataLength) {
        if (maxDataLength < 0) {
            throw new IllegalArgumentException("maxDataLength < 0");
        }
        this.maxDataLength = maxDataLength;
    }

    /** A decoder for the default 256 KiB window. */
    public YamuxFrameDecoder() {
        this(YamuxConfig.INITIAL_STREAM_WINDOW);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        while (in.readableBytes() >= YamuxFrame.HEADER_SIZE) {
            int start = in.readerIndex();
            int version = in.getUnsignedByte(start);
            int type = in.getUnsignedByte(start + 1);
            int flags = in.getUnsignedShort(start + 2);
            int streamId = in.getInt(start + 4);
            int length = in.getInt(start + 8);
            if (version != YamuxFrame.VERSION) {
                fail(in, "invalid protocol version: " + version);
            }
            if (type > YamuxFrame.TYPE_GO_AWAY) {
                fail(in, "invalid msg type: " + type);
            }
            ByteBuf payload = Unpooled.EMPTY_BUFFER;
            if (type == YamuxFrame.TYPE_DATA) {
                long len = Integer.toUnsignedLong(length);
                if (len > maxDataLength) {
                    fail(in, "data frame of " + len + " bytes on stream " + Integer.toUnsignedLong(streamId)
                            + " exceeds the maximum receive window of " + maxDataLength);
                }
                if (in.readableBytes() < YamuxFrame.HEADER_SIZE + len) {
                    return; // wait for the payload
                }
                in.skipBytes(YamuxFrame.HEADER_SIZE);
                // An exact-size heap copy: a slice would pin the (possibly much larger) cumulation buffer for as
                // long as the data sits unread in a stream's receive buffer, and a heap array cannot leak pooled
                // memory if a stream of a dead session is never drained or closed.
                if (len > 0) {
                    byte[] bytes = new byte[(int) len];
                    in.readBytes(bytes);
                    payload = Unpooled.wrappedBuffer(bytes);
                }
            } else {
                in.skipBytes(YamuxFrame.HEADER_SIZE);
            }
            out.add(YamuxFrame.of(type, flags, streamId, length, payload));
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        decode(ctx, in, out);
        if (!failed && in.isReadable()) {
            int n = in.readableBytes();
            fail(in, "connection closed in the middle of a frame (" + n + " bytes left)");
        }
    }

    private void fail(ByteBuf in, String message) {
        failed = true;
        in.skipBytes(in.readableBytes());
        throw new YamuxProtocolException(message);
    }
}
