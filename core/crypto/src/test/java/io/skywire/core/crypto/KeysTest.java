package io.skywire.core.crypto;

import static io.skywire.core.crypto.GoVectorsTest.PK_A;
import static io.skywire.core.crypto.GoVectorsTest.PK_B;
import static io.skywire.core.crypto.GoVectorsTest.SK_A;
import static io.skywire.core.crypto.GoVectorsTest.SK_B;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Locale;

import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.Test;

class KeysTest {
    private static final String EXPECTED_HEX = "expected 66 hex characters (compressed secp256k1, starting 02 or 03)";
    /** Field prime p. */
    private static final String P_HEX = "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f";
    /** Group order n. */
    private static final String N_HEX = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";

    // ---- PubKey: good input

    @Test
    void pubKeyHexRoundTrips() {
        PubKey pk = PubKey.fromHex(PK_A);
        assertEquals(PK_A, pk.hex());
        assertEquals(PK_A, pk.toString());
        assertEquals(33, pk.bytes().length);
        assertEquals(pk, PubKey.fromBytes(pk.bytes()));
        assertEquals(pk.hashCode(), PubKey.fromBytes(pk.bytes()).hashCode());
        assertFalse(pk.isNull());
    }

    @Test
    void pubKeyAcceptsUpperCaseAndPrintsLowerCase() {
        assertEquals(PK_A, PubKey.fromHex(PK_A.toUpperCase(Locale.ROOT)).hex());
    }

    @Test
    void pubKeyBytesAreCopies() {
        byte[] in = Hex.decode(PK_A);
        PubKey pk = PubKey.fromBytes(in);
        in[5] ^= 1;
        pk.bytes()[6] ^= 1;
        assertEquals(PK_A, pk.hex());
    }

    @Test
    void pubKeysOrderByUnsignedBytes() {
        PubKey a = PubKey.fromHex(PK_A); // 03…
        PubKey b = PubKey.fromHex(PK_B); // 02…
        assertTrue(b.compareTo(a) < 0);
        assertTrue(PubKey.NULL.compareTo(b) < 0);
        assertEquals(0, a.compareTo(PubKey.fromHex(PK_A)));
    }

    // ---- PubKey: null key

    @Test
    void nullKeyIsThirtyThreeZeroBytes() {
        assertTrue(PubKey.NULL.isNull());
        assertEquals("0".repeat(66), PubKey.NULL.hex());
        assertEquals("0".repeat(66), PubKey.NULL.toString());
        assertArrayEquals(new byte[33], PubKey.NULL.bytes());
    }

    @Test
    void parseTextMapsAllZeroStringsToTheNullKeyLikeGo() {
        assertSame(PubKey.NULL, PubKey.parseText(""));
        assertSame(PubKey.NULL, PubKey.parseText("0"));
        assertSame(PubKey.NULL, PubKey.parseText("000"));
        assertSame(PubKey.NULL, PubKey.parseText("0".repeat(66)));
        assertSame(PubKey.NULL, PubKey.parseText("0".repeat(200)));
        assertEquals(PubKey.fromHex(PK_A), PubKey.parseText(PK_A));
        InvalidKeyException e = assertThrows(InvalidKeyException.class, () -> PubKey.parseText("00x"));
        assertEquals("invalid public key \"00x\": got 3 characters, " + EXPECTED_HEX, e.getMessage());
        assertThrows(InvalidKeyException.class, () -> PubKey.parseText("0".repeat(65) + "1"));
    }

    @Test
    void fromHexAndFromBytesRejectTheNullKey() {
        InvalidKeyException e = assertThrows(InvalidKeyException.class, () -> PubKey.fromHex("0".repeat(66)));
        assertEquals("invalid public key \"" + "0".repeat(66) + "\": this is the null key (all zeros), not a usable "
                + "public key; expected a compressed secp256k1 point starting 02 or 03", e.getMessage());
        InvalidKeyException b = assertThrows(InvalidKeyException.class, () -> PubKey.fromBytes(new byte[33]));
        assertTrue(b.getMessage().contains("null key"), b.getMessage());
    }

