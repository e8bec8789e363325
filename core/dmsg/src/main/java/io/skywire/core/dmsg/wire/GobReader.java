package io.skywire.core.dmsg.wire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.Map.Entry;

final class GobReader {
   static final int MAX_STREAM = 65536;
   static final int MAX_DEPTH = 32;
   static final int MAX_TYPE_DEFS = 64;
   private final byte[] b;
   private int pos;
   private int end;
   private final Map<Integer, WireType> types = new HashMap<>();

   private GobReader(byte[] b) {
      this.b = b;
   }

   static GobReader.Result decode(byte[] stream) throws WireException {
      if (stream == null) {
         throw new WireException("gob: no data (null)");
      } else if (stream.length == 0) {
         throw new WireException("gob: empty stream");
      } else if (stream.length > 65536) {
         throw new WireException("gob: stream of " + stream.length + " bytes exceeds the 65536-byte limit for a dmsg object");
      } else {
         return new GobReader(stream).run();
      }
   }

   private GobReader.Result run() throws WireException {
      while (this.pos < this.b.length) {
         int start = this.pos;
         this.end = this.b.length;
         long n = this.readUint();
         if (n == 0L) {
            throw new WireException("gob: zero-length message at offset " + start);
         }

         if (Long.compareUnsigned(n, this.b.length - this.pos) > 0) {
            throw new WireException(
               "gob: truncated: message at offset " + start + " claims " + Long.toUnsignedString(n) + " bytes, only " + (this.b.length - this.pos) + " left"
            );
         }

         this.end = this.pos + (int)n;
         long id = this.readInt();
         if (id >= 0L) {
            if (id != 0L && id <= 2147483647L) {
               int tid = (int)id;
               this.checkClosure(tid);
               WireType t = this.types.get(tid);
               GobValue v;
               if (t != null && t.kind == WireType.Kind.STRUCT) {
                  v = this.readStruct(t, 1);
               } else {
                  long delta = this.readUint();
                  if (delta != 0L) {
                     throw new WireException("gob: corrupted data: non-zero delta " + Long.toUnsignedString(delta) + " for a singleton value");
                  }

                  v = this.readValue(tid, 1);
               }

               if (this.pos != this.end) {
                  throw new WireException("gob: " + (this.end - this.pos) + " extra byte(s) after the value in the message at offset " + start);
               }

               if (this.end != this.b.length) {
                  throw new WireException("gob: " + (this.b.length - this.end) + " trailing byte(s) after the value message");
               }

               return new GobReader.Result(Map.copyOf(this.types), tid, v);
            }

            throw new WireException("gob: bad type id " + id + " for the value at offset " + start);
         }

         if (id < -2147483647L) {
            throw new WireException("gob: type id " + id + " out of range in definition at offset " + start);
         }

         int tidx = (int)(-id);
         this.defineType(tidx, start);
      }

      throw new WireException("gob: stream ended after " + this.types.size() + " type definition(s) without a value");
   }

   private void defineType(int tid, int start) throws WireException {
      if (tid < 64) {
         throw new WireException("gob: type definition for predefined id " + tid + " (ids below 64 are reserved)");
      } else if (this.types.containsKey(tid)) {
         throw new WireException("gob: duplicate type definition for id " + tid);
      } else if (this.types.size() >= 64) {
         throw new WireException("gob: more than 64 type definitions");
      } else {
         WireType w = this.readWireType(tid);
         if (this.pos != this.end) {
            throw new WireException("gob: " + (this.end - this.pos) + " extra byte(s) after the definition of type id " + tid + " at offset " + start);
         } else {
            this.types.put(tid, w);
         }
      }
   }

   private WireType readWireType(int tid) throws WireException {
      WireType result = null;
      int field = -1;

      while (true) {
         long delta = this.readUint();
         if (delta == 0L) {
            if (result == null) {
               throw new WireException("gob: definition of type id " + tid + " is empty");
            }

            return result;
         }

         field = nextField(field, delta, 7, "wireType");

         WireType t = switch (field) {
            case 0 -> this.readArrayType();
            case 1 -> this.readSliceType();
            case 2 -> this.readStructType();
            case 3 -> this.readMapType();
            case 4 -> this.readMarshalerType(GobValue.MarshalKind.GOB);
            case 5 -> this.readMarshalerType(GobValue.MarshalKind.BINARY);
            default -> this.readMarshalerType(GobValue.MarshalKind.TEXT);
         };
         if (result != null) {
            throw new WireException("gob: definition of type id " + tid + " describes more than one kind of type");
         }

         result = t;
      }
   }

   private String readCommonType() throws WireException {
      String name = "";
      int field = -1;

      while (true) {
         long delta = this.readUint();
         if (delta == 0L) {
            return name;
         }

         field = nextField(field, delta, 2, "CommonType");
         if (field == 0) {
            name = this.readString();
         } else {
            this.readTypeId();
         }
      }
   }

