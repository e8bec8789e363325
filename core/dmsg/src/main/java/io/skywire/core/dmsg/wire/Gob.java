package io.skywire.core.dmsg.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.skywire.core.crypto.InvalidKeyException;
import io.skywire.core.crypto.PubKey;

/**
 * Go {@code encoding/gob} for dmsg's stream objects.
 *
 * <p><b>Encoding</b> is byte-identical to a fresh Go {@code gob.Encoder} (dmsg makes one per object): the type
 * definitions the value needs, parent first, then the value. Zero fields are omitted and fields are delta-indexed as
 * Go does; nested structs and arrays are always sent. Type ids are those of a Go process that first encoded a
 * {@code StreamRequest} and then a {@code StreamResponse}: StreamRequest 65, Addr 66, PubKey 67, StreamResponse 68,
 * SHA256 69 (the ids of the vectors in the spec, Appendix A). Go assigns ids per process, so peers never rely on them.
 *
 * <p><b>Decoding</b> parses whatever type definitions the stream carries and maps struct fields by name, as Go does:
 * unknown fields are skipped, missing ones stay zero, a known field with an incompatible wire type is an error, and a
 * top-level struct with no matching field is an error. It is stricter than Go in one respect: bytes after the value
 * are rejected (Go's {@code Decode} leaves them unread).
 */
public final class Gob {
    /** Largest gob stream accepted by the decoder. */
    public static final int MAX_STREAM_BYTES = GobReader.MAX_STREAM;

    static final int ID_STREAM_REQUEST = 65;
    static final int ID_ADDR = 66;
    static final int ID_PUBKEY = 67;
    static final int ID_STREAM_RESPONSE = 68;
    static final int ID_SHA256 = 69;

    private Gob() {
    }

    // ======================= encoding =======================

    /** The gob stream of a request: definitions of StreamRequest, Addr, PubKey, then the value. */
    public static byte[] encode(StreamRequest req) {
        Buf out = new Buf();
        out.message(structTypeDef(ID_STREAM_REQUEST, "StreamRequest", List.of(
                new WireType.Field("Timestamp", WireType.INT),
                new WireType.Field("SrcAddr", ID_ADDR),
                new WireType.Field("DstAddr", ID_ADDR),
                new WireType.Field("IPinfo", WireType.BOOL),
                new WireType.Field("NoiseMsg", WireType.BYTES))));
        out.message(structTypeDef(ID_ADDR, "Addr", List.of(
                new WireType.Field("PK", ID_PUBKEY),
                new WireType.Field("Port", WireType.UINT))));
        out.message(binaryMarshalerTypeDef(ID_PUBKEY, "PubKey"));

        Buf v = new Buf();
        v.writeInt(ID_STREAM_REQUEST);
        StructWriter s = new StructWriter(v);
        if (req.timestamp() != 0) {
            s.field(0).writeInt(req.timestamp());
        }
        s.field(1);
        writeAddr(v, req.src());
        s.field(2);
        writeAddr(v, req.dst());
        if (req.ipInfo()) {
            s.field(3).writeUint(1);
        }
        if (req.noiseMsgLength() > 0) {
            s.field(4).writeBytes(req.noiseMsgRaw());
        }
        s.end();
        out.message(v);
        return out.toByteArray();
    }

    /** The gob stream of a response: definitions of StreamResponse and SHA256, then the value. */
    public static byte[] encode(StreamResponse resp) {
        Buf out = new Buf();
        out.message(structTypeDef(ID_STREAM_RESPONSE, "StreamResponse", List.of(
                new WireType.Field("ReqHash", ID_SHA256),
                new WireType.Field("Accepted", WireType.BOOL),
                new WireType.Field("IP", WireType.BYTES),
                new WireType.Field("ErrCode", WireType.UINT),
                new WireType.Field("NoiseMsg", WireType.BYTES))));
        out.message(arrayTypeDef(ID_SHA256, "SHA256", WireType.UINT, StreamResponse.HASH_LENGTH));

        Buf v = new Buf();
        v.writeInt(ID_STREAM_RESPONSE);
        StructWriter s = new StructWriter(v);
        s.field(0).writeUint(StreamResponse.HASH_LENGTH); // arrays are always sent
        for (byte x : resp.reqHashRaw()) {
            v.writeUint(x & 0xff);
        }
        if (resp.accepted()) {
            s.field(1).writeUint(1);
        }
        if (resp.ipRaw().length > 0) {
            s.field(2).writeBytes(resp.ipRaw());
        }
        if (resp.errCode() != 0) {
            s.field(3).writeUint(resp.errCode());
        }
        if (resp.noiseMsgRaw().length > 0) {
            s.field(4).writeBytes(resp.noiseMsgRaw());
        }
        s.end();
        out.message(v);
        return out.toByteArray();
    }

