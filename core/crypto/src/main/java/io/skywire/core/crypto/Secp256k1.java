package io.skywire.core.crypto;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/**
 * Signatures and ECDH exactly as Skycoin's {@code cipher} (used by Go Skywire and dmsg):
 * <ul>
 * <li>{@link #sign}: Go's {@code SignPayload}, ECDSA over SHA-256(payload), low-S, with the recovery id Go needs.
 * The nonce is deterministic (RFC 6979, HMAC-SHA256) where Go draws a random one; Go only verifies, so this is
 * compatible, and it needs no random source.</li>
 * <li>{@link #verify}: Go's {@code VerifyPubKeySignedPayload}: recover the key, compare, check validity, ECDSA verify.</li>
 * <li>{@link #ecdh}: Go's {@code cipher.ECDH}, SHA-256 of the compressed shared point (Noise appends a 0x00).</li>
 * </ul>
 */
public final class Secp256k1 {
    /** Length of a SHA-256 hash. */
    public static final int HASH_LENGTH = 32;

    private Secp256k1() {
    }

    /** Signs SHA-256({@code payload}) with {@code sk} (Go's {@code SignPayload}). */
    public static Sig sign(SecKey sk, byte[] payload) {
        Objects.requireNonNull(payload, "payload");
        return signHash(sk, sha256(payload));
    }

    /**
     * Signs a 32-byte hash as it is (Go's {@code SignHash}): low-S, recid bit 0 = R.y odd, bit 1 = R.x &ge; n.
     *
     * @throws IllegalArgumentException if the hash is not 32 bytes or is all zeros (Go refuses a null hash)
     */
    public static Sig signHash(SecKey sk, byte[] hash32) {
        Objects.requireNonNull(sk, "sk");
        checkHash(hash32);
        if (isAllZero(hash32)) {
            throw new IllegalArgumentException("refusing to sign an all-zero hash (Go's SignHash refuses it too)");
        }
        BigInteger n = Curve.N;
        BigInteger d = sk.scalar();
        BigInteger e = new BigInteger(1, hash32); // 256-bit hash, 256-bit n: no truncation needed
        HMacDSAKCalculator nonces = new HMacDSAKCalculator(new SHA256Digest());
        nonces.init(n, d, hash32);
        while (true) {
            BigInteger k = nonces.nextK();
            ECPoint rp = Curve.multiplyG(k);
            BigInteger rx = rp.getAffineXCoord().toBigInteger();
            BigInteger r = rx.mod(n);
            if (r.signum() == 0) {
                continue;
            }
            BigInteger s = BigIntegers.modOddInverse(n, k).multiply(e.add(d.multiply(r))).mod(n);
            if (s.signum() == 0) {
                continue;
            }
            int recid = (rp.getAffineYCoord().testBitZero() ? 1 : 0) | (rx.compareTo(n) >= 0 ? 2 : 0);
            if (s.compareTo(Curve.HALF_N) > 0) {
                s = n.subtract(s);
                recid ^= 1;
            }
            return Sig.of(r, s, recid);
        }
    }

    /** Whether {@code sig} is {@code pk}'s signature of SHA-256({@code payload}). */
    public static boolean verify(PubKey pk, Sig sig, byte[] payload) {
        try {
            verifyOrThrow(pk, sig, payload);
            return true;
        } catch (SignatureException e) {
            return false;
        }
    }

    /**
     * Verifies as Go's {@code VerifyPubKeySignedPayload}.
     *
     * @throws SignatureException saying why the signature does not verify
     */
    public static void verifyOrThrow(PubKey pk, Sig sig, byte[] payload) throws SignatureException {
        Objects.requireNonNull(payload, "payload");
        verifyHashOrThrow(pk, sig, sha256(payload));
    }