    // ---- PubKey: malformed input

    @Test
    void pubKeyWrongLengths() {
        assertEquals("invalid public key \"xyz\": got 3 characters, " + EXPECTED_HEX,
                pkHexError("xyz"));
        assertEquals("invalid public key \"\": got 0 characters, " + EXPECTED_HEX, pkHexError(""));
        assertEquals("invalid public key \"" + PK_A + "00\": got 68 characters, " + EXPECTED_HEX,
                pkHexError(PK_A + "00"));
        assertEquals("invalid public key \"" + PK_A.substring(1) + "\": got 65 characters, " + EXPECTED_HEX,
                pkHexError(PK_A.substring(1)));
        assertEquals("invalid public key " + PK_A.substring(0, 64) + ": got 32 bytes, expected 33 bytes "
                + "(compressed secp256k1, starting 02 or 03)", pkBytesError(Arrays.copyOf(Hex.decode(PK_A), 32)));
        assertEquals("invalid public key : got 0 bytes, expected 33 bytes (compressed secp256k1, starting 02 or 03)",
                pkBytesError(new byte[0]));
    }

    @Test
    void uncompressedKeysAreRejected() {
        byte[] uncompressed = Curve.CURVE.decodePoint(Hex.decode(PK_A)).getEncoded(false);
        assertEquals(65, uncompressed.length);
        assertEquals(4, uncompressed[0]);
        String hex = Hex.encode(uncompressed);
        assertEquals("invalid public key \"" + hex + "\": uncompressed keys (65 bytes, prefix 04) are not accepted; "
                + EXPECTED_HEX, pkHexError(hex));
        assertEquals("invalid public key " + hex + ": uncompressed keys (65 bytes, prefix 04) are not accepted; "
                + "expected 33 bytes (compressed secp256k1, starting 02 or 03)", pkBytesError(uncompressed));
        // A 33-byte key with prefix 04 (x of a real key) is rejected for its prefix.
        String tag04 = "04" + PK_A.substring(2);
        assertEquals("invalid public key \"" + tag04 + "\": prefix 04 marks an uncompressed or hybrid point; "
                + "only compressed keys (02 or 03) are accepted", pkHexError(tag04));
    }

    @Test
    void otherPrefixesAreRejected() {
        for (String tag : new String[] {"00", "01", "05", "ff"}) {
            String hex = tag + PK_A.substring(2);
            String msg = pkHexError(hex);
            assertTrue(msg.startsWith("invalid public key \"" + hex + "\": prefix " + tag), msg);
        }
        assertTrue(pkHexError("05" + PK_A.substring(2)).endsWith("prefix 05 marks an uncompressed or hybrid point; "
                + "only compressed keys (02 or 03) are accepted"));
        assertTrue(pkHexError("01" + PK_A.substring(2)).endsWith("prefix 01 is not 02 or 03 (compressed secp256k1)"));
    }

    @Test
    void pointsNotOnTheCurveAreRejected() {
        // x = p-1: x^3 + 7 = 6 (mod p), which is not a square mod p, so no y exists. Same for x = 0 (7) and x = 5.
        String notOnCurve = "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2e";
        String why = "x coordinate is not on the secp256k1 curve (x^3 + 7 has no square root mod p)";
        for (String x : new String[] {notOnCurve, "0".repeat(64), "0".repeat(63) + "5"}) {
            for (String tag : new String[] {"02", "03"}) {
                assertEquals("invalid public key \"" + tag + x + "\": " + why, pkHexError(tag + x));
                assertEquals("invalid public key " + tag + x + ": " + why, pkBytesError(Hex.decode(tag + x)));
            }
        }
        // x = p-3 is on the curve (sanity check of the claim above).
        assertFalse(PubKey.fromHex("02fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2c").isNull());
    }

