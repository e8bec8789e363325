package io.skywire.sdk.net;

import java.util.Locale;

/** The overlay networks an app can use. */
public enum Network {
    /** Routes over visor-to-visor transports (direct or multi-hop), Skywire's data plane. */
    SKYNET("skynet"),
    /** Streams relayed by dmsg servers, Skywire's control plane. */
    DMSG("dmsg");

    private final String wireName;

    Network(String wireName) {
        this.wireName = wireName;
    }

    /** @return the name Go Skywire uses for the network ("skynet" or "dmsg") */
    public String wireName() {
        return wireName;
    }

    /**
     * @param name "skynet" or "dmsg", case-insensitive
     * @return the network
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Network parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (Network net : values()) {
            if (net.wireName.equals(n)) {
                return net;
            }
        }
        throw new IllegalArgumentException("unknown network \"" + name + "\": use skynet or dmsg");
    }

    @Override
    public String toString() {
        return wireName;
    }
}
