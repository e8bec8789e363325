package io.skywire.core.dmsg.wire;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

public record StreamResponse(byte[] reqHash, boolean accepted, byte[] ip, long errCode, byte[] noiseMsg) {
   public static final int HASH_LENGTH = 32;

   public StreamResponse(byte[] reqHash, boolean accepted, byte[] ip, long errCode, byte[] noiseMsg) {
      Objects.requireNonNull(reqHash, "reqHash");
      if (reqHash.length != 32) {
         throw new IllegalArgumentException("reqHash must be 32 bytes (SHA-256), got " + reqHash.length);
      } else if (errCode >= 0L && errCode <= 65535L) {
         reqHash = (byte[])reqHash.clone();
         ip = ip == null ? new byte[0] : (byte[])ip.clone();
         noiseMsg = noiseMsg == null ? new byte[0] : (byte[])noiseMsg.clone();
         this.reqHash = reqHash;
         this.accepted = accepted;
         this.ip = ip;
         this.errCode = errCode;
         this.noiseMsg = noiseMsg;
      } else {
         throw new IllegalArgumentException("errCode " + errCode + " out of range 0..65535 (Go's uint16)");
      }
   }

   public byte[] reqHash() {
      return (byte[])this.reqHash.clone();
   }

   public byte[] ip() {
      return (byte[])this.ip.clone();
   }

   public byte[] noiseMsg() {
      return (byte[])this.noiseMsg.clone();
   }

   byte[] reqHashRaw() {
      return this.reqHash;
   }

   byte[] ipRaw() {
      return this.ip;
   }

   byte[] noiseMsgRaw() {
      return this.noiseMsg;
   }

   @Override
   public boolean equals(Object o) {
      return o instanceof StreamResponse r
         && Arrays.equals(this.reqHash, r.reqHash)
         && this.accepted == r.accepted
         && Arrays.equals(this.ip, r.ip)
         && this.errCode == r.errCode
         && Arrays.equals(this.noiseMsg, r.noiseMsg);
   }

   @Override
   public int hashCode() {
      return ((Arrays.hashCode(this.reqHash) * 31 + Boolean.hashCode(this.accepted)) * 31 + Arrays.hashCode(this.ip)) * 31
         + Long.hashCode(this.errCode) * 17
         + Arrays.hashCode(this.noiseMsg);
   }

   @Override
   public String toString() {
      HexFormat h = HexFormat.of();
      return "StreamResponse[reqHash="
         + h.formatHex(this.reqHash)
         + ", accepted="
         + this.accepted
         + ", ip="
         + h.formatHex(this.ip)
         + ", errCode="
         + this.errCode
         + ", noiseMsg="
         + h.formatHex(this.noiseMsg)
         + "]";
   }
}
