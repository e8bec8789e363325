package io.skywire.core.dmsg.wire;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A strict decoder for one gob stream holding type definitions followed by exactly one value (what a fresh Go
 * {@code gob.Encoder} writes for one {@code Encode} call). Everything is bounded: stream size, message lengths,
 * element counts (never more than the bytes left), nesting depth and the number of type definitions.
 */
final class GobReader {
    static final int MAX_STREAM = 64 * 1024;
    static final int MAX_DEPTH = 32;
    static final int MAX_TYPE_DEFS = 64;

    /** The decoded value with the type definitions it was read with. */
    record Result(Map<Integer, WireType> types, int typeId, GobValue value) {
        WireType type(int id) {
            return types.get(id);
        }
    }

    private final byte[] b;
    private int pos;
    private int end; // end of the current message
    private final Map<Integer, WireType> types = new HashMap<>();

    private GobReader(byte[] b) {
        this.b = b;
    }

    static Result decode(byte[] stream) throws WireException {
        if (stream == null) {
            throw new WireException("gob: no data (null)");
        }
        if (stream.length == 0) {
            throw new WireException("gob: empty stream");
        }
        if (stream.length > MAX_STREAM) {
            throw new WireException("gob: stream of " + stream.length + " bytes exceeds the " + MAX_STREAM
                    + "-byte limit for a dmsg object");
        }
        return new GobReader(stream).run();
    }

    private Result run() throws WireException {
        while (true) {
            if (pos >= b.length) {
                throw new WireException("gob: stream ended after " + types.size()
                        + " type definition(s) without a value");
            }
            int start = pos;
            end = b.length;
            long n = readUint();
            if (n == 0) {
                throw new WireException("gob: zero-length message at offset " + start);
            }
            if (Long.compareUnsigned(n, b.length - pos) > 0) {
                throw new WireException("gob: truncated: message at offset " + start + " claims "
                        + Long.toUnsignedString(n) + " bytes, only " + (b.length - pos) + " left");
            }
            end = pos + (int) n;
            long id = readInt();
            if (id < 0) {
                if (id < -Integer.MAX_VALUE) {
                    throw new WireException("gob: type id " + id + " out of range in definition at offset " + start);
                }
                int tid = (int) -id;
                defineType(tid, start);
                continue;
            }
            if (id == 0 || id > Integer.MAX_VALUE) {
                throw new WireException("gob: bad type id " + id + " for the value at offset " + start);
            }
            int tid = (int) id;
            checkClosure(tid);
            WireType t = types.get(tid);
            GobValue v;
            if (t != null && t.kind == WireType.Kind.STRUCT) {
                v = readStruct(t, 1);
            } else {
                long delta = readUint();
                if (delta != 0) {
                    throw new WireException("gob: corrupted data: non-zero delta " + Long.toUnsignedString(delta)
                            + " for a singleton value");
                }
                v = readValue(tid, 1);
            }
            if (pos != end) {
                throw new WireException("gob: " + (end - pos) + " extra byte(s) after the value in the message at offset "
                        + start);
            }
            if (end != b.length) {
                throw new WireException("gob: " + (b.length - end) + " trailing byte(s) after the value message");
            }
            return new Result(Map.copyOf(types), tid, v);
        }
    }

    private void defineType(int tid, int start) throws WireException {
        if (tid < WireType.FIRST_USER_ID) {
            throw new WireException("gob: type definition for predefined id " + tid + " (ids below 64 are reserved)");
        }
        if (types.containsKey(tid)) {
            throw new WireException("gob: duplicate type definition for id " + tid);
        }
        if (types.size() >= MAX_TYPE_DEFS) {
            throw new WireException("gob: more than " + MAX_TYPE_DEFS + " type definitions");
        }
        WireType w = readWireType(tid);
        if (pos != end) {
            throw new WireException("gob: " + (end - pos) + " extra byte(s) after the definition of type id " + tid
                    + " at offset " + start);
        }
        types.put(tid, w);
    }

    // ---- type definitions (Go's bootstrap wireType and its component structs) ----

    private WireType readWireType(int tid) throws WireException {
        WireType result = null;
        int field = -1;
        while (true) {
            long delta = readUint();
            if (delta == 0) {
                break;
            }
            field = nextField(field, delta, 7, "wireType");
            WireType t = switch (field) {
                case 0 -> readArrayType();
                case 1 -> readSliceType();
                case 2 -> readStructType();
                case 3 -> readMapType();
                case 4 -> readMarshalerType(GobValue.MarshalKind.GOB);
                case 5 -> readMarshalerType(GobValue.MarshalKind.BINARY);
                default -> readMarshalerType(GobValue.MarshalKind.TEXT);
            };
            if (result != null) {
                throw new WireException("gob: definition of type id " + tid + " describes more than one kind of type");
            }
            result = t;
        }
        if (result == null) {
            throw new WireException("gob: definition of type id " + tid + " is empty");
        }
        return result;
    }

