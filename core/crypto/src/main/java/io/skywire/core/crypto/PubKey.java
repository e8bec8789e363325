package io.skywire.core.crypto;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Objects;

import org.bouncycastle.math.ec.ECPoint;

/**
 * A Skywire public key: a 33-byte compressed secp256k1 point ({@code 02}/{@code 03} prefix), written as 66 lowercase
 * hex characters. Every instance except {@link #NULL} is a valid point that re-encodes to exactly its bytes
 * (Skycoin's {@code PubKey.Verify}); uncompressed keys are never accepted.
 *
 * <p>Ordering ({@link #compareTo}) is by unsigned bytes, the same as Go's {@code pk.Big()} comparison.
 */
public final class PubKey implements Comparable<PubKey> {
    /** Length of the binary form. */
    public static final int LENGTH = 33;
    /** Length of the text form. */
    public static final int HEX_LENGTH = 66;
    /** The null key, 33 zero bytes: Go's {@code PubKey{}}, meaning "no key". Not usable for crypto. */
    public static final PubKey NULL = new PubKey(new byte[LENGTH], null);

    private static final String EXPECTED_HEX = "expected 66 hex characters (compressed secp256k1, starting 02 or 03)";
    private static final String EXPECTED_BYTES = "expected 33 bytes (compressed secp256k1, starting 02 or 03)";

    private final byte[] bytes;
    private final ECPoint point; // affine; null only for NULL

    private PubKey(byte[] bytes, ECPoint point) {
        this.bytes = bytes;
        this.point = point;
    }

    /**
     * Parses the 66-character hex form (either case). The null key and every invalid key are rejected; use
     * {@link #parseText} where Go would accept the null key.
     *
     * @throws InvalidKeyException saying what is wrong with {@code hex}
     */
    public static PubKey fromHex(String hex) {
        Objects.requireNonNull(hex, "public key text");
        if (hex.length() != HEX_LENGTH) {
            String why = hex.length() == 130 && (hex.startsWith("04") || hex.startsWith("06") || hex.startsWith("07"))
                    ? "uncompressed keys (65 bytes, prefix " + hex.substring(0, 2) + ") are not accepted; " + EXPECTED_HEX
                    : "got " + hex.length() + " characters, " + EXPECTED_HEX;
            throw new InvalidKeyException("invalid public key " + Text.quote(hex) + ": " + why);
        }
        int bad = Hex.firstNonHex(hex);
        if (bad >= 0) {
            throw new InvalidKeyException("invalid public key " + Text.quote(hex) + ": non-hex character "
                    + Text.describeChar(hex.charAt(bad)) + " at index " + bad + "; " + EXPECTED_HEX);
        }
        byte[] b = Hex.decodeChecked(hex);
        return new PubKey(b, decode(b, Text.quote(hex)));
    }

    /**
     * Takes the 33-byte binary form (Go's {@code NewPubKey}); the null key and every invalid key are rejected.
     *
     * @throws InvalidKeyException saying what is wrong with {@code bytes}
     */
    public static PubKey fromBytes(byte[] bytes) {
        Objects.requireNonNull(bytes, "public key bytes");
        if (bytes.length != LENGTH) {
            String why = bytes.length == 65 && bytes[0] >= 4 && bytes[0] <= 7
                    ? "uncompressed keys (65 bytes, prefix " + String.format("%02x", bytes[0]) + ") are not accepted; "
                            + EXPECTED_BYTES
                    : "got " + bytes.length + " bytes, " + EXPECTED_BYTES;
            throw new InvalidKeyException("invalid public key " + Text.hexBrief(bytes) + ": " + why);
        }
        byte[] b = bytes.clone();
        return new PubKey(b, decode(b, Hex.encode(b)));
    }

    /**
     * Parses text as Go's {@code PubKey.UnmarshalText}: a string made only of {@code '0'} characters (including the
     * empty string) is the null key; anything else must be a valid key as for {@link #fromHex}.
     *
     * @throws InvalidKeyException saying what is wrong with {@code text}
     */
    public static PubKey parseText(String text) {
        Objects.requireNonNull(text, "public key text");
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) != '0') {
                return fromHex(text);
            }
        }
        return NULL;
    }

    /** Validates 33 bytes as a compressed point, as Skycoin's {@code VerifyPubkey} does, and returns the point. */
    private static ECPoint decode(byte[] b, String shown) {
        String prefix = "invalid public key " + shown + ": ";
        int tag = b[0] & 0xff;
        if (tag != 2 && tag != 3) {
            if (isAllZero(b)) {
                throw new InvalidKeyException(prefix + "this is the null key (all zeros), not a usable public key; "
                        + "expected a compressed secp256k1 point starting 02 or 03");
            }
            String why = tag >= 4 && tag <= 7
                    ? "prefix " + String.format("%02x", tag) + " marks an uncompressed or hybrid point; only compressed keys (02 or 03) are accepted"
                    : "prefix " + String.format("%02x", tag) + " is not 02 or 03 (compressed secp256k1)";
            throw new InvalidKeyException(prefix + why);
        }
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(b, 1, LENGTH));
        if (x.compareTo(Curve.P) >= 0) {
            throw new InvalidKeyException(prefix + "x coordinate is not below the field prime p, so it is not a secp256k1 point");
        }
        ECPoint p;
        try {
            p = Curve.CURVE.decodePoint(b).normalize();
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new InvalidKeyException(prefix + "x coordinate is not on the secp256k1 curve (x^3 + 7 has no square root mod p)");
        }
        if (p.isInfinity() || !p.isValid() || !Arrays.equals(p.getEncoded(true), b)) {
            throw new InvalidKeyException(prefix + "not a valid secp256k1 point (it does not re-encode to the same bytes)");
        }
        return p;
    }

    /** Wraps a point computed here (never infinity); used for derived and recovered keys. */
    static PubKey ofPoint(ECPoint p) {
        ECPoint n = p.normalize();
        return new PubKey(n.getEncoded(true), n);
    }

    /** The 33 bytes (a copy). */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The 66 lowercase hex characters. */
    public String hex() {
        return Hex.encode(bytes);
    }

    /** Whether this is the null key (33 zero bytes). */
    public boolean isNull() {
        return point == null;
    }

    /** The curve point; callers check {@link #isNull()} first. */
    ECPoint point() {
        if (point == null) {
            throw new InvalidKeyException("the null public key (all zeros) cannot be used for crypto");
        }
        return point;
    }

    private static boolean isAllZero(byte[] b) {
        int acc = 0;
        for (byte x : b) {
            acc |= x;
        }
        return acc == 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PubKey other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(PubKey o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    /** The hex form, as Go's {@code String()}. */
    @Override
    public String toString() {
        return hex();
    }
}
