package io.skywire.core.crypto.noise;

import java.security.GeneralSecurityException;
import java.util.Objects;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * dmsg's Noise transport frames (Go's {@code EncryptUnsafe}/{@code DecryptUnsafe}/{@code DecryptWithNonceMap} plus
 * {@code WriteRawFrame}), made by {@link NoiseHandshake#split()}:
 *
 * <pre>
 * uint16 BE L || uint64 BE nonce || ChaCha20-Poly1305(plaintext) || 16-byte tag      L = 8 + len(plaintext) + 16
 * </pre>
 *
 * <p>The AEAD nonce is {@code 00000000 || uint64 LE nonce}, the associated data is empty. The send nonce is
 * incremented before use, so the first frame has nonce 1. A frame is at most 4096 bytes (L &le; 4094, plaintext
 * &le; {@value #MAX_PLAINTEXT}); L &lt; 24 cannot hold nonce and tag. Frames with an empty plaintext are valid and
 * decrypt to an empty array; dmsg readers skip them.
 *
 * <p>Receive modes ({@link ReceiveMode}): {@code STRICT} for stream data (each nonce strictly greater than the last
 * accepted one, gaps allowed), {@code ANY_NONCE} for session objects (any nonce, no replay check, as Go). A frame that
 * fails any check changes no state.
 *
 * <p>Thread-safety: sending and receiving are independent and each is internally serialized, so one thread may
 * encrypt while another decrypts. Encrypting from several threads is safe, but the frames must reach the wire in
 * nonce order for a {@code STRICT} receiver. Each direction reuses one JDK {@code Cipher} instance.
 */
public final class NoiseFrames {
    /** How the nonce of a received frame is checked. */
    public enum ReceiveMode {
        /**
         * The nonce must be strictly greater (unsigned) than the last accepted {@code STRICT} nonce; gaps are allowed.
         * Nonce 0 is therefore never accepted. Go's {@code DecryptUnsafe} (stream data).
         */
        STRICT,
        /**
         * Any nonce is accepted, repeated or out of order, and the {@code STRICT} high-water mark is not touched. Go's
         * {@code DecryptWithNonceMap} with a map that is never filled (session objects, which interleave).
         */
        ANY_NONCE
    }

    /** Largest frame including the 2-byte prefix. */
    public static final int MAX_FRAME = 4096;
    /** Size of the explicit nonce. */
    public static final int NONCE_LENGTH = 8;
    /** Size of the Poly1305 tag. */
    public static final int TAG_LENGTH = Primitives.TAG_LEN;
    /** Bytes a frame adds to its plaintext: prefix, nonce and tag (26). */
    public static final int OVERHEAD = LengthPrefix.PREFIX_LENGTH + NONCE_LENGTH + TAG_LENGTH;
    /** Largest plaintext per frame (Go's {@code MaxWriteSize}): 4070. */
    public static final int MAX_PLAINTEXT = MAX_FRAME - OVERHEAD;
    /** Smallest valid length prefix: nonce and tag of an empty plaintext (24). */
    public static final int MIN_LENGTH_VALUE = NONCE_LENGTH + TAG_LENGTH;
    /** Largest valid length prefix (4094). */
    public static final int MAX_LENGTH_VALUE = LengthPrefix.MAX_VALUE;

    private static final int BODY_OFFSET = LengthPrefix.PREFIX_LENGTH + NONCE_LENGTH;

    private final Object encLock = new Object();
    private final SecretKeySpec encKey;
    private final Cipher encCipher;
    private final byte[] encIv = new byte[Primitives.NONCE_LEN];
    private long encNonce; // last nonce used; unsigned

    private final Object decLock = new Object();
    private final SecretKeySpec decKey;
    private final Cipher decCipher;
    private final byte[] decIv = new byte[Primitives.NONCE_LEN];
    private long decNonce; // last accepted STRICT nonce; unsigned

    /** Keys are copied. */
    NoiseFrames(byte[] sendKey, byte[] receiveKey) {
        encKey = new SecretKeySpec(sendKey, Primitives.KEY_ALG);
        decKey = new SecretKeySpec(receiveKey, Primitives.KEY_ALG);
        encCipher = Primitives.newAead();
        decCipher = Primitives.newAead();
    }

    /** Tests only: the same keys with the directions exchanged (the Noise-specification split on XK). */
    NoiseFrames reversedForTesting() {
        return new NoiseFrames(decKey.getEncoded(), encKey.getEncoded());
    }

    /** The exact wire size of a frame carrying {@code plaintextLength} bytes. */
    public static int frameSize(int plaintextLength) {
        return plaintextLength + OVERHEAD;
    }

    /** The wire size of {@link #encryptAll} output for {@code length} bytes (chunks of {@value #MAX_PLAINTEXT}). */
    public static int wireSize(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        int chunks = (length + MAX_PLAINTEXT - 1) / MAX_PLAINTEXT;
        return Math.addExact(length, Math.multiplyExact(chunks, OVERHEAD));
    }

    /**
     * For stream decoders: the total size (prefix included) of the frame starting at {@code buf[off]}, or -1 if fewer
     * than 2 bytes are available.
     *
     * @throws NoiseException if the prefix is above {@value #MAX_LENGTH_VALUE} or below {@value #MIN_LENGTH_VALUE}
     */
    public static int frameLength(byte[] buf, int off, int available) throws NoiseException {
        int value = LengthPrefix.peekLength(buf, off, available);
        if (value < 0) {
            return -1;
        }
        checkMin(value);
        return LengthPrefix.PREFIX_LENGTH + value;
    }

    /** The nonce of the last frame encrypted (0 before the first). */
    public long sendNonce() {
        synchronized (encLock) {
            return encNonce;
        }
    }

    /** The nonce of the last frame accepted in {@link ReceiveMode#STRICT} mode (0 before the first). */
    public long lastStrictNonce() {
        synchronized (decLock) {
            return decNonce;
        }
    }

    /**
     * One frame carrying all of {@code plaintext}.
     *
     * @throws IllegalArgumentException if it is longer than {@value #MAX_PLAINTEXT} bytes (use {@link #encryptAll})
     */
    public byte[] encrypt(byte[] plaintext) {
        Objects.requireNonNull(plaintext, "plaintext");
        return encrypt(plaintext, 0, plaintext.length);
    }

    /**
     * One frame carrying {@code plaintext[off, off+len)}.
     *
     * @throws IllegalArgumentException if {@code len} is above {@value #MAX_PLAINTEXT} (use {@link #encryptAll})
     */
    public byte[] encrypt(byte[] plaintext, int off, int len) {
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.checkFromIndexSize(off, len, plaintext.length);
        if (len > MAX_PLAINTEXT) {
            throw new IllegalArgumentException("a frame carries at most " + MAX_PLAINTEXT + " plaintext bytes, got " + len
                    + "; use encryptAll to split larger writes");
        }
        byte[] out = new byte[frameSize(len)];
        synchronized (encLock) {
            encryptInto(plaintext, off, len, out, 0);
        }
        return out;
    }

    /**
     * Go's {@code ReadWriter.Write}: {@code data[off, off+len)} split into frames of at most {@value #MAX_PLAINTEXT}
     * plaintext bytes with consecutive nonces, returned concatenated (one write to the wire). An empty range gives an
     * empty array and uses no nonce, as in Go; use {@link #encrypt} for a deliberate empty frame.
     */
    public byte[] encryptAll(byte[] data, int off, int len) {
        Objects.requireNonNull(data, "data");
        Objects.checkFromIndexSize(off, len, data.length);
        byte[] out = new byte[wireSize(len)];
        synchronized (encLock) {
            int pos = 0;
            int end = off + len;
            for (int p = off; p < end; p += MAX_PLAINTEXT) {
                int chunk = Math.min(MAX_PLAINTEXT, end - p);
                encryptInto(data, p, chunk, out, pos);
                pos += frameSize(chunk);
            }
        }
        return out;
    }

    /** {@link #encryptAll(byte[], int, int)} over the whole array. */
    public byte[] encryptAll(byte[] data) {
        Objects.requireNonNull(data, "data");
        return encryptAll(data, 0, data.length);
    }

    private void encryptInto(byte[] in, int off, int len, byte[] out, int outOff) {
        if (encNonce == -1L) {
            throw new IllegalStateException("send nonce space exhausted (2^64-1 frames); the session must be replaced");
        }
        long nonce = encNonce + 1;
        int value = NONCE_LENGTH + len + TAG_LENGTH;
        out[outOff] = (byte) (value >>> 8);
        out[outOff + 1] = (byte) value;
        putLongBE(out, outOff + LengthPrefix.PREFIX_LENGTH, nonce);
        Primitives.putNonce(encIv, nonce);
        try {
            encCipher.init(Cipher.ENCRYPT_MODE, encKey, new IvParameterSpec(encIv));
            encCipher.doFinal(in, off, len, out, outOff + BODY_OFFSET);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 encryption failed: " + e.getMessage(), e);
        }
        encNonce = nonce;
    }

    /**
     * Decrypts one complete frame (prefix included, nothing after it).
     *
     * @return the plaintext, possibly empty
     * @throws NoiseException if the frame is truncated, has trailing bytes, its prefix is out of range, the nonce is
     *         rejected ({@code STRICT}) or authentication fails; the receive state is then unchanged
     */
    public byte[] decrypt(byte[] frame, ReceiveMode mode) throws NoiseException {
        Objects.requireNonNull(frame, "frame");
        return decrypt(frame, 0, frame.length, mode);
    }

    /**
     * Decrypts one complete frame held in {@code buf[off, off+len)} (prefix included, nothing after it).
     *
     * @see #decrypt(byte[], ReceiveMode)
     */
    public byte[] decrypt(byte[] buf, int off, int len, ReceiveMode mode) throws NoiseException {
        Objects.requireNonNull(buf, "buf");
        Objects.requireNonNull(mode, "mode");
        Objects.checkFromIndexSize(off, len, buf.length);
        int value = LengthPrefix.peekLength(buf, off, len);
        if (value < 0) {
            throw new NoiseException("truncated frame: " + len + " bytes, the 2-byte length prefix alone needs 2");
        }
        checkMin(value);
        LengthPrefix.checkExact(value, len, "frame");
        return decryptBody(buf, off + LengthPrefix.PREFIX_LENGTH, value, mode);
    }

    /**
     * Decrypts a frame body without its length prefix, {@code uint64 BE nonce || ciphertext || tag} in
     * {@code buf[off, off+len)} (Go's {@code DecryptUnsafe} input), for callers that parse the prefix themselves.
     *
     * @see #decrypt(byte[], ReceiveMode)
     */
    public byte[] decryptBody(byte[] buf, int off, int len, ReceiveMode mode) throws NoiseException {
        Objects.requireNonNull(buf, "buf");
        checkBody(buf, off, len, mode);
        byte[] plaintext = new byte[len - MIN_LENGTH_VALUE];
        decryptBodyInto(buf, off, len, mode, plaintext, 0);
        return plaintext;
    }

    /**
     * {@link #decryptBody} without an allocation: the plaintext ({@code len - }{@value #MIN_LENGTH_VALUE} bytes) is
     * written to {@code out} at {@code outOff}, which must not overlap the input.
     *
     * @return the plaintext length
     * @throws NoiseException as {@link #decryptBody}; the receive state is then unchanged, and {@code out} may have
     *         been written to
     */
    public int decryptBodyInto(byte[] buf, int off, int len, ReceiveMode mode, byte[] out, int outOff)
            throws NoiseException {
        Objects.requireNonNull(buf, "buf");
        Objects.requireNonNull(out, "out");
        checkBody(buf, off, len, mode);
        int plainLen = len - MIN_LENGTH_VALUE;
        Objects.checkFromIndexSize(outOff, plainLen, out.length);
        long nonce = getLongBE(buf, off);
        synchronized (decLock) {
            if (mode == ReceiveMode.STRICT && Long.compareUnsigned(nonce, decNonce) <= 0) {
                throw new NoiseException("frame nonce " + Long.toUnsignedString(nonce)
                        + " is not larger than the previous " + Long.toUnsignedString(decNonce)
                        + " (replayed or reordered stream frame)");
            }
            Primitives.putNonce(decIv, nonce);
            try {
                decCipher.init(Cipher.DECRYPT_MODE, decKey, new IvParameterSpec(decIv));
                decCipher.doFinal(buf, off + NONCE_LENGTH, len - NONCE_LENGTH, out, outOff);
            } catch (AEADBadTagException e) {
                throw new NoiseException("frame with nonce " + Long.toUnsignedString(nonce)
                        + " failed authentication (bad tag: tampered, or sealed with another key or nonce)");
            } catch (GeneralSecurityException e) {
                throw new NoiseException("frame with nonce " + Long.toUnsignedString(nonce) + " could not be decrypted: "
                        + e.getMessage());
            }
            if (mode == ReceiveMode.STRICT) {
                decNonce = nonce;
            }
            return plainLen;
        }
    }

    private static void checkBody(byte[] buf, int off, int len, ReceiveMode mode) throws NoiseException {
        Objects.requireNonNull(mode, "mode");
        Objects.checkFromIndexSize(off, len, buf.length);
        if (len > MAX_LENGTH_VALUE) {
            throw new NoiseException("frame body of " + len + " bytes exceeds the maximum " + MAX_LENGTH_VALUE);
        }
        checkMin(len);
    }

    private static void checkMin(int value) throws NoiseException {
        if (value < MIN_LENGTH_VALUE) {
            throw new NoiseException("frame length " + value + " is below the minimum " + MIN_LENGTH_VALUE
                    + " (8-byte nonce + 16-byte tag)");
        }
    }

    private static void putLongBE(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (56 - 8 * i));
        }
    }

    private static long getLongBE(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xff);
        }
        return v;
    }
}
