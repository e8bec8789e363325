package io.skywire.core.dmsg.wire;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Go's {@code dmsg.StreamResponse{ReqHash cipher.SHA256; Accepted bool; IP net.IP; ErrCode errorCode(uint16);
 * NoiseMsg []byte}}, signed by the responder (the destination client, or the server for an IP lookup).
 *
 * @param reqHash  SHA-256 of the whole signed request object (signature included), 32 bytes
 * @param accepted whether the request was accepted
 * @param ip       the requester's IP as the server saw it (4 or 16 bytes) for IP lookups, else empty; never null
 * @param errCode  a dmsg error code when not accepted, 0..65535 (Go's uint16)
 * @param noiseMsg Noise KK message 2, or empty; never null
 */
public record StreamResponse(byte[] reqHash, boolean accepted, byte[] ip, long errCode, byte[] noiseMsg) {
    /** Length of {@link #reqHash()}. */
    public static final int HASH_LENGTH = 32;

    public StreamResponse {
        Objects.requireNonNull(reqHash, "reqHash");
        if (reqHash.length != HASH_LENGTH) {
            throw new IllegalArgumentException("reqHash must be 32 bytes (SHA-256), got " + reqHash.length);
        }
        if (errCode < 0 || errCode > 0xffff) {
            throw new IllegalArgumentException("errCode " + errCode + " out of range 0..65535 (Go's uint16)");
        }
        reqHash = reqHash.clone();
        ip = ip == null ? new byte[0] : ip.clone();
        noiseMsg = noiseMsg == null ? new byte[0] : noiseMsg.clone();
    }

    /** The request hash (a copy). */
    @Override
    public byte[] reqHash() {
        return reqHash.clone();
    }

    /** The IP bytes (a copy). */
    @Override
    public byte[] ip() {
        return ip.clone();
    }

    /** The Noise message (a copy). */
    @Override
    public byte[] noiseMsg() {
        return noiseMsg.clone();
    }

    byte[] reqHashRaw() {
        return reqHash;
    }

    byte[] ipRaw() {
        return ip;
    }

    byte[] noiseMsgRaw() {
        return noiseMsg;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StreamResponse r && Arrays.equals(reqHash, r.reqHash) && accepted == r.accepted
                && Arrays.equals(ip, r.ip) && errCode == r.errCode && Arrays.equals(noiseMsg, r.noiseMsg);
    }

    @Override
    public int hashCode() {
        return ((Arrays.hashCode(reqHash) * 31 + Boolean.hashCode(accepted)) * 31 + Arrays.hashCode(ip)) * 31
                + Long.hashCode(errCode) * 17 + Arrays.hashCode(noiseMsg);
    }

    @Override
    public String toString() {
        HexFormat h = HexFormat.of();
        return "StreamResponse[reqHash=" + h.formatHex(reqHash) + ", accepted=" + accepted + ", ip="
                + h.formatHex(ip) + ", errCode=" + errCode + ", noiseMsg=" + h.formatHex(noiseMsg) + "]";
    }
}
