package io.skywire.core.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SignVerifyTest {
    private final Random random = new Random(0x5eed);

    @Test
    void roundTripsOverManyRandomMessages() throws Exception {
        Set<Integer> recids = new HashSet<>();
        KeyPair[] keys = new KeyPair[30];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = KeyPair.generate();
        }
        for (int i = 0; i < 300; i++) {
            KeyPair kp = keys[i % keys.length];
            byte[] msg = new byte[random.nextInt(200)];
            random.nextBytes(msg);
            Sig sig = Secp256k1.sign(kp.sk(), msg);
            assertEquals(Sig.LENGTH, sig.bytes().length);

            Secp256k1.verifyOrThrow(kp.pk(), sig, msg);
            assertTrue(Secp256k1.verify(kp.pk(), sig, msg));

            BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig.bytes(), 32, 64));
            assertTrue(s.compareTo(Curve.HALF_N) <= 0, "low-S");
            assertEquals(0, sig.bytes()[32] & 0x80, "top bit of s clear");
            assertTrue(sig.recid() <= 3);
            recids.add(sig.recid());
            assertEquals(kp.pk(), Secp256k1.recover(sig, Secp256k1.sha256(msg)));

            byte[] other = Arrays.copyOf(msg, msg.length + 1);
            assertFalse(Secp256k1.verify(kp.pk(), sig, other));
            if (msg.length > 0) {
                byte[] flipped = msg.clone();
                flipped[random.nextInt(msg.length)] ^= 1;
                assertFalse(Secp256k1.verify(kp.pk(), sig, flipped));
            }
            // A signature with the wrong parity recid recovers another key and fails.
            byte[] wrongRecid = sig.bytes();
            wrongRecid[64] ^= 1;
            assertFalse(Secp256k1.verify(kp.pk(), Sig.fromBytes(wrongRecid), msg));
        }
        assertEquals(Set.of(0, 1), recids, "both y parities occur; bit 1 (R.x >= n) has probability ~2^-128");
    }

    @Test
    void signatureDoesNotVerifyWithAnotherKey() {
        KeyPair a = KeyPair.generate();
        KeyPair b = KeyPair.generate();
        Sig sig = Secp256k1.sign(a.sk(), "payload".getBytes());
        assertFalse(Secp256k1.verify(b.pk(), sig, "payload".getBytes()));
    }

    @Test
    void emptyPayloadIsSignable() throws Exception {
        KeyPair kp = KeyPair.generate();
        Secp256k1.verifyOrThrow(kp.pk(), Secp256k1.sign(kp.sk(), new byte[0]), new byte[0]);
    }

    @Test
    void signHashSignsTheHashAsIs() throws Exception {
        KeyPair kp = KeyPair.generate();
        byte[] hash = Secp256k1.sha256("x".getBytes());
        Sig sig = Secp256k1.signHash(kp.sk(), hash);
        Secp256k1.verifyHashOrThrow(kp.pk(), sig, hash);
        Secp256k1.verifyOrThrow(kp.pk(), sig, "x".getBytes());
        assertEquals(sig, Secp256k1.sign(kp.sk(), "x".getBytes()));
        assertNotEquals(sig, Secp256k1.sign(kp.sk(), "y".getBytes()));
    }

    @Test
    void allZeroHashIsRefused() {
        SecKey sk = KeyPair.generate().sk();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Secp256k1.signHash(sk, new byte[32]));
        assertEquals("refusing to sign an all-zero hash (Go's SignHash refuses it too)", e.getMessage());
    }

    @Test
    void hashOfWrongLengthIsRejected() {
        SecKey sk = KeyPair.generate().sk();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Secp256k1.signHash(sk, new byte[31]));
        assertEquals("hash must be 32 bytes (SHA-256), got 31", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Secp256k1.recover(Sig.NULL, new byte[33]));
    }

    @Test
    void malformedSignaturesSayWhatIsWrong() {
        KeyPair kp = KeyPair.generate();
        byte[] msg = "m".getBytes();
        byte[] good = Secp256k1.sign(kp.sk(), msg).bytes();

        assertEquals("r is zero (expected 0 < r < n)", failure(kp.pk(), Sig.NULL, msg));

        byte[] rZero = good.clone();
        Arrays.fill(rZero, 0, 32, (byte) 0);
        assertEquals("r is zero (expected 0 < r < n)", failure(kp.pk(), Sig.fromBytes(rZero), msg));

        byte[] rBig = good.clone();
        Arrays.fill(rBig, 0, 32, (byte) 0xff);
        assertEquals("r is not below the group order n (expected 0 < r < n)", failure(kp.pk(), Sig.fromBytes(rBig), msg));

        byte[] sZero = good.clone();
        Arrays.fill(sZero, 32, 64, (byte) 0);
        assertEquals("s is zero (expected 0 < s < n)", failure(kp.pk(), Sig.fromBytes(sZero), msg));

        byte[] recid7 = good.clone();
        recid7[64] = 7;
        assertEquals("recovery id 7 out of range 0..3", failure(kp.pk(), Sig.fromBytes(recid7), msg));

        byte[] recid255 = good.clone();
        recid255[64] = (byte) 0xff;
        assertEquals("recovery id 255 out of range 0..3", failure(kp.pk(), Sig.fromBytes(recid255), msg));

        assertEquals("the expected public key is the null key (all zeros)",
                failure(PubKey.NULL, Sig.fromBytes(good), msg));
    }

    @Test
    void recidWithHighXBitFailsToRecoverForOrdinarySignatures() {
        // recid 2/3 claims R.x = r + n, which is >= p for almost every r: recovery must fail cleanly.
        KeyPair kp = KeyPair.generate();
        byte[] b = Secp256k1.sign(kp.sk(), "m".getBytes()).bytes();
        b[64] |= 2;
        Sig sig = Sig.fromBytes(b);
        assertEquals("no public key can be recovered from this signature and payload",
                failure(kp.pk(), sig, "m".getBytes()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Secp256k1.recover(sig, Secp256k1.sha256("m".getBytes())));
        assertEquals("cannot recover a public key: no curve point matches this signature and hash", e.getMessage());
    }

    @Test
    void ecdhIsSymmetricForRandomKeys() {
        for (int i = 0; i < 20; i++) {
            KeyPair a = KeyPair.generate();
            KeyPair b = KeyPair.generate();
            assertArrayEquals(Secp256k1.ecdh(b.pk(), a.sk()), Secp256k1.ecdh(a.pk(), b.sk()));
        }
    }

    @Test
    void ecdhWithNullKeyIsRejected() {
        SecKey sk = KeyPair.generate().sk();
        InvalidKeyException e = assertThrows(InvalidKeyException.class, () -> Secp256k1.ecdh(PubKey.NULL, sk));
        assertEquals("ECDH with the null public key (all zeros) is impossible", e.getMessage());
    }

    private static String failure(PubKey pk, Sig sig, byte[] msg) {
        assertFalse(Secp256k1.verify(pk, sig, msg));
        return assertThrows(SignatureException.class, () -> Secp256k1.verifyOrThrow(pk, sig, msg)).getMessage();
    }
}
