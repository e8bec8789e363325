package io.skywire.core.crypto.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import io.skywire.core.crypto.InvalidKeyException;
import io.skywire.core.crypto.KeyPair;
import io.skywire.core.crypto.PubKey;
import io.skywire.core.crypto.noise.NoiseFrames.ReceiveMode;

class NoiseHandshakeTest {

    /** Runs a handshake to completion, checking lengths and turn-taking on the way. */
    static NoiseFrames[] run(NoiseHandshake i, NoiseHandshake r) throws NoiseException {
        NoiseHandshake writer = i;
        NoiseHandshake reader = r;
        int idx = 0;
        while (!i.isComplete()) {
            assertTrue(writer.isWriteTurn());
            assertFalse(reader.isWriteTurn());
            assertEquals(i.pattern().messageLength(idx), writer.nextMessageLength());
            byte[] m = writer.writeMessage();
            assertEquals(i.pattern().messageLength(idx), m.length);
            reader.readMessage(m);
            NoiseHandshake t = writer;
            writer = reader;
            reader = t;
            idx++;
        }
        assertTrue(r.isComplete());
        assertEquals(i.pattern().messageCount(), idx);
        assertArrayEquals(i.handshakeHash(), r.handshakeHash());
        return new NoiseFrames[] {i.split(), r.split()};
    }

    static void exchange(NoiseFrames from, NoiseFrames to, String text) throws NoiseException {
        byte[] pt = text.getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(pt, to.decrypt(from.encrypt(pt), ReceiveMode.STRICT));
    }

    @Test
    void xkRoundTripWithRandomKeys() throws NoiseException {
        KeyPair client = KeyPair.generate();
        KeyPair server = KeyPair.generate();
        NoiseHandshake i = NoiseHandshake.xkInitiator(client, server.pk());
        NoiseHandshake r = NoiseHandshake.xkResponder(server);
        assertNull(r.remoteStatic());
        NoiseFrames[] f = run(i, r);
        assertEquals(client.pk(), r.remoteStatic());
        assertEquals(server.pk(), i.remoteStatic());
        for (int k = 0; k < 5; k++) {
            exchange(f[0], f[1], "client says " + k);
            exchange(f[1], f[0], "server says " + k);
        }
        assertEquals(5, f[0].sendNonce());
        assertEquals(5, f[1].lastStrictNonce());
    }

    @Test
    void kkRoundTripWithRandomKeys() throws NoiseException {
        KeyPair a = KeyPair.generate();
        KeyPair b = KeyPair.generate();
        NoiseFrames[] f = run(NoiseHandshake.kkInitiator(a, b.pk()), NoiseHandshake.kkResponder(b, a.pk()));
        exchange(f[0], f[1], "a->b");
        exchange(f[1], f[0], "b->a");
        exchange(f[1], f[0], "b->a again");
        exchange(f[0], f[1], "");
    }

    @Test
    void randomEphemeralsDifferPerHandshake() {
        KeyPair a = KeyPair.generate();
        KeyPair s = KeyPair.generate();
        byte[] m1 = NoiseHandshake.xkInitiator(a, s.pk()).writeMessage();
        byte[] m2 = NoiseHandshake.xkInitiator(a, s.pk()).writeMessage();
        assertFalse(Arrays.equals(m1, m2));
    }

    @Test
    void ownFramesDoNotDecryptWithOwnReceiveKey() throws NoiseException {
        KeyPair a = KeyPair.generate();
        KeyPair s = KeyPair.generate();
        for (NoiseFrames[] f : new NoiseFrames[][] {
            run(NoiseHandshake.xkInitiator(a, s.pk()), NoiseHandshake.xkResponder(s)),
            run(NoiseHandshake.kkInitiator(a, s.pk()), NoiseHandshake.kkResponder(s, a.pk()))}) {
            byte[] frame = f[0].encrypt(new byte[] {1, 2, 3});
            assertThrows(NoiseException.class, () -> f[0].decrypt(frame, ReceiveMode.ANY_NONCE));
            // Both sides swapped (the Noise-spec direction on XK) cannot talk to the unswapped peer.
            assertThrows(NoiseException.class, () -> f[1].reversedForTesting().decrypt(frame, ReceiveMode.ANY_NONCE));
            assertArrayEquals(new byte[] {1, 2, 3}, f[1].decrypt(frame, ReceiveMode.ANY_NONCE));
        }
    }