    /**
     * Verifies a signature of a 32-byte hash (Go's {@code VerifyPubKeySignedHash}).
     *
     * @throws SignatureException saying why the signature does not verify
     */
    public static void verifyHashOrThrow(PubKey pk, Sig sig, byte[] hash32) throws SignatureException {
        Objects.requireNonNull(pk, "pk");
        Objects.requireNonNull(sig, "sig");
        checkHash(hash32);
        if (pk.isNull()) {
            throw new SignatureException("the expected public key is the null key (all zeros)");
        }
        String malformed = malformation(sig);
        if (malformed != null) {
            throw new SignatureException(malformed);
        }
        // Go's rough malleability check: the top bit of s must be clear (its signers emit low-S).
        if ((sig.sTopByte() & 0x80) != 0) {
            throw new SignatureException("s has its top bit set (high-S signature); Skywire signers emit low-S");
        }
        ECPoint q = recoverPoint(sig.r(), sig.s(), hash32, sig.recid());
        if (q == null) {
            throw new SignatureException("no public key can be recovered from this signature and payload");
        }
        PubKey recovered = PubKey.ofPoint(q);
        if (!recovered.equals(pk)) {
            throw new SignatureException(
                    "signature was made by " + recovered + " (recovered for this payload), expected " + pk);
        }
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, new ECPublicKeyParameters(pk.point(), Curve.DOMAIN));
        if (!verifier.verifySignature(hash32, sig.r(), sig.s())) {
            throw new SignatureException("ECDSA verification failed");
        }
    }

    /**
     * The public key that made {@code sig} over {@code hash32} (Go's {@code PubKeyFromSig}).
     *
     * @throws IllegalArgumentException if the hash is not 32 bytes, the signature is malformed (r or s out of range,
     *         recovery id above 3) or no key can be recovered
     */
    public static PubKey recover(Sig sig, byte[] hash32) {
        Objects.requireNonNull(sig, "sig");
        checkHash(hash32);
        String malformed = malformation(sig);
        if (malformed != null) {
            throw new IllegalArgumentException("cannot recover a public key: " + malformed);
        }
        ECPoint q = recoverPoint(sig.r(), sig.s(), hash32, sig.recid());
        if (q == null) {
            throw new IllegalArgumentException("cannot recover a public key: no curve point matches this signature and hash");
        }
        return PubKey.ofPoint(q);
    }

    /**
     * Go's {@code cipher.ECDH(pub, sec)}: SHA-256 of the 33-byte compressed point sec·PUB. Noise's DH output is this
     * followed by one 0x00 byte.
     *
     * @throws InvalidKeyException if {@code pub} is the null key
     */
    public static byte[] ecdh(PubKey pub, SecKey sec) {
        Objects.requireNonNull(pub, "pub");
        Objects.requireNonNull(sec, "sec");
        if (pub.isNull()) {
            throw new InvalidKeyException("ECDH with the null public key (all zeros) is impossible");
        }
        ECPoint shared = pub.point().multiply(sec.scalar()).normalize();
        return sha256(shared.getEncoded(true));
    }

    /** SHA-256 of the concatenation of {@code parts}. */
    public static byte[] sha256(byte[]... parts) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256"); // in every JDK; no provider registration involved
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
        for (byte[] p : parts) {
            md.update(p);
        }
        return md.digest();
    }

    /** What makes {@code sig} unusable regardless of key and message, or null. */
    private static String malformation(Sig sig) {
        int recid = sig.recid();
        if (recid > 3) {
            return "recovery id " + recid + " out of range 0..3";
        }
        BigInteger r = sig.r();
        if (r.signum() == 0 || r.compareTo(Curve.N) >= 0) {
            return "r is " + (r.signum() == 0 ? "zero" : "not below the group order n") + " (expected 0 < r < n)";
        }
        BigInteger s = sig.s();
        if (s.signum() == 0 || s.compareTo(Curve.N) >= 0) {
            return "s is " + (s.signum() == 0 ? "zero" : "not below the group order n") + " (expected 0 < s < n)";
        }
        return null;
    }

    /** SEC 1 §4.1.6 public key recovery; null if no point results. r and s are in [1, n-1], recid in 0..3. */
    private static ECPoint recoverPoint(BigInteger r, BigInteger s, byte[] hash32, int recid) {
        BigInteger n = Curve.N;
        BigInteger x = (recid & 2) != 0 ? r.add(n) : r;
        if (x.compareTo(Curve.P) >= 0) {
            return null;
        }
        byte[] enc = new byte[PubKey.LENGTH];
        enc[0] = (byte) ((recid & 1) != 0 ? 3 : 2);
        byte[] xb = BigIntegers.asUnsignedByteArray(32, x);
        System.arraycopy(xb, 0, enc, 1, 32);
        ECPoint rp;
        try {
            rp = Curve.CURVE.decodePoint(enc);
        } catch (IllegalArgumentException | ArithmeticException e) {
            return null; // x has no point on the curve
        }
        BigInteger e = new BigInteger(1, hash32).mod(n);
        BigInteger rInv = BigIntegers.modOddInverse(n, r);
        BigInteger u1 = n.subtract(e).multiply(rInv).mod(n); // -e/r
        BigInteger u2 = s.multiply(rInv).mod(n); // s/r
        ECPoint q = ECAlgorithms.sumOfTwoMultiplies(Curve.G, u1, rp, u2).normalize();
        return q.isInfinity() ? null : q;
    }

    private static void checkHash(byte[] hash32) {
        Objects.requireNonNull(hash32, "hash");
        if (hash32.length != HASH_LENGTH) {
            throw new IllegalArgumentException("hash must be 32 bytes (SHA-256), got " + hash32.length);
        }
    }

    private static boolean isAllZero(byte[] b) {
        int acc = 0;
        for (byte x : b) {
            acc |= x;
        }
        return acc == 0;
    }
}