    private static void writeAddr(Buf v, Addr a) {
        StructWriter s = new StructWriter(v);
        if (!a.pk().isNull()) { // Go omits a zero GobEncoder/BinaryMarshaler value
            s.field(0).writeBytes(a.pk().bytes());
        }
        if (a.port() != 0) {
            s.field(1).writeUint(a.port());
        }
        s.end();
    }

    /** wireType{StructT: &structType{CommonType{name, id}, fields}}. */
    static Buf structTypeDef(int id, String name, List<WireType.Field> fields) {
        Buf b = new Buf();
        b.writeInt(-id);
        StructWriter wire = new StructWriter(b);
        wire.field(2); // StructT
        StructWriter st = new StructWriter(b);
        st.field(0);
        commonType(b, name, id);
        if (!fields.isEmpty()) {
            st.field(1).writeUint(fields.size());
            for (WireType.Field f : fields) {
                StructWriter ft = new StructWriter(b);
                ft.field(0).writeString(f.name());
                ft.field(1).writeInt(f.id());
                ft.end();
            }
        }
        st.end();
        wire.end();
        return b;
    }

    /** wireType{ArrayT: &arrayType{CommonType{name, id}, elem, len}}. */
    static Buf arrayTypeDef(int id, String name, int elem, int len) {
        Buf b = new Buf();
        b.writeInt(-id);
        StructWriter wire = new StructWriter(b);
        wire.field(0); // ArrayT
        StructWriter at = new StructWriter(b);
        at.field(0);
        commonType(b, name, id);
        at.field(1).writeInt(elem);
        if (len != 0) {
            at.field(2).writeInt(len);
        }
        at.end();
        wire.end();
        return b;
    }

    /** wireType{BinaryMarshalerT: &gobEncoderType{CommonType{name, id}}}. */
    static Buf binaryMarshalerTypeDef(int id, String name) {
        Buf b = new Buf();
        b.writeInt(-id);
        StructWriter wire = new StructWriter(b);
        wire.field(5); // BinaryMarshalerT
        StructWriter gt = new StructWriter(b);
        gt.field(0);
        commonType(b, name, id);
        gt.end();
        wire.end();
        return b;
    }

    private static void commonType(Buf b, String name, int id) {
        StructWriter ct = new StructWriter(b);
        if (!name.isEmpty()) {
            ct.field(0).writeString(name);
        }
        ct.field(1).writeInt(id);
        ct.end();
    }

    /** Writes field deltas of one struct. */
    static final class StructWriter {
        private final Buf b;
        private int last = -1;

        StructWriter(Buf b) {
            this.b = b;
        }

        Buf field(int n) {
            b.writeUint(n - last);
            last = n;
            return b;
        }

        void end() {
            b.writeUint(0);
        }
    }

    /** A growable byte buffer with gob's integer and string encodings. */
    static final class Buf {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

        void writeUint(long v) {
            if (v >= 0 && v < 0x80) {
                out.write((int) v);
                return;
            }
            int n = 8 - Long.numberOfLeadingZeros(v) / 8;
            out.write(256 - n);
            for (int i = n - 1; i >= 0; i--) {
                out.write((int) (v >>> (8 * i)));
            }
        }

        void writeInt(long v) {
            writeUint(v < 0 ? (~v << 1) | 1 : v << 1);
        }

