package io.skywire.core.dmsg.wire;

import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Map.Entry;

public sealed interface GobValue
   permits GobValue.Bool,
   GobValue.Int,
   GobValue.Uint,
   GobValue.Float,
   GobValue.Complex,
   GobValue.Bytes,
   GobValue.Str,
   GobValue.Struct,
   GobValue.Array,
   GobValue.Slice,
   GobValue.MapValue,
   GobValue.Marshaled {
   public record Array(String typeName, List<GobValue> elements) implements GobValue {
      public Array(String typeName, List<GobValue> elements) {
         Objects.requireNonNull(typeName, "typeName");
         elements = List.copyOf(elements);
         this.typeName = typeName;
         this.elements = elements;
      }
   }

   public record Bool(boolean value) implements GobValue {
   }

   public record Bytes(byte[] value) implements GobValue {
      public Bytes(byte[] value) {
         value = (byte[])value.clone();
         this.value = value;
      }

      public byte[] value() {
         return (byte[])this.value.clone();
      }

      byte[] raw() {
         return this.value;
      }

      @Override
      public boolean equals(Object o) {
         return o instanceof GobValue.Bytes b && Arrays.equals(this.value, b.value);
      }

      @Override
      public int hashCode() {
         return Arrays.hashCode(this.value);
      }

      @Override
      public String toString() {
         return "Bytes[" + HexFormat.of().formatHex(this.value) + "]";
      }
   }

   public record Complex(double re, double im) implements GobValue {
   }

   public record Float(double value) implements GobValue {
   }

   public record Int(long value) implements GobValue {
   }

   public record MapValue(String typeName, List<Entry<GobValue, GobValue>> entries) implements GobValue {
      public MapValue(String typeName, List<Entry<GobValue, GobValue>> entries) {
         Objects.requireNonNull(typeName, "typeName");
         entries = List.copyOf(entries);
         this.typeName = typeName;
         this.entries = entries;
      }
   }

   public static enum MarshalKind {
      GOB,
      BINARY,
      TEXT;
   }

   public record Marshaled(String typeName, GobValue.MarshalKind kind, byte[] data) implements GobValue {
      public Marshaled(String typeName, GobValue.MarshalKind kind, byte[] data) {
         Objects.requireNonNull(typeName, "typeName");
         Objects.requireNonNull(kind, "kind");
         data = (byte[])data.clone();
         this.typeName = typeName;
         this.kind = kind;
         this.data = data;
      }

      public byte[] data() {
         return (byte[])this.data.clone();
      }

      byte[] raw() {
         return this.data;
      }

      @Override
      public boolean equals(Object o) {
         return o instanceof GobValue.Marshaled m && this.typeName.equals(m.typeName) && this.kind == m.kind && Arrays.equals(this.data, m.data);
      }

      @Override
      public int hashCode() {
         return (this.typeName.hashCode() * 31 + this.kind.hashCode()) * 31 + Arrays.hashCode(this.data);
      }

      @Override
      public String toString() {
         return "Marshaled[" + this.typeName + ", " + this.kind + ", " + HexFormat.of().formatHex(this.data) + "]";
      }
   }

   public record Slice(String typeName, List<GobValue> elements) implements GobValue {
      public Slice(String typeName, List<GobValue> elements) {
         Objects.requireNonNull(typeName, "typeName");
         elements = List.copyOf(elements);
         this.typeName = typeName;
         this.elements = elements;
      }
   }

   public record Str(String value) implements GobValue {
      public Str(String value) {
         Objects.requireNonNull(value, "value");
         this.value = value;
      }
   }

   public record Struct(String typeName, Map<String, GobValue> fields) implements GobValue {
      public Struct(String typeName, Map<String, GobValue> fields) {
         Objects.requireNonNull(typeName, "typeName");
         fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
         this.typeName = typeName;
         this.fields = fields;
      }
   }

   public record Uint(long value) implements GobValue {
      @Override
      public String toString() {
         return "Uint[" + Long.toUnsignedString(this.value) + "]";
      }
   }
}