    @Test
    void xNotBelowTheFieldPrimeIsRejected() {
        String why = "x coordinate is not below the field prime p, so it is not a secp256k1 point";
        assertEquals("invalid public key \"02" + P_HEX + "\": " + why, pkHexError("02" + P_HEX));
        assertEquals("invalid public key \"03" + "f".repeat(64) + "\": " + why, pkHexError("03" + "f".repeat(64)));
        // p + 1 is 1 mod p, which IS an x on the curve: Go would reject it for not re-encoding, and so do we.
        String pPlus1 = "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc30";
        assertTrue(pkHexError("02" + pPlus1).endsWith(why));
    }

    @Test
    void nonHexPubKeyIsRejectedWithThePosition() {
        String s = PK_A.substring(0, 10) + "g" + PK_A.substring(11);
        assertEquals("invalid public key \"" + s + "\": non-hex character 'g' (U+0067) at index 10; " + EXPECTED_HEX,
                pkHexError(s));
        String space = " " + PK_A.substring(1);
        assertEquals("invalid public key \"" + space + "\": non-hex character U+0020 at index 0; " + EXPECTED_HEX,
                pkHexError(space));
        String newline = PK_A.substring(0, 65) + "\n";
        assertEquals("invalid public key \"" + PK_A.substring(0, 65) + "\\n\": non-hex character U+000A at index 65; "
                + EXPECTED_HEX, pkHexError(newline));
        assertTrue(pkHexError("0x" + PK_A.substring(2)).contains("non-hex character 'x' (U+0078) at index 1"));
    }

    @Test
    void longGarbageIsCutInTheMessage() {
        String msg = pkHexError("a".repeat(10_000));
        assertTrue(msg.length() < 400, msg);
        assertTrue(msg.contains("(10000 characters)"), msg);
        assertFalse(msg.contains("\n"));
    }

    // ---- SecKey

    @Test
    void secKeyRoundTripsAndRedacts() {
        SecKey sk = SecKey.fromHex(SK_A);
        assertEquals(SK_A, sk.hex());
        assertEquals(SK_A, SecKey.fromHex(SK_A.toUpperCase(Locale.ROOT)).hex());
        assertEquals(sk, SecKey.fromBytes(sk.bytes()));
        assertEquals(sk.hashCode(), SecKey.fromBytes(sk.bytes()).hashCode());
        assertNotEquals(sk, SecKey.fromHex(SK_B));
        assertEquals("SecKey[redacted]", sk.toString());
        assertFalse(String.valueOf(sk).contains(SK_A));
        assertSame(sk.pubKey(), sk.pubKey());
    }

    @Test
    void secKeyBoundaries() {
        BigInteger n = new BigInteger(N_HEX, 16);
        assertEquals(n, Curve.N);
        String nMinus1 = Hex.encode(BigIntegers.asUnsignedByteArray(32, n.subtract(BigInteger.ONE)));
        String one = "0".repeat(63) + "1";
        assertEquals(nMinus1, SecKey.fromHex(nMinus1).hex());
        // 1·G is the generator.
        assertEquals("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798", SecKey.fromHex(one).pubKey().hex());
        // (n-1)·G = -G.
        assertEquals("0379be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798",
                SecKey.fromHex(nMinus1).pubKey().hex());

        String zero = "invalid secret key: zero is not a valid secret key (expected 0 < d < n)";
        assertEquals(zero, skHexError("0".repeat(64)));
        assertEquals(zero, skBytesError(new byte[32]));

        String tooBig = "invalid secret key: the value is not below the secp256k1 group order n (expected 0 < d < n)";
        assertEquals(tooBig, skHexError(N_HEX));
        assertEquals(tooBig, skHexError(Hex.encode(BigIntegers.asUnsignedByteArray(32, n.add(BigInteger.ONE)))));
        assertEquals(tooBig, skHexError("f".repeat(64)));
        assertEquals(tooBig, skBytesError(Hex.decode(N_HEX)));
    }

