package io.skywire.core.dmsg.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;

import java.util.List;

/**
 * {@link YamuxFrame}s to bytes: a 12-byte header buffer followed, for Data frames, by the payload buffer itself
 * (no copy; the transport writes both with one gathering write). Stateless and sharable.
 */
@ChannelHandler.Sharable
public final class YamuxFrameEncoder extends MessageToMessageEncoder<YamuxFrame> {
    public YamuxFrameEncoder() {
        super(YamuxFrame.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, YamuxFrame frame, List<Object> out) {
        ByteBuf header = ctx.alloc().buffer(YamuxFrame.HEADER_SIZE);
        frame.encodeHeader(header);
        out.add(header);
        ByteBuf data = frame.content();
        if (data.isReadable()) {
            out.add(data.retain());
        }
    }
}
