package io.skywire.core.dmsg.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import io.netty.buffer.Unpooled;

/**
 * One yamux frame: the 12-byte big-endian header {@code version(1)=0 | type(1) | flags(2) | streamID(4) |
 * length(4)} plus, for {@link #TYPE_DATA} frames only, {@code length} payload bytes ({@link #content()}).
 *
 * <p>For the other types {@link #length()} is a value: the window delta of a WindowUpdate, the opaque ping id of
 * a Ping, the error code of a GoAway; their content is empty. Stream ids and lengths are unsigned 32-bit
 * values, returned as {@code long}. A frame holds a reference-counted buffer: whoever ends up with it releases it.
 */
public final class YamuxFrame extends DefaultByteBufHolder {
    /** The only protocol version. */
    public static final int VERSION = 0;
    /** Header size in bytes. */
    public static final int HEADER_SIZE = 12;

    public static final int TYPE_DATA = 0;
    public static final int TYPE_WINDOW_UPDATE = 1;
    public static final int TYPE_PING = 2;
    public static final int TYPE_GO_AWAY = 3;

    public static final int FLAG_SYN = 1;
    public static final int FLAG_ACK = 2;
    public static final int FLAG_FIN = 4;
    public static final int FLAG_RST = 8;

    /** GoAway: normal termination. */
    public static final int GO_AWAY_NORMAL = 0;
    /** GoAway: protocol error. */
    public static final int GO_AWAY_PROTO_ERR = 1;
    /** GoAway: internal error. */
    public static final int GO_AWAY_INTERNAL_ERR = 2;

    private final int type;
    private final int flags;
    private final int streamId;
    private final int length;

    private YamuxFrame(int type, int flags, int streamId, int length, ByteBuf content) {
        super(content);
        this.type = type;
        this.flags = flags;
        this.streamId = streamId;
        this.length = length;
    }

    /** Builds a frame from raw header fields (ids and length are taken as unsigned 32-bit bit patterns). */
    static YamuxFrame of(int type, int flags, int streamId, int length, ByteBuf content) {
        if (type < TYPE_DATA || type > TYPE_GO_AWAY) {
            throw new IllegalArgumentException("invalid yamux type " + type);
        }
        if ((flags & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("flags out of range: " + flags);
        }
        if (type == TYPE_DATA) {
            if (content.readableBytes() != length) {
                throw new IllegalArgumentException("data length mismatch");
            }
        } else if (content.isReadable()) {
            throw new IllegalArgumentException("only data frames carry a payload");
        }
        return new YamuxFrame(type, flags, streamId, length, content);
    }

    /** A Data frame; takes ownership of {@code data}. */
    public static YamuxFrame data(long streamId, int flags, ByteBuf data) {
        return of(TYPE_DATA, flags, u32(streamId, "streamId"), data.readableBytes(), data);
    }

    /** A WindowUpdate frame (SYN/ACK/FIN/RST are carried on these with delta 0). */
    public static YamuxFrame windowUpdate(long streamId, int flags, long delta) {
        return of(TYPE_WINDOW_UPDATE, flags, u32(streamId, "streamId"), u32(delta, "delta"), Unpooled.EMPTY_BUFFER);
    }

    /** A Ping frame on stream 0: {@link #FLAG_SYN} to ask, {@link #FLAG_ACK} to answer; {@code opaque} is echoed. */
    public static YamuxFrame ping(int flags, long opaque) {
        return of(TYPE_PING, flags, 0, u32(opaque, "opaque"), Unpooled.EMPTY_BUFFER);
    }

    /** A GoAway frame on stream 0 with the given code ({@link #GO_AWAY_NORMAL}, ...). */
    public static YamuxFrame goAway(long code) {
        return of(TYPE_GO_AWAY, 0, 0, u32(code, "code"), Unpooled.EMPTY_BUFFER);
    }

    private static int u32(long v, String what) {
        if (v < 0 || v > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(what + " is not an unsigned 32-bit value: " + v);
        }
        return (int) v;
    }

    public int type() {
        return type;
    }

    public int flags() {
        return flags;
    }

    public boolean hasFlag(int flag) {
        return (flags & flag) == flag;
    }

    /** The stream id (unsigned). */
    public long streamId() {
        return Integer.toUnsignedLong(streamId);
    }

    /** Payload length of a Data frame, or the header value (delta / ping id / GoAway code), unsigned. */
    public long length() {
        return Integer.toUnsignedLong(length);
    }

    int rawStreamId() {
        return streamId;
    }

    int rawLength() {
        return length;
    }

    /** Writes the 12 header bytes to {@code out}. */
    public void encodeHeader(ByteBuf out) {
        out.writeByte(VERSION);
        out.writeByte(type);
        out.writeShort(flags);
        out.writeInt(streamId);
        out.writeInt(length);
    }

    @Override
    public YamuxFrame replace(ByteBuf content) {
        return new YamuxFrame(type, flags, streamId, length, content);
    }

    @Override
    public YamuxFrame copy() {
        return replace(content().copy());
    }

    @Override
    public YamuxFrame duplicate() {
        return replace(content().duplicate());
    }

    @Override
    public YamuxFrame retainedDuplicate() {
        return replace(content().retainedDuplicate());
    }

    @Override
    public YamuxFrame retain() {
        super.retain();
        return this;
    }

    @Override
    public YamuxFrame retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public YamuxFrame touch() {
        super.touch();
        return this;
    }

    @Override
    public YamuxFrame touch(Object hint) {
        super.touch(hint);
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof YamuxFrame f && f.type == type && f.flags == flags && f.streamId == streamId
                && f.length == length && super.equals(o);
    }

    @Override
    public int hashCode() {
        return ((type * 31 + flags) * 31 + streamId) * 31 + length;
    }

    @Override
    public String toString() {
        return "YamuxFrame[" + typeName(type) + " flags=" + flagNames(flags) + " stream=" + streamId()
                + " length=" + length() + "]";
    }

    static String typeName(int type) {
        return switch (type) {
            case TYPE_DATA -> "Data";
            case TYPE_WINDOW_UPDATE -> "WindowUpdate";
            case TYPE_PING -> "Ping";
            case TYPE_GO_AWAY -> "GoAway";
            default -> "Type(" + type + ")";
        };
    }

    static String flagNames(int flags) {
        if (flags == 0) {
            return "0";
        }
        StringBuilder sb = new StringBuilder();
        String[] names = {"SYN", "ACK", "FIN", "RST"};
        for (int i = 0; i < 16; i++) {
            if ((flags & (1 << i)) != 0) {
                if (!sb.isEmpty()) {
                    sb.append('|');
                }
                sb.append(i < names.length ? names[i] : "0x" + Integer.toHexString(1 << i));
            }
        }
        return sb.toString();
    }
}