    @Test
    void secKeyMalformedInputNeverEchoesTheKey() {
        assertEquals("invalid secret key: got 63 characters, expected 64 hex characters "
                + "(32-byte big-endian scalar, 0 < d < n)", skHexError(SK_A.substring(1)));
        assertEquals("invalid secret key: got 66 characters, expected 64 hex characters "
                + "(32-byte big-endian scalar, 0 < d < n)", skHexError(SK_A + "00"));
        String nonHex = SK_A.substring(0, 20) + "z" + SK_A.substring(21);
        String msg = skHexError(nonHex);
        assertEquals("invalid secret key: non-hex character at index 20, expected 64 hex characters "
                + "(32-byte big-endian scalar, 0 < d < n)", msg);
        assertEquals("invalid secret key: got 31 bytes, expected 32 (32-byte big-endian scalar, 0 < d < n)",
                skBytesError(new byte[31]));
        assertEquals("invalid secret key: got 33 bytes, expected 32 (32-byte big-endian scalar, 0 < d < n)",
                skBytesError(new byte[33]));
    }

    @Test
    void secKeyBytesAreCopies() {
        byte[] in = Hex.decode(SK_A);
        SecKey sk = SecKey.fromBytes(in);
        in[0] ^= 1;
        sk.bytes()[1] ^= 1;
        assertEquals(SK_A, sk.hex());
    }

    // ---- KeyPair

    @Test
    void generatedKeyPairsAreValidAndDistinct() {
        KeyPair a = KeyPair.generate();
        KeyPair b = KeyPair.generate();
        assertNotEquals(a.pk(), b.pk());
        for (KeyPair kp : new KeyPair[] {a, b}) {
            assertEquals(kp.pk(), kp.sk().pubKey());
            assertEquals(kp.pk(), PubKey.fromHex(kp.pk().hex()));
            assertEquals(kp.sk(), SecKey.fromHex(kp.sk().hex()));
            assertFalse(kp.toString().contains(kp.sk().hex()), kp.toString());
            assertTrue(kp.toString().contains(kp.pk().hex()), kp.toString());
        }
    }

    @Test
    void keyPairFromSecKeyAndMismatch() {
        KeyPair kp = KeyPair.fromSecKey(SecKey.fromHex(SK_A));
        assertEquals(PK_A, kp.pk().hex());
        assertEquals(kp, new KeyPair(PubKey.fromHex(PK_A), SecKey.fromHex(SK_A)));
        InvalidKeyException e = assertThrows(InvalidKeyException.class,
                () -> new KeyPair(PubKey.fromHex(PK_B), SecKey.fromHex(SK_A)));
        assertEquals("public key " + PK_B + " does not belong to the secret key (whose public key is " + PK_A + ")",
                e.getMessage());
        assertThrows(InvalidKeyException.class, () -> new KeyPair(PubKey.NULL, SecKey.fromHex(SK_A)));
    }

    // ---- Sig

    @Test
    void sigRoundTrips() {
        Sig sig = Sig.fromHex(GoVectorsTest.SIG_HELLO_A);
        assertEquals(GoVectorsTest.SIG_HELLO_A, sig.hex());
        assertEquals(GoVectorsTest.SIG_HELLO_A, sig.toString());
        assertEquals(sig, Sig.fromBytes(sig.bytes()));
        assertEquals(sig, Sig.fromHex(GoVectorsTest.SIG_HELLO_A.toUpperCase(Locale.ROOT)));
        assertEquals(sig.hashCode(), Sig.fromBytes(sig.bytes()).hashCode());
        assertFalse(sig.isNull());
        assertTrue(Sig.NULL.isNull());
        assertEquals("0".repeat(130), Sig.NULL.hex());
        assertEquals(Sig.NULL, Sig.fromHex("0".repeat(130)));
        byte[] b = sig.bytes();
        b[64] = (byte) 200;
        assertEquals(200, Sig.fromBytes(b).recid());
    }

