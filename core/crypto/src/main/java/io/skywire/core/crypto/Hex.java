package io.skywire.core.crypto;

/**
 * Hex as Go's {@code encoding/hex}: encoding is lowercase, decoding accepts either case. Error messages never repeat
 * the input, because the input may be a secret key.
 */
public final class Hex {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {
    }

    /** Lowercase hex of {@code bytes}. */
    public static String encode(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = DIGITS[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = DIGITS[bytes[i] & 0xf];
        }
        return new String(out);
    }

    /**
     * Bytes of a hex string (either case, no prefix, no whitespace).
     *
     * @throws IllegalArgumentException on odd length or a non-hex character, saying which
     */
    public static byte[] decode(String hex) {
        if ((hex.length() & 1) != 0) {
            throw new IllegalArgumentException(
                    "invalid hex: odd length " + hex.length() + " (expected pairs of hex digits 0-9a-f)");
        }
        int bad = firstNonHex(hex);
        if (bad >= 0) {
            throw new IllegalArgumentException("invalid hex: non-hex character " + Text.describeChar(hex.charAt(bad))
                    + " at index " + bad + " (expected only 0-9, a-f, A-F)");
        }
        return decodeChecked(hex);
    }

    /** Index of the first character that is not a hex digit, or -1. */
    static int firstNonHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (nibble(s.charAt(i)) < 0) {
                return i;
            }
        }
        return -1;
    }

    /** Decodes a string already known to be of even length and all hex digits. */
    static byte[] decodeChecked(String hex) {
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) ((nibble(hex.charAt(2 * i)) << 4) | nibble(hex.charAt(2 * i + 1)));
        }
        return out;
    }

    private static int nibble(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
