package io.skywire.core.dmsg.wire;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

public record StreamRequest(long timestamp, Addr src, Addr dst, boolean ipInfo, byte[] noiseMsg) {
   public StreamRequest(long timestamp, Addr src, Addr dst, boolean ipInfo, byte[] noiseMsg) {
      Objects.requireNonNull(src, "src");
      Objects.requireNonNull(dst, "dst");
      noiseMsg = noiseMsg == null ? new byte[0] : (byte[])noiseMsg.clone();
      this.timestamp = timestamp;
      this.src = src;
      this.dst = dst;
      this.ipInfo = ipInfo;
      this.noiseMsg = noiseMsg;
   }

   public byte[] noiseMsg() {
      return (byte[])this.noiseMsg.clone();
   }

   int noiseMsgLength() {
      return this.noiseMsg.length;
   }

   byte[] noiseMsgRaw() {
      return this.noiseMsg;
   }

   @Override
   public boolean equals(Object o) {
      return o instanceof StreamRequest r
         && this.timestamp == r.timestamp
         && this.src.equals(r.src)
         && this.dst.equals(r.dst)
         && this.ipInfo == r.ipInfo
         && Arrays.equals(this.noiseMsg, r.noiseMsg);
   }

   @Override
   public int hashCode() {
      return Objects.hash(this.timestamp, this.src, this.dst, this.ipInfo) * 31 + Arrays.hashCode(this.noiseMsg);
   }

   @Override
   public String toString() {
      return "StreamRequest[timestamp="
         + this.timestamp
         + ", src="
         + this.src
         + ", dst="
         + this.dst
         + ", ipInfo="
         + this.ipInfo
         + ", noiseMsg="
         + HexFormat.of().formatHex(this.noiseMsg)
         + "]";
   }
}
