package io.skywire.sdk.net;

import java.util.Objects;

/**
 * An app address: a visor public key (66 lowercase hex chars, compressed secp256k1) and a port (0..65535).
 * Written as {@code pk:port}, as Go Skywire does.
 *
 * @param pk the visor public key in hex
 * @param port the port
 */
public record AppAddr(String pk, int port) {
    /** Checks the shape of the key and the port range. */
    public AppAddr {
        Objects.requireNonNull(pk, "pk");
        if (!isPkHex(pk)) {
            throw new IllegalArgumentException("invalid public key \"" + pk
                    + "\": expected 66 hex characters starting with 02 or 03");
        }
        pk = pk.toLowerCase(java.util.Locale.ROOT);
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("invalid port " + port + ": expected 0..65535");
        }
    }

    /**
     * Parses {@code pk:port}.
     *
     * @param text the address
     * @return the address
     * @throws IllegalArgumentException with a one-line reason
     */
    public static AppAddr parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("missing address: expected <pk>:<port>");
        }
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("invalid address \"" + text + "\": expected <pk>:<port>");
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid port in \"" + text + "\": expected a number 0..65535");
        }
        return new AppAddr(text.substring(0, colon), port);
    }

    private static boolean isPkHex(String s) {
        if (s.length() != 66 || s.charAt(0) != '0' || (s.charAt(1) != '2' && s.charAt(1) != '3')) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return pk + ":" + port;
    }
}
