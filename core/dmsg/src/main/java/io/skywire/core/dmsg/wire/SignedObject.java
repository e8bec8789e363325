package io.skywire.core.dmsg.wire;

import io.skywire.core.crypto.PubKey;
import io.skywire.core.crypto.SecKey;
import io.skywire.core.crypto.Secp256k1;
import io.skywire.core.crypto.Sig;
import io.skywire.core.crypto.SignatureException;
import java.util.Arrays;
import java.util.Objects;

public record SignedObject<T>(Sig sig, T object, byte[] gob) {
   public static final int SIG_LENGTH = 65;

   public SignedObject(Sig sig, T object, byte[] gob) {
      Objects.requireNonNull(sig, "sig");
      Objects.requireNonNull(object, "object");
      gob = (byte[])gob.clone();
      this.sig = sig;
      this.object = object;
      this.gob = gob;
   }

   public byte[] gob() {
      return (byte[])this.gob.clone();
   }

   public byte[] raw() {
      byte[] s = this.sig.bytes();
      byte[] out = Arrays.copyOf(s, s.length + this.gob.length);
      System.arraycopy(this.gob, 0, out, s.length, this.gob.length);
      return out;
   }

   public byte[] hash() {
      return Secp256k1.sha256(new byte[][]{this.sig.bytes(), this.gob});
   }

   public static byte[] sign(SecKey sk, StreamRequest req) {
      return concat(sk, Gob.encode(req));
   }

   public static byte[] sign(SecKey sk, StreamResponse resp) {
      return concat(sk, Gob.encode(resp));
   }

   private static byte[] concat(SecKey sk, byte[] gob) {
      Objects.requireNonNull(sk, "sk");
      byte[] sig = Secp256k1.sign(sk, gob).bytes();
      byte[] out = Arrays.copyOf(sig, sig.length + gob.length);
      System.arraycopy(gob, 0, out, sig.length, gob.length);
      return out;
   }

   public static byte[] hash(byte[] signedObject) {
      return Secp256k1.sha256(new byte[][]{signedObject});
   }

   public static SignedObject<StreamRequest> parseRequest(byte[] signed) throws WireException {
      byte[] gob = split(signed);
      return new SignedObject<>(Sig.fromBytes(Arrays.copyOf(signed, 65)), Gob.decodeRequest(gob), gob);
   }

   public static SignedObject<StreamResponse> parseResponse(byte[] signed) throws WireException {
      byte[] gob = split(signed);
      return new SignedObject<>(Sig.fromBytes(Arrays.copyOf(signed, 65)), Gob.decodeResponse(gob), gob);
   }

   private static byte[] split(byte[] signed) throws WireException {
      if (signed != null && signed.length > 65) {
         return Arrays.copyOfRange(signed, 65, signed.length);
      } else {
         throw new WireException(370, (signed == null ? 0 : signed.length) + " bytes, expected a 65-byte signature followed by the gob object");
      }
   }

   public boolean isSignedBy(PubKey pk) {
      return !pk.isNull() && Secp256k1.verify(pk, this.sig, this.gob);
   }

   public static void verifyRequest(SignedObject<StreamRequest> so, long lastTimestamp) throws WireException {
      verifyRequestFields(so.object());
      StreamRequest req = so.object();
      if (req.timestamp() <= lastTimestamp) {
         throw new WireException(301, "timestamp " + req.timestamp() + " is not after " + lastTimestamp);
      } else {
         verifyRequestSignature(so);
      }
   }

   static void verifyRequestFields(StreamRequest req) throws WireException {
      if (req.src().pk().isNull()) {
         throw new WireException(302, "source key is the null key");
      } else if (req.src().port() == 0) {
         throw new WireException(304, "source port is 0");
      } else if (req.dst().pk().isNull()) {
         throw new WireException(303, "destination key is the null key");
      } else if (req.dst().port() == 0) {
         throw new WireException(305, "destination port is 0");
      }
   }

   static void verifyRequestSignature(SignedObject<StreamRequest> so) throws WireException {
      try {
         Secp256k1.verifyOrThrow(so.object().src().pk(), so.sig(), so.gob);
      } catch (SignatureException var2) {
         throw new WireException(300, var2.getMessage());
      }
   }

   public static void requireSource(SignedObject<StreamRequest> so, PubKey sessionRemote) throws WireException {
      if (!so.object().src().pk().equals(sessionRemote)) {
         throw new WireException(302, "source " + so.object().src().pk() + " is not the session's remote key " + sessionRemote);
      }
   }

   public static void requireDestination(SignedObject<StreamRequest> so, PubKey local) throws WireException {
      if (!so.object().dst().pk().equals(local)) {
         throw new WireException(303, "destination " + so.object().dst().pk() + " is not the local key " + local);
      }
   }

   public static void verifyResponse(SignedObject<StreamResponse> resp, SignedObject<StreamRequest> req) throws WireException {
      if (!Arrays.equals(resp.object().reqHashRaw(), req.hash())) {
         throw new WireException(351, "the response answers a different request");
      } else {
         try {
            Secp256k1.verifyOrThrow(req.object().dst().pk(), resp.sig(), resp.gob);
         } catch (SignatureException var3) {
            throw new WireException(350, var3.getMessage());
         }

         if (!resp.object().accepted()) {
            int code = (int)resp.object().errCode();
            if (WireException.goText(code) != null) {
               throw new WireException(code, "response rejected the request");
            } else {
               throw new WireException(352, code == 0 ? null : "unknown error code " + code);
            }
         }
      }
   }

   @Override
   public boolean equals(Object o) {
      return o instanceof SignedObject<?> s && this.sig.equals(s.sig) && this.object.equals(s.object) && Arrays.equals(this.gob, s.gob);
   }

   @Override
   public int hashCode() {
      return (this.sig.hashCode() * 31 + this.object.hashCode()) * 31 + Arrays.hashCode(this.gob);
   }

   @Override
   public String toString() {
      return "SignedObject[sig=" + this.sig + ", object=" + this.object + ", gob=" + this.gob.length + " bytes]";
   }
}
