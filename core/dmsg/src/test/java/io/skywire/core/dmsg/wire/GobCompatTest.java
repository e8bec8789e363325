package io.skywire.core.dmsg.wire;

import static io.skywire.core.dmsg.wire.Vectors.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.skywire.core.dmsg.wire.WireType.Field;

/**
 * Streams another Go process could send: other type ids, other definition and field orders, unknown fields of every
 * wire kind, other type names. Built by hand with the encoder's primitives.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class GobCompatTest {
    private static final int INT = WireType.INT;
    private static final int UINT = WireType.UINT;
    private static final int BOOL = WireType.BOOL;
    private static final int BYTES = WireType.BYTES;
    private static final int STRING = WireType.STRING;

    static void addr(Gob.Buf v, int port, String comment, io.skywire.core.crypto.PubKey pk) {
        // wire Addr fields in this order: Port, Comment, PK
        Gob.StructWriter s = new Gob.StructWriter(v);
        s.field(0).writeUint(port);
        s.field(1).writeString(comment);
        s.field(2).writeBytes(pk.bytes());
        s.end();
    }

    /** REQ1's value with ids 70/99/64/80/65/66/120, children defined first, fields permuted, unknown fields. */
    static byte[] reorderedRequest() {
        Gob.Buf out = new Gob.Buf();
        out.message(Gob.binaryMarshalerTypeDef(70, "PubKey"));
        out.message(Gob.structTypeDef(99, "Address", List.of(new Field("Port", UINT), new Field("Comment", STRING),
                new Field("PK", 70))));
        out.message(Gob.structTypeDef(64, "Extra", List.of(new Field("X", INT), new Field("L", 65))));
        out.message(Gob.arrayTypeDef(80, "Quad", UINT, 4));
        Gob.Buf slice = new Gob.Buf(); // wireType{SliceT: {CommonType{"Quads", 65}, Elem 80}}
        slice.writeInt(-65);
        Gob.StructWriter w = new Gob.StructWriter(slice);
        w.field(1);
        Gob.StructWriter st = new Gob.StructWriter(slice);
        st.field(0);
        Gob.StructWriter ct = new Gob.StructWriter(slice);
        ct.field(0).writeString("Quads");
        ct.field(1).writeInt(65);
        ct.end();
        st.field(1).writeInt(80);
        st.end();
        w.end();
        out.message(slice);
        Gob.Buf map = new Gob.Buf(); // wireType{MapT: {CommonType{"", 66}, Key string, Elem int}}
        map.writeInt(-66);
        w = new Gob.StructWriter(map);
        w.field(3);
        Gob.StructWriter mt = new Gob.StructWriter(map);
        mt.field(0);
        ct = new Gob.StructWriter(map);
        ct.field(1).writeInt(66);
        ct.end();
        mt.field(1).writeInt(STRING);
        mt.field(2).writeInt(INT);
        mt.end();
        w.end();
        out.message(map);
        out.message(Gob.structTypeDef(120, "Req", List.of(
                new Field("NoiseMsg", BYTES), new Field("Extra", 64), new Field("DstAddr", 99),
                new Field("Unknown", STRING), new Field("IPinfo", BOOL), new Field("Timestamp", INT),
                new Field("Meta", 66), new Field("SrcAddr", 99), new Field("F", WireType.FLOAT),
                new Field("C", WireType.COMPLEX))));

        Gob.Buf v = new Gob.Buf();
        v.writeInt(120);
        Gob.StructWriter s = new Gob.StructWriter(v);
        s.field(0).writeBytes(hex("deadbeef"));
        s.field(1);
        Gob.StructWriter x = new Gob.StructWriter(v);
        x.field(0).writeInt(-7);
        x.field(1).writeUint(2); // two Quads
        for (int q = 0; q < 2; q++) {
            v.writeUint(4);
            for (int i = 0; i < 4; i++) {
                v.writeUint(200 + i);
            }
        }
        x.end();
        s.field(2);
        addr(v, 80, "dst", PK_B);
        s.field(3).writeString("zzz");
        s.field(5).writeInt(TS); // IPinfo false: omitted
        s.field(6).writeUint(2);
        v.writeString("a");
        v.writeInt(1);
        v.writeString("b");
        v.writeInt(-2);
        s.field(7);
        addr(v, 49152, "src", PK_A);
        s.field(8).writeUint(Long.reverseBytes(Double.doubleToLongBits(1.5)));
        s.field(9).writeUint(Long.reverseBytes(Double.doubleToLongBits(2.0)));
        v.writeUint(Long.reverseBytes(Double.doubleToLongBits(-3.0)));
        s.end();
        out.message(v);
        return out.toByteArray();
    }

    @Test
    void decodesRequestWithOtherIdsOrderAndUnknownFields() throws WireException {
        assertEquals(REQ1_VALUE, Gob.decodeRequest(reorderedRequest()));
    }

    @Test
    void genericDecoderSeesUnknownFields() throws WireException {
        GobValue.Struct s = assertInstanceOf(GobValue.Struct.class, Gob.decode(reorderedRequest()));
        assertEquals("Req", s.typeName());
        assertEquals(new GobValue.Str("zzz"), s.fields().get("Unknown"));
        assertEquals(new GobValue.Float(1.5), s.fields().get("F"));
        assertEquals(new GobValue.Complex(2.0, -3.0), s.fields().get("C"));
        GobValue.MapValue m = assertInstanceOf(GobValue.MapValue.class, s.fields().get("Meta"));
        assertEquals(2, m.entries().size());
        assertEquals(new GobValue.Int(-2), m.entries().get(1).getValue());
        GobValue.Struct extra = assertInstanceOf(GobValue.Struct.class, s.fields().get("Extra"));
        GobValue.Slice quads = assertInstanceOf(GobValue.Slice.class, extra.fields().get("L"));
        assertEquals(2, quads.elements().size());
        GobValue.Array q = assertInstanceOf(GobValue.Array.class, quads.elements().get(1));
        assertEquals(new GobValue.Uint(203), q.elements().get(3));
    }

    static byte[] reorderedResponse(int hashLen, int hashElemType) {
        Gob.Buf out = new Gob.Buf();
        out.message(Gob.arrayTypeDef(200, "Hash", hashElemType, hashLen));
        out.message(Gob.structTypeDef(201, "Resp", List.of(new Field("NoiseMsg", BYTES), new Field("Note", STRING),
                new Field("ErrCode", UINT), new Field("IP", BYTES), new Field("Accepted", BOOL),
                new Field("ReqHash", 200))));
        Gob.Buf v = new Gob.Buf();
        v.writeInt(201);
        Gob.StructWriter s = new Gob.StructWriter(v);
        s.field(0).writeBytes(hex("cafe"));
        s.field(1).writeString("note");
        s.field(4).writeUint(1);
        s.field(5).writeUint(hashLen);
        byte[] h = hex(RESP1_HASH);
        for (int i = 0; i < hashLen; i++) {
            v.writeUint(h[i % 32] & 0xff);
        }
        s.end();
        out.message(v);
        return out.toByteArray();
    }

    @Test
    void decodesResponseWithOtherIdsAndOrder() throws WireException {
        assertEquals(RESP1_VALUE, Gob.decodeResponse(reorderedResponse(32, UINT)));
    }

    @Test
    void rejectsIncompatibleFieldTypes() {
        WireException e = assertThrows(WireException.class, () -> Gob.decodeResponse(reorderedResponse(31, UINT)));
        assertTrue(e.getMessage().contains("wrong type (cipher.SHA256) for received field Resp.ReqHash"), e.getMessage());
        e = assertThrows(WireException.class, () -> Gob.decodeResponse(reorderedResponse(32, INT)));
        assertTrue(e.getMessage().contains("ReqHash"), e.getMessage());

        // Timestamp sent as a string
        Gob.Buf out = new Gob.Buf();
        out.message(Gob.structTypeDef(70, "R", List.of(new Field("Timestamp", STRING))));
        Gob.Buf v = new Gob.Buf();
        v.writeInt(70);
        v.writeUint(0);
        out.message(v);
        e = assertThrows(WireException.class, () -> Gob.decodeRequest(out.toByteArray()));
        assertTrue(e.getMessage().contains("wrong type (int64) for received field R.Timestamp"), e.getMessage());

        // PK sent as plain []byte
        Gob.Buf out2 = new Gob.Buf();
        out2.message(Gob.structTypeDef(70, "R", List.of(new Field("SrcAddr", 71))));
        out2.message(Gob.structTypeDef(71, "A", List.of(new Field("PK", BYTES))));
        Gob.Buf v2 = new Gob.Buf();
        v2.writeInt(70);
        v2.writeUint(0);
        out2.message(v2);
        e = assertThrows(WireException.class, () -> Gob.decodeRequest(out2.toByteArray()));
        assertTrue(e.getMessage().contains("wrong type (cipher.PubKey) for received field A.PK"), e.getMessage());
    }

    @Test
    void rejectsStructWithNoMatchingFieldAndNonStructValue() throws WireException {
        Gob.Buf out = new Gob.Buf();
        out.message(Gob.structTypeDef(70, "Other", List.of(new Field("A", INT), new Field("B", STRING))));
        Gob.Buf v = new Gob.Buf();
        v.writeInt(70);
        v.writeUint(0);
        out.message(v);
        WireException e = assertThrows(WireException.class, () -> Gob.decodeRequest(out.toByteArray()));
        assertTrue(e.getMessage().contains("no fields matched"), e.getMessage());

        Gob.Buf single = new Gob.Buf();
        Gob.Buf sv = new Gob.Buf();
        sv.writeInt(INT);
        sv.writeUint(0); // singleton delta
        sv.writeInt(42);
        single.message(sv);
        assertEquals(new GobValue.Int(42), Gob.decode(single.toByteArray()));
        e = assertThrows(WireException.class, () -> Gob.decodeRequest(single.toByteArray()));
        assertTrue(e.getMessage().contains("want struct type dmsg.StreamRequest, got int"), e.getMessage());
    }

    @Test
    void rejectsOutOfRangeAndInvalidValues() {
        // Port 70000 does not fit Go's uint16
        Gob.Buf out = new Gob.Buf();
        out.message(Gob.structTypeDef(70, "R", List.of(new Field("SrcAddr", 71))));
        out.message(Gob.structTypeDef(71, "A", List.of(new Field("Port", UINT))));
        Gob.Buf v = new Gob.Buf();
        v.writeInt(70);
        Gob.StructWriter s = new Gob.StructWriter(v);
        s.field(0);
        Gob.StructWriter a = new Gob.StructWriter(v);
        a.field(0).writeUint(70000);
        a.end();
        s.end();
        out.message(v);
        WireException e = assertThrows(WireException.class, () -> Gob.decodeRequest(out.toByteArray()));
        assertTrue(e.getMessage().contains("\"Port\" out of range"), e.getMessage());

        // a PK with a bad prefix byte (05 instead of 03)
        byte[] bad = hex(REQ1);
        int at = hex(bad).indexOf(PK_A.hex()) / 2;
        bad[at] = 0x05;
        e = assertThrows(WireException.class, () -> Gob.decodeRequest(bad));
        assertTrue(e.getMessage().startsWith("gob: field PK: invalid public key"), e.getMessage());

        // ErrCode 65536
        Gob.Buf out2 = new Gob.Buf();
        out2.message(Gob.structTypeDef(70, "R", List.of(new Field("ErrCode", UINT))));
        Gob.Buf v2 = new Gob.Buf();
        v2.writeInt(70);
        Gob.StructWriter s2 = new Gob.StructWriter(v2);
        s2.field(0).writeUint(65536);
        s2.end();
        out2.message(v2);
        e = assertThrows(WireException.class, () -> Gob.decodeResponse(out2.toByteArray()));
        assertTrue(e.getMessage().contains("\"ErrCode\" out of range"), e.getMessage());

        // a ReqHash element above 255
        Gob.Buf out3 = new Gob.Buf();
        out3.message(Gob.arrayTypeDef(64, "SHA256", UINT, 32));
        out3.message(Gob.structTypeDef(65, "R", List.of(new Field("ReqHash", 64))));
        Gob.Buf v3 = new Gob.Buf();
        v3.writeInt(65);
        new Gob.StructWriter(v3).field(0).writeUint(32);
        for (int i = 0; i < 32; i++) {
            v3.writeUint(i == 5 ? 256 : i);
        }
        v3.writeUint(0);
        out3.message(v3);
        e = assertThrows(WireException.class, () -> Gob.decodeResponse(out3.toByteArray()));
        assertTrue(e.getMessage().contains("\"ReqHash\" out of range"), e.getMessage());
    }
}
