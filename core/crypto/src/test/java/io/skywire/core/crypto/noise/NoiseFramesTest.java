package io.skywire.core.crypto.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.skywire.core.crypto.KeyPair;
import io.skywire.core.crypto.noise.NoiseFrames.ReceiveMode;

class NoiseFramesTest {
    NoiseFrames client;
    NoiseFrames server;

    @BeforeEach
    void handshake() throws NoiseException {
        KeyPair a = KeyPair.generate();
        KeyPair s = KeyPair.generate();
        NoiseFrames[] f = NoiseHandshakeTest.run(NoiseHandshake.xkInitiator(a, s.pk()), NoiseHandshake.xkResponder(s));
        client = f[0];
        server = f[1];
    }

    static long nonceOf(byte[] frame) {
        long v = 0;
        for (int i = 2; i < 10; i++) {
            v = (v << 8) | (frame[i] & 0xff);
        }
        return v;
    }

    @Test
    void layoutAndFirstNonce() throws NoiseException {
        byte[] f = client.encrypt(new byte[] {7, 7, 7});
        assertEquals(2 + 8 + 3 + 16, f.length);
        assertEquals(8 + 3 + 16, ((f[0] & 0xff) << 8) | (f[1] & 0xff));
        assertEquals(1, nonceOf(f));
        assertEquals(2, nonceOf(client.encrypt(new byte[0])));
        assertEquals(f.length, NoiseFrames.frameLength(f, 0, f.length));
        assertEquals(-1, NoiseFrames.frameLength(f, 0, 1));
    }

    @Test
    void emptyPlaintextFramesAreValid() throws NoiseException {
        byte[] f = client.encrypt(new byte[0]);
        assertEquals(26, f.length);
        assertArrayEquals(new byte[0], server.decrypt(f, ReceiveMode.STRICT));
    }

    @Test
    void maximumFrame() throws NoiseException {
        byte[] pt = new byte[NoiseFrames.MAX_PLAINTEXT];
        new Random(1).nextBytes(pt);
        byte[] f = client.encrypt(pt);
        assertEquals(4096, f.length);
        assertEquals(4094, ((f[0] & 0xff) << 8) | (f[1] & 0xff));
        assertArrayEquals(pt, server.decrypt(f, ReceiveMode.STRICT));
        assertThrows(IllegalArgumentException.class, () -> client.encrypt(new byte[4071]));
    }

    @Test
    void encryptAllSplitsInto4070ByteChunks() throws NoiseException {
        byte[] data = new byte[10_000];
        new Random(2).nextBytes(data);
        byte[] wire = client.encryptAll(data);
        assertEquals(NoiseFrames.wireSize(10_000), wire.length);
        assertEquals(10_000 + 3 * 26, wire.length);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        int pos = 0;
        int frames = 0;
        while (pos < wire.length) {
            int len = NoiseFrames.frameLength(wire, pos, wire.length - pos);
            byte[] pt = server.decrypt(wire, pos, len, ReceiveMode.STRICT);
            assertTrue(pt.length <= 4070);
            got.writeBytes(pt);
            pos += len;
            frames++;
        }
        assertEquals(3, frames);
        assertArrayEquals(data, got.toByteArray());
        assertEquals(3, client.sendNonce());
        assertEquals(0, client.encryptAll(new byte[0]).length);
        assertEquals(3, client.sendNonce());
    }

    @Test
    void strictRejectsReplayAndLowerNoncesButAllowsGaps() throws NoiseException {
        byte[] f1 = client.encrypt(new byte[] {1});
        byte[] f2 = client.encrypt(new byte[] {2});
        byte[] f3 = client.encrypt(new byte[] {3});
        byte[] f4 = client.encrypt(new byte[] {4});
        assertArrayEquals(new byte[] {2}, server.decrypt(f2, ReceiveMode.STRICT)); // gap: 1 skipped
        NoiseException replay = assertThrows(NoiseException.class, () -> server.decrypt(f2, ReceiveMode.STRICT));
        assertEquals("frame nonce 2 is not larger than the previous 2 (replayed or reordered stream frame)",
                replay.getMessage());
        assertThrows(NoiseException.class, () -> server.decrypt(f1, ReceiveMode.STRICT));
        assertArrayEquals(new byte[] {4}, server.decrypt(f4, ReceiveMode.STRICT));
        assertThrows(NoiseException.class, () -> server.decrypt(f3, ReceiveMode.STRICT));
        assertEquals(4, server.lastStrictNonce());
    }

    @Test
    void anyNonceAcceptsOutOfOrderAndRepeats() throws NoiseException {
        byte[] f1 = client.encrypt(new byte[] {1});
        byte[] f2 = client.encrypt(new byte[] {2});
        assertArrayEquals(new byte[] {2}, server.decrypt(f2, ReceiveMode.ANY_NONCE));
        assertArrayEquals(new byte[] {1}, server.decrypt(f1, ReceiveMode.ANY_NONCE));
        assertArrayEquals(new byte[] {1}, server.decrypt(f1, ReceiveMode.ANY_NONCE));
        assertEquals(0, server.lastStrictNonce()); // ANY_NONCE leaves the STRICT mark alone
        assertArrayEquals(new byte[] {1}, server.decrypt(f1, ReceiveMode.STRICT));
    }

