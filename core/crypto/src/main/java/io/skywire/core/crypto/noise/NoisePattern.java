package io.skywire.core.crypto.noise;

/**
 * The two handshake patterns dmsg uses, with the suite {@code Secp256k1_ChaChaPoly_SHA256}. Payloads are always
 * empty, so every message has a fixed length.
 */
public enum NoisePattern {
    /**
     * {@code XK}: client (initiator) to dmsg server (responder) sessions. The initiator knows the responder's static
     * key; the responder learns the initiator's from message 3. Messages: {@code e, es} (49 bytes),
     * {@code e, ee} (49), {@code s, se} (65).
     */
    XK("Noise_XK_Secp256k1_ChaChaPoly_SHA256", new int[] {49, 49, 65}),
    /**
     * {@code KK}: end-to-end streams between two clients; both know both static keys. Messages: {@code e, es, ss}
     * (49 bytes), {@code e, ee, se} (49).
     */
    KK("Noise_KK_Secp256k1_ChaChaPoly_SHA256", new int[] {49, 49});

    private final String protocolName;
    private final int[] messageLengths;

    NoisePattern(String protocolName, int[] messageLengths) {
        this.protocolName = protocolName;
        this.messageLengths = messageLengths;
    }

    /** The Noise protocol name, e.g. {@code Noise_XK_Secp256k1_ChaChaPoly_SHA256}. */
    public String protocolName() {
        return protocolName;
    }

    /** Number of handshake messages (XK 3, KK 2). */
    public int messageCount() {
        return messageLengths.length;
    }

    /**
     * Length in bytes of handshake message {@code index} (0-based), without any length prefix.
     *
     * @throws IndexOutOfBoundsException if there is no such message
     */
    public int messageLength(int index) {
        return messageLengths[index];
    }
}
