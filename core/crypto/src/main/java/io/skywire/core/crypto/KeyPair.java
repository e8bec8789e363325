package io.skywire.core.crypto;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * A secret key with its public key. {@code toString()} shows the public key only (the secret key is redacted).
 *
 * <p>The constructor throws {@link InvalidKeyException} if {@code pk} is not the public key of {@code sk}.
 */
public record KeyPair(PubKey pk, SecKey sk) {

    public KeyPair {
        Objects.requireNonNull(pk, "pk");
        Objects.requireNonNull(sk, "sk");
        if (!sk.pubKey().equals(pk)) {
            throw new InvalidKeyException("public key " + pk + " does not belong to the secret key (whose public key is "
                    + sk.pubKey() + ")");
        }
    }

    /** A fresh random key pair: 32 bytes from {@link SecureRandom}, redrawn until 0 &lt; d &lt; n (Go's {@code GenerateKeyPair}). */
    public static KeyPair generate() {
        byte[] b = new byte[SecKey.LENGTH];
        SecureRandom rng = Rng.INSTANCE;
        do {
            rng.nextBytes(b);
        } while (!SecKey.isValid(b));
        try {
            return fromSecKey(SecKey.fromBytes(b));
        } finally {
            Arrays.fill(b, (byte) 0);
        }
    }

    /** The pair for an existing secret key. */
    public static KeyPair fromSecKey(SecKey sk) {
        Objects.requireNonNull(sk, "sk");
        return new KeyPair(sk.pubKey(), sk);
    }

    private static final class Rng {
        static final SecureRandom INSTANCE = new SecureRandom();
    }
}
