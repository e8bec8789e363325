package io.skywire.core.dmsg.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static io.skywire.core.dmsg.yamux.YamuxFrame.*;
import static org.junit.jupiter.api.Assertions.*;

@Timeout(10)
class YamuxCodecTest {

    private static List<YamuxFrame> decode(ByteBuf bytes) {
        EmbeddedChannel dec = new EmbeddedChannel(new YamuxFrameDecoder());
        dec.writeInbound(bytes);
        List<YamuxFrame> out = new ArrayList<>();
        YamuxFrame f;
        while ((f = dec.readInbound()) != null) {
            out.add(f);
        }
        assertFalse(dec.finish());
        return out;
    }

    private static ByteBuf hex(String h) {
        return Unpooled.wrappedBuffer(HexFormat.of().parseHex(h.replace(" ", "")));
    }

    @Test
    void roundTripsEveryTypeAndFlagCombination() {
        List<YamuxFrame> frames = new ArrayList<>();
        for (int flags = 0; flags < 16; flags++) {
            frames.add(windowUpdate(7, flags, 262144));
            frames.add(ping(flags, 42));
            frames.add(data(0xFFFF_FFFFL, flags, Unpooled.wrappedBuffer(new byte[] {1, 2, 3})));
            frames.add(data(2, flags, Unpooled.EMPTY_BUFFER));
        }
        frames.add(goAway(GO_AWAY_NORMAL));
        frames.add(goAway(GO_AWAY_PROTO_ERR));
        frames.add(goAway(GO_AWAY_INTERNAL_ERR));
        frames.add(windowUpdate(1, 0xFFFF, 0xFFFF_FFFFL)); // unknown flag bits are carried through
        List<YamuxFrame> copies = frames.stream().map(YamuxFrame::copy).toList();
        List<YamuxFrame> decoded = decode(YamuxTestSupport.encode(frames.toArray(YamuxFrame[]::new)));
        assertEquals(copies, decoded);
        decoded.forEach(YamuxFrame::release);
        copies.forEach(YamuxFrame::release);
    }

    @Test
    void headerBytesMatchTheGoWireTrace() {
        // from the dmsgcurl strace in the spec: SYN of stream 1, its ACK, and a 384-byte data frame header
        assertEquals("000100010000000100000000", ByteBufUtil.hexDump(YamuxTestSupport.encode(windowUpdate(1, FLAG_SYN, 0))));
        assertEquals("000100020000000100000000", ByteBufUtil.hexDump(YamuxTestSupport.encode(windowUpdate(1, FLAG_ACK, 0))));
        ByteBuf d = YamuxTestSupport.encode(data(1, 0, Unpooled.wrappedBuffer(new byte[0x180])));
        assertEquals("000000000000000100000180", ByteBufUtil.hexDump(d, 0, 12));
        assertEquals(12 + 0x180, d.readableBytes());
        assertEquals("000200010000000012345678", ByteBufUtil.hexDump(YamuxTestSupport.encode(ping(FLAG_SYN, 0x12345678L))));
        assertEquals("000300000000000000000001", ByteBufUtil.hexDump(YamuxTestSupport.encode(goAway(GO_AWAY_PROTO_ERR))));
    }

    @Test
    void pingOpaqueAndGoAwayCodesSurviveAsUnsigned() {
        List<YamuxFrame> f = decode(YamuxTestSupport.encode(ping(FLAG_SYN, 0xFFFF_FFFFL), ping(FLAG_ACK, 0x8000_0000L),
                goAway(0xDEAD_BEEFL)));
        assertEquals(TYPE_PING, f.get(0).type());
        assertTrue(f.get(0).hasFlag(FLAG_SYN));
        assertEquals(0xFFFF_FFFFL, f.get(0).length());
        assertEquals(0, f.get(0).streamId());
        assertEquals(0x8000_0000L, f.get(1).length());
        assertTrue(f.get(1).hasFlag(FLAG_ACK));
        assertEquals(TYPE_GO_AWAY, f.get(2).type());
        assertEquals(0xDEAD_BEEFL, f.get(2).length());
    }