    @Test
    void failedFramesDoNotAdvanceTheStrictNonce() throws NoiseException {
        byte[] f1 = client.encrypt(new byte[] {1});
        byte[] forged = client.encrypt(new byte[] {2});
        Arrays.fill(forged, 2, 10, (byte) 0x7f); // huge nonce, tag no longer matches
        assertThrows(NoiseException.class, () -> server.decrypt(forged, ReceiveMode.STRICT));
        assertEquals(0, server.lastStrictNonce());
        assertArrayEquals(new byte[] {1}, server.decrypt(f1, ReceiveMode.STRICT));
    }

    @Test
    void tamperedFramesFail() {
        byte[] f = client.encrypt("some stream data".getBytes());
        for (int pos : new int[] {2, 9, 10, 20, f.length - 16, f.length - 1}) {
            byte[] t = f.clone();
            t[pos] ^= 0x40;
            NoiseException e = assertThrows(NoiseException.class, () -> server.decrypt(t, ReceiveMode.ANY_NONCE));
            assertTrue(e.getMessage().contains("failed authentication"), e.getMessage());
        }
    }

    @Test
    void sizeLimits() {
        // L > 4094
        byte[] big = new byte[4097];
        big[0] = 0x0f;
        big[1] = (byte) 0xff;
        NoiseException e = assertThrows(NoiseException.class, () -> server.decrypt(big, ReceiveMode.ANY_NONCE));
        assertTrue(e.getMessage().contains("exceeds the maximum 4094"), e.getMessage());
        assertThrows(NoiseException.class, () -> NoiseFrames.frameLength(big, 0, 2));
        // L < 24
        byte[] small = new byte[2 + 23];
        small[1] = 23;
        e = assertThrows(NoiseException.class, () -> server.decrypt(small, ReceiveMode.ANY_NONCE));
        assertTrue(e.getMessage().contains("below the minimum 24"), e.getMessage());
        // truncated and trailing bytes
        byte[] f = client.encrypt(new byte[10]);
        e = assertThrows(NoiseException.class, () -> server.decrypt(Arrays.copyOf(f, f.length - 1), ReceiveMode.ANY_NONCE));
        assertTrue(e.getMessage().startsWith("truncated frame"), e.getMessage());
        assertThrows(NoiseException.class, () -> server.decrypt(Arrays.copyOf(f, 1), ReceiveMode.ANY_NONCE));
        assertThrows(NoiseException.class, () -> server.decrypt(new byte[0], ReceiveMode.ANY_NONCE));
        e = assertThrows(NoiseException.class, () -> server.decrypt(Arrays.copyOf(f, f.length + 3), ReceiveMode.ANY_NONCE));
        assertTrue(e.getMessage().contains("3 trailing bytes"), e.getMessage());
        assertThrows(NoiseException.class, () -> server.decryptBody(f, 2, 23, ReceiveMode.ANY_NONCE));
    }

    @Test
    void decryptBodyMatchesGoDecryptUnsafeInput() throws NoiseException {
        byte[] f = client.encrypt(new byte[] {9, 8});
        assertArrayEquals(new byte[] {9, 8}, server.decryptBody(f, 2, f.length - 2, ReceiveMode.STRICT));
    }

    @Test
    void decryptBodyIntoWritesAtTheOffsetAndKeepsStateOnFailure() throws NoiseException {
        byte[] pt = new byte[NoiseFrames.MAX_PLAINTEXT];
        new Random(3).nextBytes(pt);
        byte[] f = client.encrypt(pt);
        byte[] out = new byte[pt.length + 10];
        assertEquals(pt.length, server.decryptBodyInto(f, 2, f.length - 2, ReceiveMode.STRICT, out, 7));
        assertArrayEquals(pt, Arrays.copyOfRange(out, 7, 7 + pt.length));
        assertEquals(1, server.lastStrictNonce());
        // too little room, replay, tampering: rejected, nonce unchanged
        byte[] g = client.encrypt(new byte[] {1, 2, 3});
        assertThrows(IndexOutOfBoundsException.class,
                () -> server.decryptBodyInto(g, 2, g.length - 2, ReceiveMode.STRICT, new byte[2], 0));
        assertThrows(NoiseException.class,
                () -> server.decryptBodyInto(f, 2, f.length - 2, ReceiveMode.STRICT, out, 0));
        byte[] bad = g.clone();
        bad[12] ^= 1;
        assertThrows(NoiseException.class,
                () -> server.decryptBodyInto(bad, 2, bad.length - 2, ReceiveMode.STRICT, out, 0));
        assertEquals(1, server.lastStrictNonce());
        assertEquals(3, server.decryptBodyInto(g, 2, g.length - 2, ReceiveMode.STRICT, out, 0));
        assertArrayEquals(new byte[] {1, 2, 3}, Arrays.copyOf(out, 3));
        assertEquals(2, server.lastStrictNonce());
        // an empty frame decrypts to nothing
        byte[] e = client.encrypt(new byte[0]);
        assertEquals(0, server.decryptBodyInto(e, 2, e.length - 2, ReceiveMode.STRICT, new byte[0], 0));
    }

    @Test
    void bothDirectionsAreIndependent() throws Exception {
        Thread t = new Thread(() -> {
            for (int k = 0; k < 200; k++) {
                try {
                    client.decrypt(server.encrypt(new byte[] {(byte) k}), ReceiveMode.STRICT);
                } catch (NoiseException ex) {
                    throw new AssertionError(ex);
                }
            }
        });
        t.start();
        for (int k = 0; k < 200; k++) {
            server.decrypt(client.encrypt(new byte[] {(byte) k}), ReceiveMode.STRICT);
        }
        t.join();
        assertEquals(200, client.sendNonce());
        assertEquals(200, client.lastStrictNonce());
    }
}