        void writeBytes(byte[] data) {
            writeUint(data.length);
            out.writeBytes(data);
        }

        void writeString(String s) {
            writeBytes(s.getBytes(StandardCharsets.UTF_8));
        }

        /** Appends {@code body} as one message: its length, then its bytes. */
        void message(Buf body) {
            writeUint(body.out.size());
            out.writeBytes(body.out.toByteArray());
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }

    // ======================= decoding =======================

    /**
     * Decodes any gob stream of type definitions followed by one value.
     *
     * @throws WireException if the stream is malformed, over {@link #MAX_STREAM_BYTES}, or uses interface values
     */
    public static GobValue decode(byte[] stream) throws WireException {
        return GobReader.decode(stream).value();
    }

    /**
     * Decodes a {@code StreamRequest} sent by any Go process (any type ids, any field order).
     *
     * @throws WireException if the stream is malformed or not compatible with Go's {@code dmsg.StreamRequest}
     */
    public static StreamRequest decodeRequest(byte[] stream) throws WireException {
        GobReader.Result r = GobReader.decode(stream);
        compileStruct(REQUEST, r.typeId(), r, true);
        Map<String, GobValue> f = ((GobValue.Struct) r.value()).fields();
        return new StreamRequest(
                f.get("Timestamp") instanceof GobValue.Int i ? i.value() : 0,
                toAddr(f.get("SrcAddr")),
                toAddr(f.get("DstAddr")),
                f.get("IPinfo") instanceof GobValue.Bool bo && bo.value(),
                f.get("NoiseMsg") instanceof GobValue.Bytes by ? by.raw() : null);
    }

    /**
     * Decodes a {@code StreamResponse} sent by any Go process (any type ids, any field order).
     *
     * @throws WireException if the stream is malformed or not compatible with Go's {@code dmsg.StreamResponse}
     */
    public static StreamResponse decodeResponse(byte[] stream) throws WireException {
        GobReader.Result r = GobReader.decode(stream);
        compileStruct(RESPONSE, r.typeId(), r, true);
        Map<String, GobValue> f = ((GobValue.Struct) r.value()).fields();
        byte[] hash = new byte[StreamResponse.HASH_LENGTH];
        if (f.get("ReqHash") instanceof GobValue.Array a) {
            for (int i = 0; i < hash.length; i++) {
                long v = ((GobValue.Uint) a.elements().get(i)).value();
                if (Long.compareUnsigned(v, 0xff) > 0) {
                    throw new WireException("gob: value " + Long.toUnsignedString(v)
                            + " for an element of \"ReqHash\" out of range (uint8)");
                }
                hash[i] = (byte) v;
            }
        }
        long errCode = 0;
        if (f.get("ErrCode") instanceof GobValue.Uint u) {
            errCode = checkUint16(u.value(), "ErrCode");
        }
        return new StreamResponse(hash,
                f.get("Accepted") instanceof GobValue.Bool bo && bo.value(),
                f.get("IP") instanceof GobValue.Bytes ip ? ip.raw() : null,
                errCode,
                f.get("NoiseMsg") instanceof GobValue.Bytes by ? by.raw() : null);
    }

    private static Addr toAddr(GobValue v) throws WireException {
        if (!(v instanceof GobValue.Struct s)) {
            return new Addr(PubKey.NULL, 0);
        }
        PubKey pk = PubKey.NULL;
        if (s.fields().get("PK") instanceof GobValue.Marshaled m) {
            try {
                pk = PubKey.fromBytes(m.raw()); // Go's UnmarshalBinary = cipher.NewPubKey: length and curve checks
            } catch (InvalidKeyException e) {
                throw new WireException("gob: field PK: " + e.getMessage());
            }
        }
        int port = 0;
        if (s.fields().get("Port") instanceof GobValue.Uint u) {
            port = (int) checkUint16(u.value(), "Port");
        }
        return new Addr(pk, port);
    }

    private static long checkUint16(long v, String field) throws WireException {
        if (Long.compareUnsigned(v, 0xffff) > 0) {
            throw new WireException("gob: value " + Long.toUnsignedString(v) + " for \"" + field
                    + "\" out of range (uint16)");
        }
        return v;
    }