    /** CommonType{Name string; Id typeId}: returns the name. */
    private String readCommonType() throws WireException {
        String name = "";
        int field = -1;
        while (true) {
            long delta = readUint();
            if (delta == 0) {
                return name;
            }
            field = nextField(field, delta, 2, "CommonType");
            if (field == 0) {
                name = readString();
            } else {
                readTypeId(); // the sender's own id; informational
            }
        }
    }

    private WireType readArrayType() throws WireException {
        String name = "";
        int elem = 0;
        long len = 0;
        int field = -1;
        while (true) {
            long delta = readUint();
            if (delta == 0) {
                break;
            }
            field = nextField(field, delta, 3, "arrayType");
            switch (field) {
                case 0 -> name = readCommonType();
                case 1 -> elem = readTypeId();
                default -> len = readInt();
            }
        }
        if (len < 0 || len > MAX_STREAM) {
            throw new WireException("gob: array type " + WireType.quote(name) + " has invalid length " + len);
        }
        return WireType.array(name, requireRef(elem, name), (int) len);
    }

    private WireType readSliceType() throws WireException {
        String name = "";
        int elem = 0;
        int field = -1;
        while (true) {
            long delta = readUint();
            if (delta == 0) {
                break;
            }
            field = nextField(field, delta, 2, "sliceType");
            if (field == 0) {
                name = readCommonType();
            } else {
                elem = readTypeId();
            }
        }
        return WireType.slice(name, requireRef(elem, name));
    }

    private WireType readStructType() throws WireException {
        String name = "";
        List<WireType.Field> fields = new ArrayList<>();
        int field = -1;
        while (true) {
            long delta = readUint();
            if (delta == 0) {
                break;
            }
            field = nextField(field, delta, 2, "structType");
            if (field == 0) {
                name = readCommonType();
            } else {
                long count = readCount("struct field list");
                fields.clear();
                for (long i = 0; i < count; i++) {
                    fields.add(readFieldType());
                }
            }
        }
        return WireType.struct(name, fields);
    }

    private WireType.Field readFieldType() throws WireException {
        String name = "";
        int id = 0;
        int field = -1;
        while (true) {
            long delta = readUint();
            if (delta == 0) {
                break;
            }
            field = nextField(field, delta, 2, "fieldType");
            if (field == 0) {
                name = readString();
            } else {
                id = readTypeId();
            }
        }
        return new WireType.Field(name, requireRef(id, name));
    }

    private WireType readMapType() throws WireException {
        String name = "";
        int key = 0;
        int elem = 0;
        int field = -1;
        while (true) {
            long delta = readUint();
            if (delta == 0) {
                break;
            }
            field = nextField(field, delta, 3, "mapType");
            switch (field) {
                case 0 -> name = readCommonType();
                case 1 -> key = readTypeId();
                default -> elem = readTypeId();
            }
        }
        return WireType.map(name, requireRef(key, name), requireRef(elem, name));
    }

    private WireType readMarshalerType(GobValue.MarshalKind kind) throws WireException {
        String name = "";
        int field = -1;
        while (true) {
            long delta = readUint();
            if (delta == 0) {
                break;
            }
            field = nextField(field, delta, 1, "gobEncoderType");
            name = readCommonType();
        }
        return WireType.marshaler(name, kind);
    }