    @Test
    void malformedSigsSayWhatIsWrong() {
        String expected = "expected 130 hex characters (r(32) || s(32) || recid(1))";
        String s128 = GoVectorsTest.SIG_HELLO_A.substring(0, 128);
        assertEquals("invalid signature \"" + s128 + "\": got 128 characters, " + expected
                + "; a 64-byte r||s signature lacks the recovery id that Skywire verification needs",
                assertThrows(IllegalArgumentException.class, () -> Sig.fromHex(s128)).getMessage());
        assertEquals("invalid signature \"ab\": got 2 characters, " + expected,
                assertThrows(IllegalArgumentException.class, () -> Sig.fromHex("ab")).getMessage());
        String bad = "q" + GoVectorsTest.SIG_HELLO_A.substring(1);
        assertEquals("invalid signature \"" + bad + "\": non-hex character 'q' (U+0071) at index 0; " + expected,
                assertThrows(IllegalArgumentException.class, () -> Sig.fromHex(bad)).getMessage());
        assertEquals("invalid signature: got 64 bytes, expected 65 (r(32) || s(32) || recid(1)); a 64-byte r||s "
                + "signature lacks the recovery id that Skywire verification needs",
                assertThrows(IllegalArgumentException.class, () -> Sig.fromBytes(new byte[64])).getMessage());
        assertEquals("invalid signature: got 66 bytes, expected 65 (r(32) || s(32) || recid(1))",
                assertThrows(IllegalArgumentException.class, () -> Sig.fromBytes(new byte[66])).getMessage());
    }

    // ---- Hex

    @Test
    void hexRoundTripsAndIsLowerCase() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        String hex = Hex.encode(all);
        assertEquals(hex.toLowerCase(Locale.ROOT), hex);
        assertArrayEquals(all, Hex.decode(hex));
        assertArrayEquals(all, Hex.decode(hex.toUpperCase(Locale.ROOT)));
        assertEquals("", Hex.encode(new byte[0]));
        assertArrayEquals(new byte[0], Hex.decode(""));
        assertEquals("00ff7f80", Hex.encode(new byte[] {0, -1, 127, -128}));
    }

    @Test
    void hexErrors() {
        assertEquals("invalid hex: odd length 3 (expected pairs of hex digits 0-9a-f)",
                assertThrows(IllegalArgumentException.class, () -> Hex.decode("abc")).getMessage());
        assertEquals("invalid hex: non-hex character 'g' (U+0067) at index 2 (expected only 0-9, a-f, A-F)",
                assertThrows(IllegalArgumentException.class, () -> Hex.decode("abgd")).getMessage());
        assertEquals("invalid hex: non-hex character U+0020 at index 0 (expected only 0-9, a-f, A-F)",
                assertThrows(IllegalArgumentException.class, () -> Hex.decode(" a")).getMessage());
    }

    private static String pkHexError(String s) {
        return assertThrows(InvalidKeyException.class, () -> PubKey.fromHex(s)).getMessage();
    }

    private static String pkBytesError(byte[] b) {
        return assertThrows(InvalidKeyException.class, () -> PubKey.fromBytes(b)).getMessage();
    }

    private static String skHexError(String s) {
        String msg = assertThrows(InvalidKeyException.class, () -> SecKey.fromHex(s)).getMessage();
        if (s.length() >= 8) {
            assertFalse(msg.contains(s.substring(0, 8)), "message repeats the key: " + msg);
        }
        return msg;
    }

    private static String skBytesError(byte[] b) {
        return assertThrows(InvalidKeyException.class, () -> SecKey.fromBytes(b)).getMessage();
    }
}
