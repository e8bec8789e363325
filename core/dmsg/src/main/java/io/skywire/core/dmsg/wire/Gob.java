package io.skywire.core.dmsg.wire;

import io.skywire.core.crypto.InvalidKeyException;
import io.skywire.core.crypto.PubKey;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class Gob {
   public static final int MAX_STREAM_BYTES = 65536;
   static final int ID_STREAM_REQUEST = 65;
   static final int ID_ADDR = 66;
   static final int ID_PUBKEY = 67;
   static final int ID_STREAM_RESPONSE = 68;
   static final int ID_SHA256 = 69;
   private static final Gob.StructOf ADDR;
   private static final Gob.StructOf REQUEST;
   private static final Gob.StructOf RESPONSE;

   private Gob() {
   }

   public static byte[] encode(StreamRequest req) {
      Gob.Buf out = new Gob.Buf();
      out.message(
         structTypeDef(
            65,
            "StreamRequest",
            List.of(
               new WireType.Field("Timestamp", 2),
               new WireType.Field("SrcAddr", 66),
               new WireType.Field("DstAddr", 66),
               new WireType.Field("IPinfo", 1),
               new WireType.Field("NoiseMsg", 5)
            )
         )
      );
      out.message(structTypeDef(66, "Addr", List.of(new WireType.Field("PK", 67), new WireType.Field("Port", 3))));
      out.message(binaryMarshalerTypeDef(67, "PubKey"));
      Gob.Buf v = new Gob.Buf();
      v.writeInt(65L);
      Gob.StructWriter s = new Gob.StructWriter(v);
      if (req.timestamp() != 0L) {
         s.field(0).writeInt(req.timestamp());
      }

      s.field(1);
      writeAddr(v, req.src());
      s.field(2);
      writeAddr(v, req.dst());
      if (req.ipInfo()) {
         s.field(3).writeUint(1L);
      }

      if (req.noiseMsgLength() > 0) {
         s.field(4).writeBytes(req.noiseMsgRaw());
      }

      s.end();
      out.message(v);
      return out.toByteArray();
   }

   public static byte[] encode(StreamResponse resp) {
      Gob.Buf out = new Gob.Buf();
      out.message(
         structTypeDef(
            68,
            "StreamResponse",
            List.of(
               new WireType.Field("ReqHash", 69),
               new WireType.Field("Accepted", 1),
               new WireType.Field("IP", 5),
               new WireType.Field("ErrCode", 3),
               new WireType.Field("NoiseMsg", 5)
            )
         )
      );
      out.message(arrayTypeDef(69, "SHA256", 3, 32));
      Gob.Buf v = new Gob.Buf();
      v.writeInt(68L);
      Gob.StructWriter s = new Gob.StructWriter(v);
      s.field(0).writeUint(32L);

      for (byte x : resp.reqHashRaw()) {
         v.writeUint(x & 255);
      }

      if (resp.accepted()) {
         s.field(1).writeUint(1L);
      }

      if (resp.ipRaw().length > 0) {
         s.field(2).writeBytes(resp.ipRaw());
      }

      if (resp.errCode() != 0L) {
         s.field(3).writeUint(resp.errCode());
      }

      if (resp.noiseMsgRaw().length > 0) {
         s.field(4).writeBytes(resp.noiseMsgRaw());
      }

      s.end();
      out.message(v);
      return out.toByteArray();
   }

   private static void writeAddr(Gob.Buf v, Addr a) {
      Gob.StructWriter s = new Gob.StructWriter(v);
      if (!a.pk().isNull()) {
         s.field(0).writeBytes(a.pk().bytes());
      }

      if (a.port() != 0) {
         s.field(1).writeUint(a.port());
      }

      s.end();
   }

   static Gob.Buf structTypeDef(int id, String name, List<WireType.Field> fields) {
      Gob.Buf b = new Gob.Buf();
      b.writeInt(-id);
      Gob.StructWriter wire = new Gob.StructWriter(b);
      wire.field(2);
      Gob.StructWriter st = new Gob.StructWriter(b);
      st.field(0);
      commonType(b, name, id);
      if (!fields.isEmpty()) {
         st.field(1).writeUint(fields.size());

         for (WireType.Field f : fields) {
            Gob.StructWriter ft = new Gob.StructWriter(b);
            ft.field(0).writeString(f.name());
            ft.field(1).writeInt(f.id());
            ft.end();
         }
      }

      st.end();
      wire.end();
      return b;
   }

   static Gob.Buf arrayTypeDef(int id, String name, int elem, int len) {
      Gob.Buf b = new Gob.Buf();
      b.writeInt(-id);
      Gob.StructWriter wire = new Gob.StructWriter(b);
      wire.field(0);
      Gob.StructWriter at = new Gob.StructWriter(b);
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

   static Gob.Buf binaryMarshalerTypeDef(int id, String name) {
      Gob.Buf b = new Gob.Buf();
      b.writeInt(-id);
      Gob.StructWriter wire = new Gob.StructWriter(b);
      wire.field(5);
      Gob.StructWriter gt = new Gob.StructWriter(b);
      gt.field(0);
      commonType(b, name, id);
      gt.end();
      wire.end();
      return b;
   }

   private static void commonType(Gob.Buf b, String name, int id) {
      Gob.StructWriter ct = new Gob.StructWriter(b);
      if (!name.isEmpty()) {
         ct.field(0).writeString(name);
      }

      ct.field(1).writeInt(id);
      ct.end();
   }

   public static GobValue decode(byte[] stream) throws WireException {
      return GobReader.decode(stream).value();
   }

   public static StreamRequest decodeRequest(byte[] stream) throws WireException {
      GobReader.Result r = GobReader.decode(stream);
      compileStruct(REQUEST, r.typeId(), r, true);
      Map<String, GobValue> f = ((GobValue.Struct)r.value()).fields();
      return new StreamRequest(
         f.get("Timestamp") instanceof GobValue.Int i ? i.value() : 0L,
         toAddr(f.get("SrcAddr")),
         toAddr(f.get("DstAddr")),
         f.get("IPinfo") instanceof GobValue.Bool bo && bo.value(),
         f.get("NoiseMsg") instanceof GobValue.Bytes by ? by.raw() : null
      );
   }

   public static StreamResponse decodeResponse(byte[] stream) throws WireException {
      GobReader.Result r = GobReader.decode(stream);
      compileStruct(RESPONSE, r.typeId(), r, true);
      Map<String, GobValue> f = ((GobValue.Struct)r.value()).fields();
      byte[] hash = new byte[32];
      if (f.get("ReqHash") instanceof GobValue.Array a) {
         for (int i = 0; i < hash.length; i++) {
            long v = ((GobValue.Uint)a.elements().get(i)).value();
            if (Long.compareUnsigned(v, 255L) > 0) {
               throw new WireException("gob: value " + Long.toUnsignedString(v) + " for an element of \"ReqHash\" out of range (uint8)");
            }

            hash[i] = (byte)v;
         }
      }

      long errCode = 0L;
      if (f.get("ErrCode") instanceof GobValue.Uint u) {
         errCode = checkUint16(u.value(), "ErrCode");
      }

      return new StreamResponse(
         hash,
         f.get("Accepted") instanceof GobValue.Bool bo && bo.value(),
         f.get("IP") instanceof GobValue.Bytes ip ? ip.raw() : null,
         errCode,
         f.get("NoiseMsg") instanceof GobValue.Bytes by ? by.raw() : null
      );
   }

   private static Addr toAddr(GobValue v) throws WireException {
      if (v instanceof GobValue.Struct s) {
         PubKey pk = PubKey.NULL;
         if (s.fields().get("PK") instanceof GobValue.Marshaled m) {
            try {
               pk = PubKey.fromBytes(m.raw());
            } catch (InvalidKeyException var6) {
               throw new WireException("gob: field PK: " + var6.getMessage());
            }
         }

         int port = 0;
         if (s.fields().get("Port") instanceof GobValue.Uint u) {
            port = (int)checkUint16(u.value(), "Port");
         }

         return new Addr(pk, port);
      } else {
         return new Addr(PubKey.NULL, 0);
      }
   }

   private static long checkUint16(long v, String field) throws WireException {
      if (Long.compareUnsigned(v, 65535L) > 0) {
         throw new WireException("gob: value " + Long.toUnsignedString(v) + " for \"" + field + "\" out of range (uint16)");
      } else {
         return v;
      }
   }

   private static void compileStruct(Gob.StructOf local, int wireId, GobReader.Result r, boolean topLevel) throws WireException {
      WireType wt = r.type(wireId);
      if (wt != null && wt.kind == WireType.Kind.STRUCT) {
         int matched = 0;

         for (WireType.Field f : wt.fields) {
            Gob.Local lf = local.fields().get(f.name());
            if (lf != null) {
               if (lf instanceof Gob.StructOf nested) {
                  compileStruct(nested, f.id(), r, false);
               } else if (!compatible(lf, f.id(), r)) {
                  throw new WireException(
                     "gob: wrong type (" + lf.goName() + ") for received field " + wt.name + "." + f.name() + " (sent as " + describe(f.id(), r) + ")"
                  );
               }

               matched++;
            }
         }

         if (topLevel && matched == 0 && !wt.fields.isEmpty()) {
            throw new WireException("gob: type mismatch: no fields matched compiling decoder for " + local.goName() + " (received " + wt.describe() + ")");
         }
      } else {
         throw new WireException("gob: type mismatch: want struct type " + local.goName() + ", got " + describe(wireId, r));
      }
   }

   private static boolean compatible(Gob.Local local, int wireId, GobReader.Result r) {
      return switch (local) {
         case Gob.Basic b -> b.wireId() == wireId;
         case Gob.BinaryUnmarshaler u -> {
            WireType var13 = r.type(wireId);
            yield var13 instanceof WireType && var13.kind == WireType.Kind.MARSHALER && var13.marshalKind == GobValue.MarshalKind.BINARY;
         }
         case Gob.ArrayOf a -> {
            WireType var14 = r.type(wireId);
            yield var14 instanceof WireType && var14.kind == WireType.Kind.ARRAY && var14.len == a.len() && compatible(a.elem(), var14.elem, r);
         }
         case Gob.StructOf s -> {
            WireType var12 = r.type(wireId);
            yield var12 instanceof WireType && var12.kind == WireType.Kind.STRUCT;
         }
         default -> throw new MatchException(null, null);
      };
   }

   private static String describe(int id, GobReader.Result r) {
      String basic = WireType.basicName(id);
      if (basic != null) {
         return basic;
      } else {
         WireType t = r.type(id);
         return t == null ? "type id " + id : t.describe();
      }
   }

   static {
      Map<String, Gob.Local> addr = new LinkedHashMap<>();
      addr.put("PK", new Gob.BinaryUnmarshaler("cipher.PubKey"));
      addr.put("Port", new Gob.Basic("uint16", 3));
      ADDR = new Gob.StructOf("dmsg.Addr", addr);
      Map<String, Gob.Local> req = new LinkedHashMap<>();
      req.put("Timestamp", new Gob.Basic("int64", 2));
      req.put("SrcAddr", ADDR);
      req.put("DstAddr", ADDR);
      req.put("IPinfo", new Gob.Basic("bool", 1));
      req.put("NoiseMsg", new Gob.Basic("[]uint8", 5));
      REQUEST = new Gob.StructOf("dmsg.StreamRequest", req);
      Map<String, Gob.Local> resp = new LinkedHashMap<>();
      resp.put("ReqHash", new Gob.ArrayOf("cipher.SHA256", 32, new Gob.Basic("uint8", 3)));
      resp.put("Accepted", new Gob.Basic("bool", 1));
      resp.put("IP", new Gob.Basic("net.IP", 5));
      resp.put("ErrCode", new Gob.Basic("dmsg.errorCode", 3));
      resp.put("NoiseMsg", new Gob.Basic("[]uint8", 5));
      RESPONSE = new Gob.StructOf("dmsg.StreamResponse", resp);
   }

   private record ArrayOf(String goName, int len, Gob.Local elem) implements Gob.Local {
   }

   private record Basic(String goName, int wireId) implements Gob.Local {
   }

   private record BinaryUnmarshaler(String goName) implements Gob.Local {
   }

   static final class Buf {
      private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

      void writeUint(long v) {
         if (v >= 0L && v < 128L) {
            this.out.write((int)v);
         } else {
            int n = 8 - Long.numberOfLeadingZeros(v) / 8;
            this.out.write(256 - n);

            for (int i = n - 1; i >= 0; i--) {
               this.out.write((int)(v >>> 8 * i));
            }
         }
      }

      void writeInt(long v) {
         this.writeUint(v < 0L ? ~v << 1 | 1L : v << 1);
      }

      void writeBytes(byte[] data) {
         this.writeUint(data.length);
         this.out.writeBytes(data);
      }

      void writeString(String s) {
         this.writeBytes(s.getBytes(StandardCharsets.UTF_8));
      }

      void message(Gob.Buf body) {
         this.writeUint(body.out.size());
         this.out.writeBytes(body.out.toByteArray());
      }

      byte[] toByteArray() {
         return this.out.toByteArray();
      }
   }

   private sealed interface Local permits Gob.Basic, Gob.ArrayOf, Gob.BinaryUnmarshaler, Gob.StructOf {
      String goName();
   }

   private record StructOf(String goName, Map<String, Gob.Local> fields) implements Gob.Local {
   }

   static final class StructWriter {
      private final Gob.Buf b;
      private int last = -1;

      StructWriter(Gob.Buf b) {
         this.b = b;
      }

      Gob.Buf field(int n) {
         this.b.writeUint(n - this.last);
         this.last = n;
         return this.b;
      }

      void end() {
         this.b.writeUint(0L);
      }
   }
}
