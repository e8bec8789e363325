package io.skywire.core.crypto.noise;

import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.skywire.core.crypto.KeyPair;
import io.skywire.core.crypto.PubKey;
import io.skywire.core.crypto.Secp256k1;

/** The suite's primitives: DH with dmsg's 33-byte output, HMAC-SHA256 HKDF, the ChaChaPoly nonce, JDK ciphers. */
final class Primitives {
    static final int HASH_LEN = 32;
    static final int KEY_LEN = 32;
    static final int TAG_LEN = 16;
    /** dmsg's DHLEN: 32 bytes of SHA-256 plus one 0x00; also the public-key length on the wire. */
    static final int DH_LEN = 33;
    static final int NONCE_LEN = 12;
    static final String AEAD = "ChaCha20-Poly1305";
    static final String KEY_ALG = "ChaCha20";
    private static final String HMAC = "HmacSHA256";

    private Primitives() {
    }

    /** dmsg's Noise DH: {@code SHA256(compressed(sk·PK)) || 0x00}, 33 bytes. */
    static byte[] dh(KeyPair local, PubKey remote) {
        byte[] shared = Secp256k1.ecdh(remote, local.sk());
        byte[] out = new byte[DH_LEN];
        System.arraycopy(shared, 0, out, 0, shared.length);
        java.util.Arrays.fill(shared, (byte) 0);
        return out; // out[32] stays 0x00
    }

    static byte[] hmac(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            for (byte[] p : parts) {
                mac.update(p);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no usable " + HMAC + ": " + e.getMessage(), e);
        }
    }

    /** Noise HKDF with two outputs: temp = HMAC(ck, ikm), out1 = HMAC(temp, 01), out2 = HMAC(temp, out1 || 02). */
    static byte[][] hkdf2(byte[] chainingKey, byte[] ikm) {
        byte[] temp = hmac(chainingKey, ikm);
        byte[] out1 = hmac(temp, new byte[] {1});
        byte[] out2 = hmac(temp, out1, new byte[] {2});
        java.util.Arrays.fill(temp, (byte) 0);
        return new byte[][] {out1, out2};
    }

    /** The standard Noise ChaChaPoly nonce: 4 zero bytes then the counter little-endian. */
    static void putNonce(byte[] nonce12, long n) {
        nonce12[0] = 0;
        nonce12[1] = 0;
        nonce12[2] = 0;
        nonce12[3] = 0;
        for (int i = 0; i < 8; i++) {
            nonce12[4 + i] = (byte) (n >>> (8 * i));
        }
    }

    static IvParameterSpec nonce(long n) {
        byte[] b = new byte[NONCE_LEN];
        putNonce(b, n);
        return new IvParameterSpec(b);
    }

    static Cipher newAead() {
        try {
            return Cipher.getInstance(AEAD);
        } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
            throw new IllegalStateException("the JDK has no " + AEAD + " cipher: " + e.getMessage(), e);
        }
    }
}