    // ---- the local Go types, for Go's compatibility rules (decode.go compatibleType / compileDec) ----

    private sealed interface Local {
        String goName();
    }

    private record Basic(String goName, int wireId) implements Local {
    }

    private record ArrayOf(String goName, int len, Local elem) implements Local {
    }

    private record BinaryUnmarshaler(String goName) implements Local {
    }

    private record StructOf(String goName, Map<String, Local> fields) implements Local {
    }

    private static final StructOf ADDR;
    private static final StructOf REQUEST;
    private static final StructOf RESPONSE;

    static {
        Map<String, Local> addr = new LinkedHashMap<>();
        addr.put("PK", new BinaryUnmarshaler("cipher.PubKey"));
        addr.put("Port", new Basic("uint16", WireType.UINT));
        ADDR = new StructOf("dmsg.Addr", addr);
        Map<String, Local> req = new LinkedHashMap<>();
        req.put("Timestamp", new Basic("int64", WireType.INT));
        req.put("SrcAddr", ADDR);
        req.put("DstAddr", ADDR);
        req.put("IPinfo", new Basic("bool", WireType.BOOL));
        req.put("NoiseMsg", new Basic("[]uint8", WireType.BYTES));
        REQUEST = new StructOf("dmsg.StreamRequest", req);
        Map<String, Local> resp = new LinkedHashMap<>();
        resp.put("ReqHash", new ArrayOf("cipher.SHA256", StreamResponse.HASH_LENGTH, new Basic("uint8", WireType.UINT)));
        resp.put("Accepted", new Basic("bool", WireType.BOOL));
        resp.put("IP", new Basic("net.IP", WireType.BYTES));
        resp.put("ErrCode", new Basic("dmsg.errorCode", WireType.UINT));
        resp.put("NoiseMsg", new Basic("[]uint8", WireType.BYTES));
        RESPONSE = new StructOf("dmsg.StreamResponse", resp);
    }

    private static void compileStruct(StructOf local, int wireId, GobReader.Result r, boolean topLevel)
            throws WireException {
        WireType wt = r.type(wireId);
        if (wt == null || wt.kind != WireType.Kind.STRUCT) {
            throw new WireException("gob: type mismatch: want struct type " + local.goName() + ", got "
                    + describe(wireId, r));
        }
        int matched = 0;
        for (WireType.Field f : wt.fields) {
            Local lf = local.fields().get(f.name());
            if (lf == null) {
                continue; // skipped, as Go ignores unknown fields
            }
            if (lf instanceof StructOf nested) {
                compileStruct(nested, f.id(), r, false);
            } else if (!compatible(lf, f.id(), r)) {
                throw new WireException("gob: wrong type (" + lf.goName() + ") for received field "
                        + wt.name + "." + f.name() + " (sent as " + describe(f.id(), r) + ")");
            }
            matched++;
        }
        if (topLevel && matched == 0 && !wt.fields.isEmpty()) {
            throw new WireException("gob: type mismatch: no fields matched compiling decoder for " + local.goName()
                    + " (received " + wt.describe() + ")");
        }
    }

    private static boolean compatible(Local local, int wireId, GobReader.Result r) {
        return switch (local) {
            case Basic b -> b.wireId() == wireId;
            case BinaryUnmarshaler u -> r.type(wireId) instanceof WireType t && t.kind == WireType.Kind.MARSHALER
                    && t.marshalKind == GobValue.MarshalKind.BINARY;
            case ArrayOf a -> r.type(wireId) instanceof WireType t && t.kind == WireType.Kind.ARRAY
                    && t.len == a.len() && compatible(a.elem(), t.elem, r);
            case StructOf s -> r.type(wireId) instanceof WireType t && t.kind == WireType.Kind.STRUCT;
        };
    }

    private static String describe(int id, GobReader.Result r) {
        String basic = WireType.basicName(id);
        if (basic != null) {
            return basic;
        }
        WireType t = r.type(id);
        return t == null ? "type id " + id : t.describe();
    }
}
