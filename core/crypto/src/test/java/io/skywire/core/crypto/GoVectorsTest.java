package io.skywire.core.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/**
 * Vectors made with the real Go libraries (dmsg develop 022283c9, skycoin cipher); see /work/shared/spec/dmsg.md,
 * Appendix A, and docs/crypto.md.
 */
class GoVectorsTest {
    static final String SK_A = "0b072dd42296a40806d3fbb999cca89ddc25f94c82096db0538d38e84aaa370e";
    static final String PK_A = "0385b4a08246a1d7fa5f22841783eaf3caf3bbd89c5c2e1737eef4b2a7bba42205";
    static final String SK_B = "801e672c3519fb0427ae7f9cb617a3dfc13268c98fd188d36104224d53b9be18";
    static final String PK_B = "02748ddd65484df87738ffd550e320409719a298f4a2088037a91e0bf369b7345f";
    static final String SK_S = "7e21ad7df581f4b0bf860570e564afdfa1de7b7b44c032942b646b58bc4e28f4";
    static final String PK_S = "03451e75a2a8b636631cdf7c3f7d5e4bd8459a1b306ef14af775ddb5b3c363377e";

    /** Noise DH(skA, pkB) = SHA256(compressed shared point) || 00; the trailing 00 is Noise's padding. */
    static final String NOISE_DH_AB = "0dde3a99e5b7e1b3e222956757ed48e61fac5b1cb628d4f277d9e84445e972cc00";
    static final String SHA256_HELLO = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
    /** Go's SignPayload("hello", skA); random nonce, so only verifiable. */
    static final String SIG_HELLO_A = "63fff668aa9fa8f754192907f1f6fd240086c2a09b91b8817272cfbdda2227fb"
            + "143d91f6abfc0a5f24ad3de971f2234c54ef30c37bf7ca52dce36ed1edab4e0e00";