   private WireType readArrayType() throws WireException {
      String name = "";
      int elem = 0;
      long len = 0L;
      int field = -1;

      while (true) {
         long delta = this.readUint();
         if (delta == 0L) {
            if (len >= 0L && len <= 65536L) {
               return WireType.array(name, requireRef(elem, name), (int)len);
            }

            throw new WireException("gob: array type " + WireType.quote(name) + " has invalid length " + len);
         }

         field = nextField(field, delta, 3, "arrayType");
         switch (field) {
            case 0:
               name = this.readCommonType();
               break;
            case 1:
               elem = this.readTypeId();
               break;
            default:
               len = this.readInt();
         }
      }
   }

   private WireType readSliceType() throws WireException {
      String name = "";
      int elem = 0;
      int field = -1;

      while (true) {
         long delta = this.readUint();
         if (delta == 0L) {
            return WireType.slice(name, requireRef(elem, name));
         }

         field = nextField(field, delta, 2, "sliceType");
         if (field == 0) {
            name = this.readCommonType();
         } else {
            elem = this.readTypeId();
         }
      }
   }

   private WireType readStructType() throws WireException {
      String name = "";
      List<WireType.Field> fields = new ArrayList<>();
      int field = -1;

      while (true) {
         long delta = this.readUint();
         if (delta == 0L) {
            return WireType.struct(name, fields);
         }

         field = nextField(field, delta, 2, "structType");
         if (field == 0) {
            name = this.readCommonType();
         } else {
            long count = this.readCount("struct field list");
            fields.clear();

            for (long i = 0L; i < count; i++) {
               fields.add(this.readFieldType());
            }
         }
      }
   }

   private WireType.Field readFieldType() throws WireException {
      String name = "";
      int id = 0;
      int field = -1;

      while (true) {
         long delta = this.readUint();
         if (delta == 0L) {
            return new WireType.Field(name, requireRef(id, name));
         }

         field = nextField(field, delta, 2, "fieldType");
         if (field == 0) {
            name = this.readString();
         } else {
            id = this.readTypeId();
         }
      }
   }

   private WireType readMapType() throws WireException {
      String name = "";
      int key = 0;
      int elem = 0;
      int field = -1;

      while (true) {
         long delta = this.readUint();
         if (delta == 0L) {
            return WireType.map(name, requireRef(key, name), requireRef(elem, name));
         }

         field = nextField(field, delta, 3, "mapType");
         switch (field) {
            case 0:
               name = this.readCommonType();
               break;
            case 1:
               key = this.readTypeId();
               break;
            default:
               elem = this.readTypeId();
         }
      }
   }

   private WireType readMarshalerType(GobValue.MarshalKind kind) throws WireException {
      String name = "";
      int field = -1;

      while (true) {
         long delta = this.readUint();
         if (delta == 0L) {
            return WireType.marshaler(name, kind);
         }

         field = nextField(field, delta, 1, "gobEncoderType");
         name = this.readCommonType();
      }
   }

   private int readTypeId() throws WireException {
      long v = this.readInt();
      if (v >= -2147483648L && v <= 2147483647L) {
         return (int)v;
      } else {
         throw new WireException("gob: type id " + v + " out of range");
      }
   }

   private static int requireRef(int id, String owner) throws WireException {
      if (id <= 0) {
         throw new WireException("gob: type " + WireType.quote(owner) + " refers to invalid type id " + id);
      } else {
         return id;
      }
   }

   private void checkClosure(int root) throws WireException {
      Set<Integer> seen = new HashSet<>();
      ArrayDeque<Integer> todo = new ArrayDeque<>();
      todo.push(root);

      while (!todo.isEmpty()) {
         int id = todo.pop();
         if (seen.add(id) && (id < 1 || id > 8)) {
            WireType t = this.types.get(id);
            if (t == null) {
               throw new WireException("gob: undefined type id " + id + (id == root ? " for the value" : " referenced by the value's type"));
            }

            switch (t.kind) {
               case ARRAY:
               case SLICE:
                  todo.push(t.elem);
                  break;
               case MAP:
                  todo.push(t.key);
                  todo.push(t.elem);
                  break;
               case STRUCT:
                  for (WireType.Field f : t.fields) {
                     if (f.name().isEmpty()) {
                        throw new WireException("gob: empty name for a field of " + t.describe());
                     }

                     todo.push(f.id());
                  }
               case MARSHALER:
            }
         }
      }
   }