    @Test
    void decodesInputFedOneByteAtATime() {
        byte[] payload = new byte[5000];
        new Random(1).nextBytes(payload);
        ByteBuf all = YamuxTestSupport.encode(windowUpdate(3, FLAG_SYN, 0), data(3, 0, Unpooled.wrappedBuffer(payload)),
                data(3, FLAG_FIN, Unpooled.EMPTY_BUFFER), ping(FLAG_ACK, 9));
        EmbeddedChannel dec = new EmbeddedChannel(new YamuxFrameDecoder());
        while (all.isReadable()) {
            dec.writeInbound(all.readRetainedSlice(1));
        }
        all.release();
        YamuxFrame a = dec.readInbound();
        YamuxFrame b = dec.readInbound();
        YamuxFrame c = dec.readInbound();
        YamuxFrame d = dec.readInbound();
        assertNull(dec.readInbound());
        assertEquals(TYPE_WINDOW_UPDATE, a.type());
        assertEquals(5000, b.length());
        assertArrayEquals(payload, ByteBufUtil.getBytes(b.content()));
        assertTrue(c.hasFlag(FLAG_FIN));
        assertEquals(0, c.content().readableBytes());
        assertEquals(9, d.length());
        b.release();
        assertFalse(dec.finish());
    }

    @Test
    void rejectsBadVersionAndDiscardsTheRest() {
        EmbeddedChannel dec = new EmbeddedChannel(new YamuxFrameDecoder());
        YamuxProtocolException e = assertThrows(YamuxProtocolException.class,
                () -> dec.writeInbound(hex("01 01 0001 00000001 00000000")));
        assertTrue(e.getMessage().contains("invalid protocol version: 1"), e.getMessage());
        assertEquals(GO_AWAY_PROTO_ERR, e.goAwayCode());
        // a valid frame afterwards is ignored: the stream is unsynchronised
        assertFalse(dec.writeInbound(YamuxTestSupport.encode(ping(FLAG_SYN, 1))));
        assertNull(dec.readInbound());
    }

    @Test
    void rejectsUnknownType() {
        EmbeddedChannel dec = new EmbeddedChannel(new YamuxFrameDecoder());
        YamuxProtocolException e = assertThrows(YamuxProtocolException.class,
                () -> dec.writeInbound(hex("00 04 0000 00000000 00000000")));
        assertTrue(e.getMessage().contains("invalid msg type: 4"), e.getMessage());
    }

    @Test
    void truncatedHeaderOrPayloadAtEndOfConnectionIsAnError() {
        EmbeddedChannel dec = new EmbeddedChannel(new YamuxFrameDecoder());
        assertFalse(dec.writeInbound(hex("00 01 0001 0000")));
        assertThrows(YamuxProtocolException.class, dec::finish);

        EmbeddedChannel dec2 = new EmbeddedChannel(new YamuxFrameDecoder());
        assertFalse(dec2.writeInbound(hex("00 00 0000 00000001 00000010 01 02 03")));
        YamuxProtocolException e = assertThrows(YamuxProtocolException.class, dec2::finish);
        assertTrue(e.getMessage().contains("middle of a frame"), e.getMessage());
    }

    @Test
    void rejectsDataLongerThanTheMaximumWindowBeforeBufferingIt() {
        EmbeddedChannel dec = new EmbeddedChannel(new YamuxFrameDecoder());
        // header only: the decoder must fail without waiting for 256 KiB + 1 payload bytes
        YamuxProtocolException e = assertThrows(YamuxProtocolException.class,
                () -> dec.writeInbound(hex("00 00 0000 00000001 00040001")));
        assertTrue(e.getMessage().contains("exceeds the maximum receive window"), e.getMessage());
        // exactly the window is fine
        EmbeddedChannel ok = new EmbeddedChannel(new YamuxFrameDecoder());
        ok.writeInbound(YamuxTestSupport.encode(data(1, 0, Unpooled.wrappedBuffer(new byte[YamuxConfig.INITIAL_STREAM_WINDOW]))));
        YamuxFrame f = ok.readInbound();
        assertEquals(YamuxConfig.INITIAL_STREAM_WINDOW, f.length());
        f.release();
        // a WindowUpdate's length is a value, not a payload: no limit
        EmbeddedChannel wu = new EmbeddedChannel(new YamuxFrameDecoder());
        wu.writeInbound(hex("00 01 0000 00000001 ffffffff"));
        YamuxFrame w = wu.readInbound();
        assertEquals(0xFFFF_FFFFL, w.length());
    }

    @Test
    void factoriesValidateRanges() {
        assertThrows(IllegalArgumentException.class, () -> windowUpdate(-1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> windowUpdate(1L << 32, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> ping(0x10000, 0));
        assertThrows(IllegalArgumentException.class, () -> goAway(-1));
        assertEquals("YamuxFrame[WindowUpdate flags=SYN|FIN stream=5 length=0]", windowUpdate(5, FLAG_SYN | FLAG_FIN, 0).toString());
    }
}