    private int readTypeId() throws WireException {
        long v = readInt();
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new WireException("gob: type id " + v + " out of range");
        }
        return (int) v;
    }

    private static int requireRef(int id, String owner) throws WireException {
        if (id <= 0) {
            throw new WireException("gob: type " + WireType.quote(owner) + " refers to invalid type id " + id);
        }
        return id;
    }

    /** Every type reachable from {@code root} must be defined (Go compiles the whole decoder before decoding). */
    private void checkClosure(int root) throws WireException {
        Set<Integer> seen = new HashSet<>();
        ArrayDeque<Integer> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            int id = todo.pop();
            if (!seen.add(id)) {
                continue;
            }
            if (id >= WireType.BOOL && id <= WireType.INTERFACE) {
                continue;
            }
            WireType t = types.get(id);
            if (t == null) {
                throw new WireException("gob: undefined type id " + id
                        + (id == root ? " for the value" : " referenced by the value's type"));
            }
            switch (t.kind) {
                case ARRAY, SLICE -> todo.push(t.elem);
                case MAP -> {
                    todo.push(t.key);
                    todo.push(t.elem);
                }
                case STRUCT -> {
                    for (WireType.Field f : t.fields) {
                        if (f.name().isEmpty()) {
                            throw new WireException("gob: empty name for a field of " + t.describe());
                        }
                        todo.push(f.id());
                    }
                }
                case MARSHALER -> {
                }
            }
        }
    }

    // ---- values ----

    private GobValue readValue(int id, int depth) throws WireException {
        if (depth > MAX_DEPTH) {
            throw new WireException("gob: values nested deeper than " + MAX_DEPTH + " levels");
        }
        switch (id) {
            case WireType.BOOL:
                return new GobValue.Bool(readUint() != 0);
            case WireType.INT:
                return new GobValue.Int(readInt());
            case WireType.UINT:
                return new GobValue.Uint(readUint());
            case WireType.FLOAT:
                return new GobValue.Float(readFloat());
            case WireType.BYTES:
                return new GobValue.Bytes(readBytes());
            case WireType.STRING:
                return new GobValue.Str(new String(readBytes(), StandardCharsets.UTF_8));
            case WireType.COMPLEX: {
                double re = readFloat();
                return new GobValue.Complex(re, readFloat());
            }
            case WireType.INTERFACE:
                throw new WireException("gob: interface values are not supported");
            default:
                break;
        }
        WireType t = types.get(id);
        if (t == null) {
            throw new WireException("gob: undefined type id " + id);
        }
        switch (t.kind) {
            case STRUCT:
                return readStruct(t, depth);
            case ARRAY: {
                long n = readUint();
                if (n != t.len) {
                    throw new WireException("gob: length mismatch for " + t.describe() + ": got "
                            + Long.toUnsignedString(n));
                }
                checkCount(n, 1, t.describe());
                List<GobValue> els = new ArrayList<>((int) n);
                for (long i = 0; i < n; i++) {
                    els.add(readValue(t.elem, depth + 1));
                }
                return new GobValue.Array(t.name, els);
            }
            case SLICE: {
                long n = readCount(t.describe());
                List<GobValue> els = new ArrayList<>((int) n);
                for (long i = 0; i < n; i++) {
                    els.add(readValue(t.elem, depth + 1));
                }
                return new GobValue.Slice(t.name, els);
            }
            case MAP: {
                long n = readUint();
                checkCount(n, 2, t.describe());
                List<Map.Entry<GobValue, GobValue>> entries = new ArrayList<>((int) n);
                for (long i = 0; i < n; i++) {
                    GobValue k = readValue(t.key, depth + 1);
                    GobValue v = readValue(t.elem, depth + 1);
                    entries.add(new AbstractMap.SimpleImmutableEntry<>(k, v));
                }
                return new GobValue.MapValue(t.name, entries);
            }
            default:
                return new GobValue.Marshaled(t.name, t.marshalKind, readBytes());
        }
    }

    private GobValue readStruct(WireType t, int depth) throws WireException {
        if (depth > MAX_DEPTH) {
            throw new WireException("gob: values nested deeper than " + MAX_DEPTH + " levels");
        }
        Map<String, GobValue> fields = new LinkedHashMap<>();
        int field = -1;
        while (true) {
            long delta = readUint();
            if (delta == 0) {
                return new GobValue.Struct(t.name, fields);
            }
            field = nextField(field, delta, t.fields.size(), t.describe());
            WireType.Field f = t.fields.get(field);
            fields.put(f.name(), readValue(f.id(), depth + 1));
        }
    }

    // ---- primitives ----

    private static int nextField(int field, long delta, int count, String what) throws WireException {
        if (Long.compareUnsigned(delta, (long) count - 1 - field) > 0) {
            throw new WireException("gob: field number out of range: delta " + Long.toUnsignedString(delta)
                    + " after field " + field + " of " + what + " (" + count + " fields)");
        }
        return field + (int) delta;
    }

    private long readCount(String what) throws WireException {
        long n = readUint();
        checkCount(n, 1, what);
        return n;
    }

    /** Every element takes at least {@code minBytes} bytes, so a count above what is left is malformed. */
    private void checkCount(long n, int minBytes, String what) throws WireException {
        long left = end - pos;
        if (Long.compareUnsigned(n, left / minBytes) > 0) {
            throw new WireException("gob: element count " + Long.toUnsignedString(n) + " of " + what
                    + " exceeds the " + left + " bytes left in the message");
        }
    }

    private byte[] readBytes() throws WireException {
        long n = readUint();
        if (Long.compareUnsigned(n, end - pos) > 0) {
            throw new WireException("gob: length " + Long.toUnsignedString(n) + " exceeds the " + (end - pos)
                    + " bytes left in the message");
        }
        byte[] out = Arrays.copyOfRange(b, pos, pos + (int) n);
        pos += (int) n;
        return out;
    }

    private String readString() throws WireException {
        return new String(readBytes(), StandardCharsets.UTF_8);
    }

    private double readFloat() throws WireException {
        return Double.longBitsToDouble(Long.reverseBytes(readUint()));
    }

    long readInt() throws WireException {
        long u = readUint();
        return (u & 1) != 0 ? ~(u >>> 1) : u >>> 1;
    }

    long readUint() throws WireException {
        if (pos >= end) {
            throw new WireException("gob: truncated: expected an integer at offset " + pos);
        }
        int first = b[pos++] & 0xff;
        if (first < 0x80) {
            return first;
        }
        int n = 256 - first;
        if (n > 8) {
            throw new WireException("gob: invalid unsigned integer: byte count " + n + " at offset " + (pos - 1));
        }
        if (end - pos < n) {
            throw new WireException("gob: truncated: integer at offset " + (pos - 1) + " needs " + n
                    + " bytes, " + (end - pos) + " left");
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 8) | (b[pos++] & 0xff);
        }
        return v;
    }
}
