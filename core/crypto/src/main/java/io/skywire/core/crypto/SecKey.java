package io.skywire.core.crypto;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * A Skywire secret key: a 32-byte big-endian secp256k1 scalar with 0 &lt; d &lt; n, written as 64 hex characters.
 * {@link #toString()} never shows it, and error messages never repeat it.
 */
public final class SecKey {
    /** Length of the binary form. */
    public static final int LENGTH = 32;
    /** Length of the text form. */
    public static final int HEX_LENGTH = 64;

    private static final String EXPECTED = "32-byte big-endian scalar, 0 < d < n";

    private final byte[] bytes;
    private final BigInteger d;
    private volatile PubKey pub; // derived on first use

    private SecKey(byte[] bytes, BigInteger d) {
        this.bytes = bytes;
        this.d = d;
    }

    /**
     * Parses the 64-character hex form (either case).
     *
     * @throws InvalidKeyException saying what is wrong (without repeating the key)
     */
    public static SecKey fromHex(String hex) {
        Objects.requireNonNull(hex, "secret key text");
        if (hex.length() != HEX_LENGTH) {
            throw new InvalidKeyException("invalid secret key: got " + hex.length()
                    + " characters, expected 64 hex characters (" + EXPECTED + ")");
        }
        int bad = Hex.firstNonHex(hex);
        if (bad >= 0) {
            throw new InvalidKeyException("invalid secret key: non-hex character at index " + bad
                    + ", expected 64 hex characters (" + EXPECTED + ")");
        }
        return of(Hex.decodeChecked(hex));
    }

    /**
     * Takes the 32-byte binary form (Go's {@code NewSecKey}).
     *
     * @throws InvalidKeyException saying what is wrong (without repeating the key)
     */
    public static SecKey fromBytes(byte[] bytes) {
        Objects.requireNonNull(bytes, "secret key bytes");
        if (bytes.length != LENGTH) {
            throw new InvalidKeyException("invalid secret key: got " + bytes.length + " bytes, expected 32 (" + EXPECTED + ")");
        }
        return of(bytes.clone());
    }

    private static SecKey of(byte[] owned) {
        BigInteger d = new BigInteger(1, owned);
        if (d.signum() == 0) {
            throw new InvalidKeyException("invalid secret key: zero is not a valid secret key (expected 0 < d < n)");
        }
        if (d.compareTo(Curve.N) >= 0) {
            throw new InvalidKeyException(
                    "invalid secret key: the value is not below the secp256k1 group order n (expected 0 < d < n)");
        }
        return new SecKey(owned, d);
    }

    /** Whether 32 bytes form a valid secret key (used to redraw random keys). */
    static boolean isValid(byte[] b) {
        BigInteger d = new BigInteger(1, b);
        return d.signum() > 0 && d.compareTo(Curve.N) < 0;
    }

    /** The 32 bytes (a copy). */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The 64 lowercase hex characters. Handle with care: this is the secret. */
    public String hex() {
        return Hex.encode(bytes);
    }

    /** The public key d·G (computed once, then cached). */
    public PubKey pubKey() {
        PubKey p = pub;
        if (p == null) {
            p = PubKey.ofPoint(Curve.multiplyG(d));
            pub = p;
        }
        return p;
    }

    BigInteger scalar() {
        return d;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecKey other && MessageDigest.isEqual(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Redacted: never prints the key. */
    @Override
    public String toString() {
        return "SecKey[redacted]";
    }
}
