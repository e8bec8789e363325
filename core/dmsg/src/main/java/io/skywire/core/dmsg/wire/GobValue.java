package io.skywire.core.dmsg.wire;

import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A decoded gob value, as {@link Gob#decode} returns it. Struct fields are keyed by their wire name; fields a Go
 * encoder omitted (zero values) are simply absent. Type names are the names the sender's type definitions carry
 * (informational; Go matches by field name only).
 */
public sealed interface GobValue {

    /** A gob {@code bool}. */
    record Bool(boolean value) implements GobValue {
    }

    /** A gob {@code int} (any Go signed integer type). */
    record Int(long value) implements GobValue {
    }

    /** A gob {@code uint} (any Go unsigned integer type); {@code value} holds the unsigned 64-bit pattern. */
    record Uint(long value) implements GobValue {
        @Override
        public String toString() {
            return "Uint[" + Long.toUnsignedString(value) + "]";
        }
    }

    /** A gob {@code float}. */
    record Float(double value) implements GobValue {
    }

    /** A gob {@code complex}. */
    record Complex(double re, double im) implements GobValue {
    }

    /** A gob {@code []byte}. */
    record Bytes(byte[] value) implements GobValue {
        public Bytes {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        byte[] raw() {
            return value;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes b && Arrays.equals(value, b.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Bytes[" + HexFormat.of().formatHex(value) + "]";
        }
    }

    /** A gob {@code string} (decoded as UTF-8; invalid sequences become U+FFFD). */
    record Str(String value) implements GobValue {
        public Str {
            Objects.requireNonNull(value, "value");
        }
    }

    /** A struct: the fields present on the wire, in wire order, by name. */
    record Struct(String typeName, Map<String, GobValue> fields) implements GobValue {
        public Struct {
            Objects.requireNonNull(typeName, "typeName");
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }
    }

    /** A fixed-length array ({@code ArrayT}). */
    record Array(String typeName, List<GobValue> elements) implements GobValue {
        public Array {
            Objects.requireNonNull(typeName, "typeName");
            elements = List.copyOf(elements);
        }
    }

    /** A slice ({@code SliceT}; byte slices are {@link Bytes}). */
    record Slice(String typeName, List<GobValue> elements) implements GobValue {
        public Slice {
            Objects.requireNonNull(typeName, "typeName");
            elements = List.copyOf(elements);
        }
    }

    /** A map ({@code MapT}), as its entries in wire order. */
    record MapValue(String typeName, List<Map.Entry<GobValue, GobValue>> entries) implements GobValue {
        public MapValue {
            Objects.requireNonNull(typeName, "typeName");
            entries = List.copyOf(entries);
        }
    }

    /** How a {@link Marshaled} value was produced by the sender. */
    enum MarshalKind {
        /** {@code GobEncoderT}: {@code GobEncode()}. */
        GOB,
        /** {@code BinaryMarshalerT}: {@code MarshalBinary()} (e.g. {@code cipher.PubKey}). */
        BINARY,
        /** {@code TextMarshalerT}: {@code MarshalText()}. */
        TEXT
    }

    /** A value the sender encoded with its own marshaller: the bytes it produced. */
    record Marshaled(String typeName, MarshalKind kind, byte[] data) implements GobValue {
        public Marshaled {
            Objects.requireNonNull(typeName, "typeName");
            Objects.requireNonNull(kind, "kind");
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        byte[] raw() {
            return data;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Marshaled m && typeName.equals(m.typeName) && kind == m.kind
                    && Arrays.equals(data, m.data);
        }

        @Override
        public int hashCode() {
            return (typeName.hashCode() * 31 + kind.hashCode()) * 31 + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Marshaled[" + typeName + ", " + kind + ", " + HexFormat.of().formatHex(data) + "]";
        }
    }
}