   private GobValue readValue(int id, int depth) throws WireException {
      if (depth > 32) {
         throw new WireException("gob: values nested deeper than 32 levels");
      } else {
         switch (id) {
            case 1:
               return new GobValue.Bool(this.readUint() != 0L);
            case 2:
               return new GobValue.Int(this.readInt());
            case 3:
               return new GobValue.Uint(this.readUint());
            case 4:
               return new GobValue.Float(this.readFloat());
            case 5:
               return new GobValue.Bytes(this.readBytes());
            case 6:
               return new GobValue.Str(new String(this.readBytes(), StandardCharsets.UTF_8));
            case 7:
               double re = this.readFloat();
               return new GobValue.Complex(re, this.readFloat());
            case 8:
               throw new WireException("gob: interface values are not supported");
            default:
               WireType t = this.types.get(id);
               if (t == null) {
                  throw new WireException("gob: undefined type id " + id);
               } else {
                  switch (t.kind) {
                     case ARRAY:
                        long n = this.readUint();
                        if (n != t.len) {
                           throw new WireException("gob: length mismatch for " + t.describe() + ": got " + Long.toUnsignedString(n));
                        }

                        this.checkCount(n, 1, t.describe());
                        List<GobValue> els = new ArrayList<>((int)n);

                        for (long i = 0L; i < n; i++) {
                           els.add(this.readValue(t.elem, depth + 1));
                        }

                        return new GobValue.Array(t.name, els);
                     case SLICE:
                        long count = this.readCount(t.describe());
                        List<GobValue> items = new ArrayList<>((int)count);

                        for (long i = 0L; i < count; i++) {
                           items.add(this.readValue(t.elem, depth + 1));
                        }

                        return new GobValue.Slice(t.name, items);
                     case MAP:
                        long pairs = this.readUint();
                        this.checkCount(pairs, 2, t.describe());
                        List<Entry<GobValue, GobValue>> entries = new ArrayList<>((int)pairs);

                        for (long i = 0L; i < pairs; i++) {
                           GobValue k = this.readValue(t.key, depth + 1);
                           GobValue v = this.readValue(t.elem, depth + 1);
                           entries.add(new SimpleImmutableEntry<>(k, v));
                        }

                        return new GobValue.MapValue(t.name, entries);
                     case STRUCT:
                        return this.readStruct(t, depth);
                     default:
                        return new GobValue.Marshaled(t.name, t.marshalKind, this.readBytes());
                  }
               }
         }
      }
   }

   private GobValue readStruct(WireType t, int depth) throws WireException {
      if (depth > 32) {
         throw new WireException("gob: values nested deeper than 32 levels");
      } else {
         Map<String, GobValue> fields = new LinkedHashMap<>();
         int field = -1;

         while (true) {
            long delta = this.readUint();
            if (delta == 0L) {
               return new GobValue.Struct(t.name, fields);
            }

            field = nextField(field, delta, t.fields.size(), t.describe());
            WireType.Field f = t.fields.get(field);
            fields.put(f.name(), this.readValue(f.id(), depth + 1));
         }
      }
   }

   private static int nextField(int field, long delta, int count, String what) throws WireException {
      if (Long.compareUnsigned(delta, count - 1L - field) > 0) {
         throw new WireException(
            "gob: field number out of range: delta " + Long.toUnsignedString(delta) + " after field " + field + " of " + what + " (" + count + " fields)"
         );
      } else {
         return field + (int)delta;
      }
   }

   private long readCount(String what) throws WireException {
      long n = this.readUint();
      this.checkCount(n, 1, what);
      return n;
   }

   private void checkCount(long n, int minBytes, String what) throws WireException {
      long left = this.end - this.pos;
      if (Long.compareUnsigned(n, left / minBytes) > 0) {
         throw new WireException("gob: element count " + Long.toUnsignedString(n) + " of " + what + " exceeds the " + left + " bytes left in the message");
      }
   }

   private byte[] readBytes() throws WireException {
      long n = this.readUint();
      if (Long.compareUnsigned(n, this.end - this.pos) > 0) {
         throw new WireException("gob: length " + Long.toUnsignedString(n) + " exceeds the " + (this.end - this.pos) + " bytes left in the message");
      } else {
         byte[] out = Arrays.copyOfRange(this.b, this.pos, this.pos + (int)n);
         this.pos += (int)n;
         return out;
      }
   }

   private String readString() throws WireException {
      return new String(this.readBytes(), StandardCharsets.UTF_8);
   }

   private double readFloat() throws WireException {
      return Double.longBitsToDouble(Long.reverseBytes(this.readUint()));
   }

   long readInt() throws WireException {
      long u = this.readUint();
      return (u & 1L) != 0L ? ~(u >>> 1) : u >>> 1;
   }

   long readUint() throws WireException {
      if (this.pos >= this.end) {
         throw new WireException("gob: truncated: expected an integer at offset " + this.pos);
      } else {
         int first = this.b[this.pos++] & 255;
         if (first < 128) {
            return first;
         } else {
            int n = 256 - first;
            if (n > 8) {
               throw new WireException("gob: invalid unsigned integer: byte count " + n + " at offset " + (this.pos - 1));
            } else if (this.end - this.pos < n) {
               throw new WireException("gob: truncated: integer at offset " + (this.pos - 1) + " needs " + n + " bytes, " + (this.end - this.pos) + " left");
            } else {
               long v = 0L;

               for (int i = 0; i < n; i++) {
                  v = v << 8 | this.b[this.pos++] & 255;
               }

               return v;
            }
         }
      }
   }

   record Result(Map<Integer, WireType> types, int typeId, GobValue value) {
      WireType type(int id) {
         return this.types.get(id);
      }
   }
}