    @Test
    void kkWithWrongStaticKeyFails() {
        KeyPair a = KeyPair.generate();
        KeyPair b = KeyPair.generate();
        KeyPair c = KeyPair.generate();
        // The initiator expects c, but b answers.
        NoiseHandshake i = NoiseHandshake.kkInitiator(a, c.pk());
        NoiseHandshake r = NoiseHandshake.kkResponder(b, a.pk());
        NoiseException e = assertThrows(NoiseException.class, () -> r.readMessage(i.writeMessage()));
        assertTrue(e.getMessage().contains("authentication failed"), e.getMessage());
        assertTrue(r.isFailed());
        assertFalse(e.getMessage().contains("\n"));

        // The responder expects c as initiator, but a calls.
        NoiseHandshake i2 = NoiseHandshake.kkInitiator(a, b.pk());
        NoiseHandshake r2 = NoiseHandshake.kkResponder(b, c.pk());
        assertThrows(NoiseException.class, () -> r2.readMessage(i2.writeMessage()));
    }

    @Test
    void xkWithWrongServerKeyFailsAtMessage1() {
        KeyPair a = KeyPair.generate();
        NoiseHandshake i = NoiseHandshake.xkInitiator(a, KeyPair.generate().pk());
        NoiseHandshake r = NoiseHandshake.xkResponder(KeyPair.generate());
        NoiseException e = assertThrows(NoiseException.class, () -> r.readMessage(i.writeMessage()));
        assertTrue(e.getMessage().startsWith("noise XK message 1"), e.getMessage());
    }

    @Test
    void invalidCurvePointInMessage1IsANoiseException() {
        KeyPair s = KeyPair.generate();
        byte[] good = NoiseHandshake.xkInitiator(KeyPair.generate(), s.pk()).writeMessage();
        for (byte[] badKey : invalidPoints()) {
            byte[] m = good.clone();
            System.arraycopy(badKey, 0, m, 0, 33);
            NoiseHandshake r = NoiseHandshake.xkResponder(s);
            NoiseException e = assertThrows(NoiseException.class, () -> r.readMessage(m));
            assertTrue(e.getMessage().contains("not a valid secp256k1 point"), e.getMessage());
            assertTrue(r.isFailed());
            NoiseHandshake rk = NoiseHandshake.kkResponder(s, KeyPair.generate().pk());
            assertThrows(NoiseException.class, () -> rk.readMessage(m));
        }
    }

    /** Null key, x &ge; p, uncompressed prefix, and an x with no curve point. */
    static byte[][] invalidPoints() {
        byte[] nullKey = new byte[33];
        byte[] xTooBig = new byte[33];
        Arrays.fill(xTooBig, (byte) 0xff);
        xTooBig[0] = 2;
        byte[] prefix4 = new byte[33];
        prefix4[0] = 4;
        prefix4[32] = 1;
        byte[] offCurve = null;
        for (int x = 1; offCurve == null; x++) {
            byte[] k = new byte[33];
            k[0] = 2;
            k[32] = (byte) x;
            try {
                PubKey.fromBytes(k);
            } catch (InvalidKeyException e) {
                offCurve = k;
            }
        }
        return new byte[][] {nullKey, xTooBig, prefix4, offCurve};
    }

    @Test
    void wrongLengthIsANoiseException() {
        KeyPair s = KeyPair.generate();
        byte[] good = NoiseHandshake.xkInitiator(KeyPair.generate(), s.pk()).writeMessage();
        for (int len : new int[] {0, 1, 33, 48, 50, 65}) {
            NoiseHandshake r = NoiseHandshake.xkResponder(s);
            NoiseException e = assertThrows(NoiseException.class, () -> r.readMessage(Arrays.copyOf(good, len)));
            assertEquals("noise XK message 1 (initiator->responder) must be 49 bytes, got " + len, e.getMessage());
        }
    }

