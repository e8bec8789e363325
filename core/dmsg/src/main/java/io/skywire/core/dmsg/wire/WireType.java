package io.skywire.core.dmsg.wire;

import java.util.List;

final class WireType {
   static final int BOOL = 1;
   static final int INT = 2;
   static final int UINT = 3;
   static final int FLOAT = 4;
   static final int BYTES = 5;
   static final int STRING = 6;
   static final int COMPLEX = 7;
   static final int INTERFACE = 8;
   static final int FIRST_USER_ID = 64;
   final WireType.Kind kind;
   final String name;
   final int elem;
   final int key;
   final int len;
   final List<WireType.Field> fields;
   final GobValue.MarshalKind marshalKind;

   private WireType(WireType.Kind kind, String name, int elem, int key, int len, List<WireType.Field> fields, GobValue.MarshalKind marshalKind) {
      this.kind = kind;
      this.name = name;
      this.elem = elem;
      this.key = key;
      this.len = len;
      this.fields = fields;
      this.marshalKind = marshalKind;
   }

   static WireType array(String name, int elem, int len) {
      return new WireType(WireType.Kind.ARRAY, name, elem, 0, len, List.of(), null);
   }

   static WireType slice(String name, int elem) {
      return new WireType(WireType.Kind.SLICE, name, elem, 0, 0, List.of(), null);
   }

   static WireType struct(String name, List<WireType.Field> fields) {
      return new WireType(WireType.Kind.STRUCT, name, 0, 0, 0, List.copyOf(fields), null);
   }

   static WireType map(String name, int key, int elem) {
      return new WireType(WireType.Kind.MAP, name, elem, key, 0, List.of(), null);
   }

   static WireType marshaler(String name, GobValue.MarshalKind kind) {
      return new WireType(WireType.Kind.MARSHALER, name, 0, 0, 0, List.of(), kind);
   }

   static String basicName(int id) {
      return switch (id) {
         case 1 -> "bool";
         case 2 -> "int";
         case 3 -> "uint";
         case 4 -> "float";
         case 5 -> "[]byte";
         case 6 -> "string";
         case 7 -> "complex";
         case 8 -> "interface";
         default -> null;
      };
   }

   String describe() {
      return switch (this.kind) {
         case ARRAY -> "array type " + quote(this.name) + " [" + this.len + "]";
         case SLICE -> "slice type " + quote(this.name);
         case STRUCT -> "struct type " + quote(this.name);
         case MAP -> "map type " + quote(this.name);
         case MARSHALER -> {
            switch (this.marshalKind) {
               case GOB:
                  yield "GobEncoder type " + quote(this.name);
               case BINARY:
                  yield "BinaryMarshaler type " + quote(this.name);
               case TEXT:
                  yield "TextMarshaler type " + quote(this.name);
               default:
                  throw new MatchException(null, null);
            }
         }
      };
   }

   static String quote(String s) {
      StringBuilder b = new StringBuilder("\"");
      int n = Math.min(s.length(), 64);

      for (int i = 0; i < n; i++) {
         char c = s.charAt(i);
         if (c >= ' ' && c != 127 && c != '"' && c != '\\') {
            b.append(c);
         } else {
            b.append(String.format("\\x%02x", Integer.valueOf(c)));
         }
      }

      if (s.length() > n) {
         b.append("...");
      }

      return b.append('"').toString();
   }

   record Field(String name, int id) {
   }

   static enum Kind {
      ARRAY,
      SLICE,
      STRUCT,
      MAP,
      MARSHALER;
   }
}
