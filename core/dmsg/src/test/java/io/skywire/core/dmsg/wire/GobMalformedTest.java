package io.skywire.core.dmsg.wire;

import static io.skywire.core.dmsg.wire.Vectors.*;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.skywire.core.dmsg.wire.WireType.Field;

/** Malformed gob input fails with a one-line WireException saying what is wrong, never with anything else. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class GobMalformedTest {

    private static String fails(byte[] in) {
        WireException e = assertThrows(WireException.class, () -> Gob.decode(in));
        assertFalse(e.getMessage().contains("\n"));
        assertTrue(e.getMessage().startsWith("gob: "), e.getMessage());
        return e.getMessage();
    }

    private static void contains(String msg, String part) {
        assertTrue(msg.contains(part), () -> "expected '" + part + "' in: " + msg);
    }

    @Test
    void everyTruncationFails() {
        for (String v : List.of(REQ1, REQ2, RESP1, RESP2)) {
            byte[] full = hex(v);
            for (int n = 0; n < full.length; n++) {
                byte[] cut = Arrays.copyOf(full, n);
                assertThrows(WireException.class, () -> Gob.decode(cut), "prefix " + n);
                assertThrows(WireException.class, () -> Gob.decodeRequest(cut), "prefix " + n);
                assertThrows(WireException.class, () -> Gob.decodeResponse(cut), "prefix " + n);
            }
        }
        contains(fails(new byte[0]), "empty stream");
        contains(fails(Arrays.copyOf(hex(REQ1), 0x5c + 0x24 + 0x13)), "without a value");
    }

    @Test
    void oversizeLengths() {
        contains(fails(hex("f8ffffffffffffffff")), "claims 18446744073709551615 bytes");
        contains(fails(hex("7f0102")), "claims 127 bytes, only 2 left");
        // a []byte length larger than the message
        contains(fails(hex("0a0a00" + "fe1000" + "0000000000")), "exceeds");
        // uint with 9 length bytes
        contains(fails(hex("03f7000000")), "byte count 9");
        // slice count beyond the message
        Gob.Buf out = new Gob.Buf();
        out.message(Gob.structTypeDef(64, "S", List.of(new Field("L", 65))));
        out.message(sliceDef(65, WireType.INT));
        Gob.Buf v = new Gob.Buf();
        v.writeInt(64);
        new Gob.StructWriter(v).field(0).writeUint(1_000_000);
        v.writeUint(0);
        out.message(v);
        contains(fails(out.toByteArray()), "element count 1000000");
        contains(fails(new byte[Gob.MAX_STREAM_BYTES + 1]), "exceeds the 65536-byte limit");
    }

    static Gob.Buf sliceDef(int id, int elem) {
        Gob.Buf b = new Gob.Buf();
        b.writeInt(-id);
        Gob.StructWriter w = new Gob.StructWriter(b);
        w.field(1);
        Gob.StructWriter st = new Gob.StructWriter(b);
        st.field(0);
        Gob.StructWriter ct = new Gob.StructWriter(b);
        ct.field(0).writeString("L");
        ct.field(1).writeInt(id);
        ct.end();
        st.field(1).writeInt(elem);
        st.end();
        w.end();
        return b;
    }

    @Test
    void badTypeIds() {
        contains(fails(hex("03ff9000")), "undefined type id 72");
        contains(fails(hex("020000")), "bad type id 0");
        Gob.Buf out = new Gob.Buf();
        out.message(Gob.structTypeDef(5, "X", List.of()));
        contains(fails(out.toByteArray()), "predefined id 5");
        Gob.Buf dup = new Gob.Buf();
        dup.message(Gob.structTypeDef(64, "X", List.of()));
        dup.message(Gob.structTypeDef(64, "X", List.of()));
        contains(fails(dup.toByteArray()), "duplicate type definition for id 64");
        Gob.Buf ref = new Gob.Buf();
        ref.message(Gob.structTypeDef(64, "X", List.of(new Field("A", 99))));
        Gob.Buf v = new Gob.Buf();
        v.writeInt(64);
        v.writeUint(0);
        ref.message(v);
        contains(fails(ref.toByteArray()), "undefined type id 99");
        Gob.Buf itf = new Gob.Buf();
        itf.message(Gob.structTypeDef(64, "X", List.of(new Field("I", WireType.INTERFACE))));
        Gob.Buf iv = new Gob.Buf();
        iv.writeInt(64);
        new Gob.StructWriter(iv).field(0).writeString("main.T");
        iv.writeUint(0);
        itf.message(iv);
        contains(fails(itf.toByteArray()), "interface values are not supported");
        contains(fails(hex("03ff8100")), "is empty");
        Gob.Buf many = new Gob.Buf();
        for (int i = 0; i < 70; i++) {
            many.message(Gob.structTypeDef(64 + i, "T", List.of()));
        }
        contains(fails(many.toByteArray()), "more than 64 type definitions");
    }

    @Test
    void recursionBombs() {
        // a slice type whose element is itself, nested 40 deep
        Gob.Buf out = new Gob.Buf();
        out.message(sliceDef(64, 64));
        Gob.Buf v = new Gob.Buf();
        v.writeInt(64);
        v.writeUint(0); // singleton delta
        for (int i = 0; i < 40; i++) {
            v.writeUint(1);
        }
        v.writeUint(0);
        out.message(v);
        contains(fails(out.toByteArray()), "nested deeper than 32");
        // a self-recursive struct (Go: type T struct{ Next *T }) nested 100 deep
        Gob.Buf s = new Gob.Buf();
        s.message(Gob.structTypeDef(64, "T", List.of(new Field("Next", 64))));
        Gob.Buf sv = new Gob.Buf();
        sv.writeInt(64);
        for (int i = 0; i < 100; i++) {
            sv.writeUint(1);
        }
        for (int i = 0; i < 101; i++) {
            sv.writeUint(0);
        }
        s.message(sv);
        contains(fails(s.toByteArray()), "nested deeper than 32");
        // an array of its own type with a huge declared length
        Gob.Buf a = new Gob.Buf();
        a.message(Gob.arrayTypeDef(64, "A", 64, 60000));
        Gob.Buf av = new Gob.Buf();
        av.writeInt(64);
        av.writeUint(0);
        av.writeUint(60000);
        a.message(av);
        contains(fails(a.toByteArray()), "element count 60000");
    }

    @Test
    void structuralErrors() {
        byte[] req = hex(REQ1);
        contains(fails(Arrays.copyOf(req, req.length + 1)), "trailing byte");
        // a field delta past the last field: NoiseMsg's delta 02 -> 03
        byte[] delta = req.clone();
        delta[hex(delta).lastIndexOf("0204deadbeef") / 2] = 3;
        contains(fails(delta), "field number out of range");
        // an array length that does not match its type
        byte[] resp = hex(RESP1);
        resp[hex(resp).indexOf("ff880120") / 2 + 3] = 0x1f;
        contains(fails(resp), "length mismatch");
        // extra bytes inside a type definition message
        Gob.Buf def = Gob.structTypeDef(64, "X", List.of());
        def.writeUint(0);
        Gob.Buf out = new Gob.Buf();
        out.message(def);
        contains(fails(out.toByteArray()), "extra byte(s) after the definition");
        contains(fails(hex("00")), "zero-length message");
        contains(fails(hex("03040105")), "non-zero delta");
        // a field with an empty name
        Gob.Buf empty = new Gob.Buf();
        empty.message(Gob.structTypeDef(64, "X", List.of(new Field("", WireType.INT))));
        Gob.Buf ev = new Gob.Buf();
        ev.writeInt(64);
        ev.writeUint(0);
        empty.message(ev);
        contains(fails(empty.toByteArray()), "empty name");
    }
}