    @Test
    void tamperedMessagesFail() throws NoiseException {
        KeyPair a = KeyPair.generate();
        KeyPair s = KeyPair.generate();
        // Flip one bit in the tag or ciphertext of each XK message (the ephemeral keys may become invalid points,
        // which is also a NoiseException).
        for (int msg = 0; msg < 3; msg++) {
            for (int pos : new int[] {0, 32, 33, 48}) {
                NoiseHandshake i = NoiseHandshake.xkInitiator(a, s.pk());
                NoiseHandshake r = NoiseHandshake.xkResponder(s);
                NoiseHandshake w = i;
                NoiseHandshake rd = r;
                for (int k = 0; k < msg; k++) {
                    rd.readMessage(w.writeMessage());
                    NoiseHandshake t = w;
                    w = rd;
                    rd = t;
                }
                byte[] m = w.writeMessage();
                m[pos] ^= 0x01;
                NoiseHandshake reader = rd;
                assertThrows(NoiseException.class, () -> reader.readMessage(m));
            }
        }
    }

    @Test
    void callsOutOfTurnAreIllegalState() throws NoiseException {
        KeyPair a = KeyPair.generate();
        KeyPair b = KeyPair.generate();
        NoiseHandshake i = NoiseHandshake.kkInitiator(a, b.pk());
        NoiseHandshake r = NoiseHandshake.kkResponder(b, a.pk());
        assertThrows(IllegalStateException.class, () -> i.readMessage(new byte[49]));
        assertThrows(IllegalStateException.class, r::writeMessage);
        assertThrows(IllegalStateException.class, i::split);
        byte[] m1 = i.writeMessage();
        assertThrows(IllegalStateException.class, i::writeMessage);
        assertThrows(IllegalStateException.class, () -> i.useFixedEphemeralForTesting(KeyPair.generate()));
        r.readMessage(m1);
        i.readMessage(r.writeMessage());
        assertThrows(IllegalStateException.class, i::writeMessage);
        assertThrows(IllegalStateException.class, () -> r.readMessage(m1));
        assertThrows(IllegalStateException.class, i::nextMessageLength);
        i.split();
        IllegalStateException twice = assertThrows(IllegalStateException.class, i::split);
        assertTrue(twice.getMessage().contains("already"), twice.getMessage());
    }

    @Test
    void failedHandshakeIsDead() {
        KeyPair s = KeyPair.generate();
        NoiseHandshake r = NoiseHandshake.xkResponder(s);
        assertThrows(NoiseException.class, () -> r.readMessage(new byte[49]));
        assertTrue(r.isFailed());
        assertFalse(r.isWriteTurn());
        IllegalStateException e = assertThrows(IllegalStateException.class, r::writeMessage);
        assertTrue(e.getMessage().contains("already failed"), e.getMessage());
        assertThrows(IllegalStateException.class, r::split);
    }

    @Test
    void nullRemoteKeyIsRejected() {
        assertThrows(InvalidKeyException.class, () -> NoiseHandshake.kkInitiator(KeyPair.generate(), PubKey.NULL));
        assertThrows(NullPointerException.class, () -> NoiseHandshake.xkInitiator(KeyPair.generate(), null));
    }

    @Test
    void patternFacts() {
        assertEquals("Noise_XK_Secp256k1_ChaChaPoly_SHA256", NoisePattern.XK.protocolName());
        assertEquals("Noise_KK_Secp256k1_ChaChaPoly_SHA256", NoisePattern.KK.protocolName());
        assertEquals(3, NoisePattern.XK.messageCount());
        assertEquals(65, NoisePattern.XK.messageLength(2));
        assertEquals(2, NoisePattern.KK.messageCount());
    }

    @Test
    void lengthPrefix() throws NoiseException {
        byte[] m = new byte[49];
        byte[] framed = LengthPrefix.prepend(m);
        assertEquals("0031", io.skywire.core.crypto.Hex.encode(Arrays.copyOf(framed, 2)));
        assertArrayEquals(m, LengthPrefix.strip(framed));
        assertEquals(-1, LengthPrefix.peekLength(framed, 0, 1));
        assertEquals(49, LengthPrefix.peekLength(framed, 0, 2));
        assertThrows(NoiseException.class, () -> LengthPrefix.strip(new byte[] {0}));
        assertThrows(NoiseException.class, () -> LengthPrefix.strip(Arrays.copyOf(framed, 50)));
        assertThrows(NoiseException.class, () -> LengthPrefix.strip(Arrays.copyOf(framed, 52)));
        assertThrows(NoiseException.class, () -> LengthPrefix.peekLength(new byte[] {0x0f, (byte) 0xff}, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> LengthPrefix.prepend(new byte[4095]));
        assertEquals(4096, LengthPrefix.prepend(new byte[4094]).length);
    }
}
