package io.skywire.core.crypto;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Objects;

/**
 * A Skywire signature: 65 bytes {@code r(32, BE) || s(32, BE) || recid(1)}, written as 130 lowercase hex characters.
 * Any 65 bytes are accepted here, as by Go's {@code NewSig}; {@link Secp256k1#verify} decides whether they verify.
 */
public final class Sig {
    /** Length of the binary form. */
    public static final int LENGTH = 65;
    /** Length of the text form. */
    public static final int HEX_LENGTH = 130;
    /** The null signature, 65 zero bytes (Go's {@code Sig{}}); it never verifies. */
    public static final Sig NULL = new Sig(new byte[LENGTH]);

    private static final String EXPECTED = "expected 130 hex characters (r(32) || s(32) || recid(1))";

    private final byte[] bytes;

    private Sig(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * Parses the 130-character hex form (either case).
     *
     * @throws IllegalArgumentException saying what is wrong with {@code hex}
     */
    public static Sig fromHex(String hex) {
        Objects.requireNonNull(hex, "signature text");
        if (hex.length() != HEX_LENGTH) {
            throw new IllegalArgumentException("invalid signature " + Text.quote(hex) + ": got " + hex.length()
                    + " characters, " + EXPECTED + (hex.length() == 128 ? NO_RECID_HINT : ""));
        }
        int bad = Hex.firstNonHex(hex);
        if (bad >= 0) {
            throw new IllegalArgumentException("invalid signature " + Text.quote(hex) + ": non-hex character "
                    + Text.describeChar(hex.charAt(bad)) + " at index " + bad + "; " + EXPECTED);
        }
        return new Sig(Hex.decodeChecked(hex));
    }

    private static final String NO_RECID_HINT =
            "; a 64-byte r||s signature lacks the recovery id that Skywire verification needs";

    /**
     * Takes the 65-byte binary form.
     *
     * @throws IllegalArgumentException if the length is not 65
     */
    public static Sig fromBytes(byte[] bytes) {
        Objects.requireNonNull(bytes, "signature bytes");
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("invalid signature: got " + bytes.length
                    + " bytes, expected 65 (r(32) || s(32) || recid(1))" + (bytes.length == 64 ? NO_RECID_HINT : ""));
        }
        return new Sig(bytes.clone());
    }

    static Sig of(BigInteger r, BigInteger s, int recid) {
        byte[] b = new byte[LENGTH];
        put32(r, b, 0);
        put32(s, b, 32);
        b[64] = (byte) recid;
        return new Sig(b);
    }

    private static void put32(BigInteger v, byte[] out, int off) {
        byte[] raw = v.toByteArray(); // may have a leading sign byte or be shorter than 32
        int n = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - n, out, off + 32 - n, n);
    }

    /** The 65 bytes (a copy). */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The 130 lowercase hex characters. */
    public String hex() {
        return Hex.encode(bytes);
    }

    /** The recovery id byte, 0..255 (valid signatures have 0..3). */
    public int recid() {
        return bytes[64] & 0xff;
    }

    /** Whether this is the null signature (65 zero bytes). */
    public boolean isNull() {
        return Arrays.equals(bytes, NULL.bytes);
    }

    BigInteger r() {
        return new BigInteger(1, Arrays.copyOfRange(bytes, 0, 32));
    }

    BigInteger s() {
        return new BigInteger(1, Arrays.copyOfRange(bytes, 32, 64));
    }

    /** First byte of s, whose top bit Go's validity check looks at. */
    int sTopByte() {
        return bytes[32] & 0xff;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sig other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** The hex form, as Go's {@code String()}. */
    @Override
    public String toString() {
        return hex();
    }
}