    static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);

    @Test
    void secretKeysGiveTheGoPublicKeys() {
        assertEquals(PK_A, SecKey.fromHex(SK_A).pubKey().hex());
        assertEquals(PK_B, SecKey.fromHex(SK_B).pubKey().hex());
        assertEquals(PK_S, SecKey.fromHex(SK_S).pubKey().hex());
        assertEquals(PubKey.fromHex(PK_A), KeyPair.fromSecKey(SecKey.fromHex(SK_A)).pk());
    }

    @Test
    void ecdhMatchesGoAndIsSymmetric() {
        byte[] ab = Secp256k1.ecdh(PubKey.fromHex(PK_B), SecKey.fromHex(SK_A));
        byte[] ba = Secp256k1.ecdh(PubKey.fromHex(PK_A), SecKey.fromHex(SK_B));
        assertEquals(32, ab.length);
        assertArrayEquals(ab, ba);
        assertEquals(NOISE_DH_AB.substring(0, 64), Hex.encode(ab));
        assertEquals(NOISE_DH_AB, Hex.encode(ab) + "00");

        byte[] as = Secp256k1.ecdh(PubKey.fromHex(PK_S), SecKey.fromHex(SK_A));
        byte[] sa = Secp256k1.ecdh(PubKey.fromHex(PK_A), SecKey.fromHex(SK_S));
        assertArrayEquals(as, sa);
        assertFalse(Arrays.equals(ab, as));
    }

    @Test
    void sha256IsPlainSha256() {
        assertEquals(SHA256_HELLO, Hex.encode(Secp256k1.sha256(HELLO)));
        assertEquals(SHA256_HELLO, Hex.encode(Secp256k1.sha256("he".getBytes(), "".getBytes(), "llo".getBytes())));
    }

    @Test
    void goSignatureVerifiesWithItsSigner() throws Exception {
        Sig sig = Sig.fromHex(SIG_HELLO_A);
        assertEquals(0, sig.recid());
        assertTrue(Secp256k1.verify(PubKey.fromHex(PK_A), sig, HELLO));
        Secp256k1.verifyOrThrow(PubKey.fromHex(PK_A), sig, HELLO);
        assertEquals(PK_A, Secp256k1.recover(sig, Hex.decode(SHA256_HELLO)).hex());
    }

    @Test
    void goSignatureFailsWithAnotherKey() {
        Sig sig = Sig.fromHex(SIG_HELLO_A);
        assertFalse(Secp256k1.verify(PubKey.fromHex(PK_B), sig, HELLO));
        SignatureException e = assertThrows(SignatureException.class,
                () -> Secp256k1.verifyOrThrow(PubKey.fromHex(PK_B), sig, HELLO));
        assertEquals("signature was made by " + PK_A + " (recovered for this payload), expected " + PK_B, e.getMessage());
    }

    @Test
    void goSignatureFailsForAnotherMessage() {
        Sig sig = Sig.fromHex(SIG_HELLO_A);
        PubKey pkA = PubKey.fromHex(PK_A);
        assertFalse(Secp256k1.verify(pkA, sig, "hellp".getBytes()));
        assertFalse(Secp256k1.verify(pkA, sig, "hello ".getBytes()));
        assertFalse(Secp256k1.verify(pkA, sig, new byte[0]));
        SignatureException e = assertThrows(SignatureException.class,
                () -> Secp256k1.verifyOrThrow(pkA, sig, "Hello".getBytes()));
        assertTrue(e.getMessage().startsWith("signature was made by "), e.getMessage());
        assertTrue(e.getMessage().endsWith("expected " + PK_A), e.getMessage());
    }

    @Test
    void goSignatureFailsWithAnyFlippedBit() {
        PubKey pkA = PubKey.fromHex(PK_A);
        byte[] good = Sig.fromHex(SIG_HELLO_A).bytes();
        for (int i = 0; i < Sig.LENGTH; i++) {
            for (int bit : new int[] {0x01, 0x80}) {
                byte[] bad = good.clone();
                bad[i] ^= (byte) bit;
                assertFalse(Secp256k1.verify(pkA, Sig.fromBytes(bad), HELLO), "byte " + i + " bit " + bit);
            }
        }
    }

    @Test
    void goSignatureFailsWithRecoveryIdOutOfRange() {
        byte[] b = Sig.fromHex(SIG_HELLO_A).bytes();
        b[64] = 4;
        Sig sig = Sig.fromBytes(b);
        assertEquals(4, sig.recid());
        assertFalse(Secp256k1.verify(PubKey.fromHex(PK_A), sig, HELLO));
        SignatureException e = assertThrows(SignatureException.class,
                () -> Secp256k1.verifyOrThrow(PubKey.fromHex(PK_A), sig, HELLO));
        assertEquals("recovery id 4 out of range 0..3", e.getMessage());
        IllegalArgumentException r = assertThrows(IllegalArgumentException.class,
                () -> Secp256k1.recover(sig, Hex.decode(SHA256_HELLO)));
        assertEquals("cannot recover a public key: recovery id 4 out of range 0..3", r.getMessage());
    }

    @Test
    void highSTwinOfGoSignatureIsRejected() {
        // (r, n-s, recid^1) is mathematically valid for the same key, but Go rejects s with its top bit set.
        byte[] b = Sig.fromHex(SIG_HELLO_A).bytes();
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(b, 32, 64));
        byte[] highS = org.bouncycastle.util.BigIntegers.asUnsignedByteArray(32, Curve.N.subtract(s));
        System.arraycopy(highS, 0, b, 32, 32);
        b[64] ^= 1;
        Sig twin = Sig.fromBytes(b);
        assertEquals(PK_A, Secp256k1.recover(twin, Hex.decode(SHA256_HELLO)).hex());
        SignatureException e = assertThrows(SignatureException.class,
                () -> Secp256k1.verifyOrThrow(PubKey.fromHex(PK_A), twin, HELLO));
        assertEquals("s has its top bit set (high-S signature); Skywire signers emit low-S", e.getMessage());
    }

    @Test
    void goSignedDiscoveryServerEntryVerifies() {
        // Signing input of a dmsg discovery server entry (Entry with Signature="" marshalled by jsoniter), and the
        // signature Go put in the posted entry.
        String signed = "{\"version\":\"0.0.1\",\"sequence\":0,\"timestamp\":1700000000000000000,"
                + "\"static\":\"" + PK_S + "\",\"server\":{\"address\":\"127.0.0.1:8081\",\"availableSessions\":2048}}";
        Sig sig = Sig.fromHex("3c37d705cd7566f1119b943cbd7452f16adbabb7d7b4317f7632fb2a296d8db4"
                + "1dce92a9b06e7754498c7c5d18f607bc8ef56e56f232915bbb010d2532f44da300");
        byte[] payload = signed.getBytes(StandardCharsets.UTF_8);
        assertTrue(Secp256k1.verify(PubKey.fromHex(PK_S), sig, payload));
        assertFalse(Secp256k1.verify(PubKey.fromHex(PK_A), sig, payload));
    }

    @Test
    void javaSignatureOfHelloVerifiesLikeGo() {
        Sig sig = Secp256k1.sign(SecKey.fromHex(SK_A), HELLO);
        assertTrue(Secp256k1.verify(PubKey.fromHex(PK_A), sig, HELLO));
        // Deterministic nonce (RFC 6979): signing again gives the same bytes.
        assertEquals(sig, Secp256k1.sign(SecKey.fromHex(SK_A), HELLO));
    }
}
