package io.skywire.core.crypto.noise;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;

import io.skywire.core.crypto.KeyPair;
import io.skywire.core.crypto.SecKey;
import io.skywire.core.crypto.Secp256k1;

/**
 * TEST CODE ONLY: Skycoin's {@code cipher.GenerateDeterministicKeyPair(seed)} (skycoin {@code src/cipher/secp256k1-go}
 * {@code DeterministicKeyPairIterator}), written from its description to rebuild the Appendix A keys, including the
 * ephemeral Noise keys from the seeds {@code "eph-<static seed>"}:
 *
 * <pre>
 * step(s):            repeat s = SHA256(s) until 0 &lt; s &lt; n; seckey = s
 * Secp256k1Hash(x):   h = SHA256(x); sk = step(h); pk = step(SHA256(h)).pub;
 *                     return SHA256(h || compressed(sk·pk))      (the raw 33-byte point, not hashed)
 * keypair(seed):      s1 = Secp256k1Hash(seed); seckey = step(SHA256(seed || s1))
 * </pre>
 */
final class SkycoinDeterministicKeys {
    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");

    private SkycoinDeterministicKeys() {
    }

    static KeyPair fromSeed(String seed) {
        byte[] s = seed.getBytes(StandardCharsets.UTF_8);
        byte[] s1 = secp256k1Hash(s);
        return KeyPair.fromSecKey(SecKey.fromBytes(step(Secp256k1.sha256(s, s1))));
    }

    private static byte[] step(byte[] seed) {
        byte[] s = seed;
        while (true) {
            s = Secp256k1.sha256(s);
            BigInteger d = new BigInteger(1, s);
            if (d.signum() > 0 && d.compareTo(CURVE.getN()) < 0) {
                return s;
            }
        }
    }

    private static byte[] secp256k1Hash(byte[] seed) {
        byte[] hash = Secp256k1.sha256(seed);
        BigInteger sk = new BigInteger(1, step(hash));
        BigInteger pkScalar = new BigInteger(1, step(Secp256k1.sha256(hash)));
        byte[] point = CURVE.getG().multiply(pkScalar).multiply(sk).normalize().getEncoded(true);
        return Secp256k1.sha256(hash, point);
    }
}
