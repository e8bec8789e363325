package io.skywire.core.dmsg.wire;

import static io.skywire.core.dmsg.wire.Vectors.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.skywire.core.crypto.PubKey;

/** Appendix A vectors through the generic decoder, zero-value omission, extreme values. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class GobEncodingTest {

    @Test
    void allFourVectorsEncodeAndDecodeExactly() throws WireException {
        assertEquals(REQ1, hex(Gob.encode(REQ1_VALUE)));
        assertEquals(REQ2, hex(Gob.encode(REQ2_VALUE)));
        assertEquals(RESP1, hex(Gob.encode(RESP1_VALUE)));
        assertEquals(RESP2, hex(Gob.encode(RESP2_VALUE)));
        assertEquals(List.of(247, 243, 167, 168), List.of(hex(REQ1).length, hex(REQ2).length, hex(RESP1).length,
                hex(RESP2).length));
        assertEquals(REQ1_VALUE, Gob.decodeRequest(hex(REQ1)));
        assertEquals(REQ2_VALUE, Gob.decodeRequest(hex(REQ2)));
        assertEquals(RESP1_VALUE, Gob.decodeResponse(hex(RESP1)));
        assertEquals(RESP2_VALUE, Gob.decodeResponse(hex(RESP2)));
    }

    @Test
    void genericDecodeShowsWireStructure() throws WireException {
        GobValue.Struct s = assertInstanceOf(GobValue.Struct.class, Gob.decode(hex(REQ1)));
        assertEquals("StreamRequest", s.typeName());
        assertEquals(List.of("Timestamp", "SrcAddr", "DstAddr", "NoiseMsg"), List.copyOf(s.fields().keySet()));
        assertEquals(new GobValue.Int(TS), s.fields().get("Timestamp"));
        GobValue.Struct src = assertInstanceOf(GobValue.Struct.class, s.fields().get("SrcAddr"));
        GobValue.Marshaled pk = assertInstanceOf(GobValue.Marshaled.class, src.fields().get("PK"));
        assertEquals(GobValue.MarshalKind.BINARY, pk.kind());
        assertEquals("PubKey", pk.typeName());
        assertEquals(PK_A.hex(), hex(pk.data()));
        assertEquals(new GobValue.Uint(49152), src.fields().get("Port"));

        GobValue.Struct r = assertInstanceOf(GobValue.Struct.class, Gob.decode(hex(RESP1)));
        GobValue.Array h = assertInstanceOf(GobValue.Array.class, r.fields().get("ReqHash"));
        assertEquals("SHA256", h.typeName());
        assertEquals(32, h.elements().size());
        assertEquals(new GobValue.Uint(0xc3), h.elements().get(1)); // sent as ff c3
        assertEquals(List.of("ReqHash", "Accepted", "NoiseMsg"), List.copyOf(r.fields().keySet()));
    }

    @Test
    void zeroValuesAreOmittedButStructsAndArraysAreSent() throws WireException {
        StreamRequest zero = new StreamRequest(0, new Addr(PubKey.NULL, 0), new Addr(PubKey.NULL, 0), false, null);
        String enc = hex(Gob.encode(zero));
        // value message: len 07, id ff82, SrcAddr at delta 2 (Timestamp omitted) {00}, DstAddr {00}, end 00
        assertEquals("07ff820200010000", enc.substring(enc.length() - 16));
        assertEquals(zero, Gob.decodeRequest(Gob.encode(zero)));

        StreamResponse none = new StreamResponse(new byte[32], false, null, 0, null);
        String r = hex(Gob.encode(none));
        assertEquals("25ff8801" + "20" + "00".repeat(32) + "00", r.substring(r.length() - 76));
        assertEquals(none, Gob.decodeResponse(Gob.encode(none)));
        StreamResponse rejected = new StreamResponse(new byte[32], false, null, 306, new byte[0]);
        assertEquals(rejected, Gob.decodeResponse(Gob.encode(rejected)));
    }

    @Test
    void extremeValuesRoundTrip() throws WireException {
        byte[] noise = new byte[4000];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (byte) (i * 7);
        }
        for (long ts : new long[] {-5, 1, 127, 128, Long.MAX_VALUE, Long.MIN_VALUE}) {
            StreamRequest r = new StreamRequest(ts, new Addr(PK_B, 65535), new Addr(PK_A, 128), true, noise);
            assertEquals(r, Gob.decodeRequest(Gob.encode(r)));
        }
        byte[] h = new byte[32];
        for (int i = 0; i < 32; i++) {
            h[i] = (byte) (0xff - i);
        }
        StreamResponse s = new StreamResponse(h, true, new byte[] {10, 0, 0, 1}, 65535, noise);
        assertEquals(s, Gob.decodeResponse(Gob.encode(s)));
    }
}
