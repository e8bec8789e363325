package io.skywire.core.dmsg.wire;

import java.util.Objects;

import io.skywire.core.crypto.PubKey;

/**
 * A dmsg address, Go's {@code dmsg.Addr{PK cipher.PubKey; Port uint16}}. The key may be {@link PubKey#NULL} (Go's
 * zero value, omitted on the wire); the port is 0..65535, 0 meaning "none".
 *
 * @param pk   the public key, never null
 * @param port 0..65535
 */
public record Addr(PubKey pk, int port) {
    /** Largest port (Go's uint16). */
    public static final int MAX_PORT = 0xffff;

    public Addr {
        Objects.requireNonNull(pk, "pk");
        if (port < 0 || port > MAX_PORT) {
            throw new IllegalArgumentException("dmsg port " + port + " out of range 0..65535");
        }
    }

    /** Go's {@code String()}: {@code "<pk hex>:<port>"}, or {@code "<pk hex>:~"} for port 0. */
    @Override
    public String toString() {
        return pk.hex() + ":" + (port == 0 ? "~" : Integer.toString(port));
    }
}
