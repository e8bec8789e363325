package io.skywire.core.dmsg.wire;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Go's {@code dmsg.StreamRequest{Timestamp int64; SrcAddr, DstAddr Addr; IPinfo bool; NoiseMsg []byte}}: a stream
 * dial request, signed by the source ({@link SignedObject}).
 *
 * @param timestamp Unix nanoseconds (Go's {@code time.Now().UnixNano()})
 * @param src       source address (the signer)
 * @param dst       destination address
 * @param ipInfo    an IP lookup request (to {@code server_pk:1}, no Noise message)
 * @param noiseMsg  Noise KK message 1 (49 bytes), or empty; never null (null becomes empty; Go's nil and empty
 *                  slices encode alike)
 */
public record StreamRequest(long timestamp, Addr src, Addr dst, boolean ipInfo, byte[] noiseMsg) {

    public StreamRequest {
        Objects.requireNonNull(src, "src");
        Objects.requireNonNull(dst, "dst");
        noiseMsg = noiseMsg == null ? new byte[0] : noiseMsg.clone();
    }

    /** The Noise message (a copy). */
    @Override
    public byte[] noiseMsg() {
        return noiseMsg.clone();
    }

    int noiseMsgLength() {
        return noiseMsg.length;
    }

    byte[] noiseMsgRaw() {
        return noiseMsg;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StreamRequest r && timestamp == r.timestamp && src.equals(r.src) && dst.equals(r.dst)
                && ipInfo == r.ipInfo && Arrays.equals(noiseMsg, r.noiseMsg);
    }

    @Override
    public int hashCode() {
        return Objects.hash(timestamp, src, dst, ipInfo) * 31 + Arrays.hashCode(noiseMsg);
    }

    @Override
    public String toString() {
        return "StreamRequest[timestamp=" + timestamp + ", src=" + src + ", dst=" + dst + ", ipInfo=" + ipInfo
                + ", noiseMsg=" + HexFormat.of().formatHex(noiseMsg) + "]";
    }
}
