package io.skywire.core.dmsg.wire;

import java.util.List;

/**
 * A type definition received in a gob stream ({@code wireType}): exactly one of array, slice, struct, map or one of
 * the three marshaller kinds. Component types are referenced by id and resolved when a value is decoded.
 */
final class WireType {
    /** Predefined ids (Go's bootstrap types). */
    static final int BOOL = 1;
    static final int INT = 2;
    static final int UINT = 3;
    static final int FLOAT = 4;
    static final int BYTES = 5;
    static final int STRING = 6;
    static final int COMPLEX = 7;
    static final int INTERFACE = 8;
    /** Go's {@code firstUserId}: ids below this are predefined and may not be defined by a stream. */
    static final int FIRST_USER_ID = 64;

    enum Kind { ARRAY, SLICE, STRUCT, MAP, MARSHALER }

    record Field(String name, int id) {
    }

    final Kind kind;
    final String name;
    final int elem; // ARRAY, SLICE, MAP
    final int key; // MAP
    final int len; // ARRAY
    final List<Field> fields; // STRUCT
    final GobValue.MarshalKind marshalKind; // MARSHALER

    private WireType(Kind kind, String name, int elem, int key, int len, List<Field> fields,
            GobValue.MarshalKind marshalKind) {
        this.kind = kind;
        this.name = name;
        this.elem = elem;
        this.key = key;
        this.len = len;
        this.fields = fields;
        this.marshalKind = marshalKind;
    }

    static WireType array(String name, int elem, int len) {
        return new WireType(Kind.ARRAY, name, elem, 0, len, List.of(), null);
    }

    static WireType slice(String name, int elem) {
        return new WireType(Kind.SLICE, name, elem, 0, 0, List.of(), null);
    }

    static WireType struct(String name, List<Field> fields) {
        return new WireType(Kind.STRUCT, name, 0, 0, 0, List.copyOf(fields), null);
    }

    static WireType map(String name, int key, int elem) {
        return new WireType(Kind.MAP, name, elem, key, 0, List.of(), null);
    }

    static WireType marshaler(String name, GobValue.MarshalKind kind) {
        return new WireType(Kind.MARSHALER, name, 0, 0, 0, List.of(), kind);
    }

    /** Go's name of a predefined id, or null. */
    static String basicName(int id) {
        return switch (id) {
            case BOOL -> "bool";
            case INT -> "int";
            case UINT -> "uint";
            case FLOAT -> "float";
            case BYTES -> "[]byte";
            case STRING -> "string";
            case COMPLEX -> "complex";
            case INTERFACE -> "interface";
            default -> null;
        };
    }

    /** A short description for error messages. */
    String describe() {
        return switch (kind) {
            case ARRAY -> "array type " + quote(name) + " [" + len + "]";
            case SLICE -> "slice type " + quote(name);
            case STRUCT -> "struct type " + quote(name);
            case MAP -> "map type " + quote(name);
            case MARSHALER -> switch (marshalKind) {
                case GOB -> "GobEncoder type " + quote(name);
                case BINARY -> "BinaryMarshaler type " + quote(name);
                case TEXT -> "TextMarshaler type " + quote(name);
            };
        };
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        int n = Math.min(s.length(), 64);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (s.length() > n) {
            b.append("...");
        }
        return b.append('"').toString();
    }
}
