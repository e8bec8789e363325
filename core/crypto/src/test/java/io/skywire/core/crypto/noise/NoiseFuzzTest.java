package io.skywire.core.crypto.noise;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.code_intelligence.jazzer.junit.FuzzTest;

import io.skywire.core.crypto.KeyPair;
import io.skywire.core.crypto.PubKey;
import io.skywire.core.crypto.noise.NoiseFrames.ReceiveMode;

/**
 * Arbitrary bytes into everything that parses peer input: handshake {@code readMessage} at each position and frame
 * {@code decrypt}. Only {@link NoiseException} may escape; anything else (a crash on an invalid curve point, an
 * index error, an {@link IllegalStateException}) is a finding.
 *
 * <p>The first byte selects the target, the rest is the input. In normal builds this runs in Jazzer's regression
 * mode over the seeds in {@code src/test/resources/io/skywire/core/crypto/noise/NoiseFuzzTestInputs/fuzzPeerInput}
 * (the Go vectors and a valid frame, one per target). Fuzz for real with {@code JAZZER_FUZZ=1}; note that Jazzer
 * 0.24.0 cannot instrument Java 25 class files, so such a run has no coverage feedback (hooks are off in
 * {@code junit-platform.properties}). {@link #mutatedSeedsOnlyRaiseNoiseException()} therefore also runs the target
 * on a few thousand seeded random mutations of the valid seeds in every build.
 */
class NoiseFuzzTest {
    /** Fixed transport keys for the frame targets; the seed frames were sealed with {@link #peerFrames()}. */
    static final byte[] KEY_1 = filled(0x11);
    static final byte[] KEY_2 = filled(0x22);

    private static final KeyPair A = NoiseVectorsTest.a();
    private static final KeyPair B = NoiseVectorsTest.b();
    private static final KeyPair S = NoiseVectorsTest.server();
    private static final KeyPair EPH_A = NoiseVectorsTest.ephA();
    private static final KeyPair EPH_S = NoiseVectorsTest.ephS();
    private static final KeyPair EPH_B = NoiseVectorsTest.ephB();
    private static final byte[] XK_MSG1 = Arrays.copyOfRange(NoiseVectorsTest.hex(NoiseVectorsTest.XK_MSG1), 2, 51);

    static byte[] filled(int b) {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) b);
        return k;
    }

    /** The receiving side used by the frame targets. */
    static NoiseFrames localFrames() {
        return new NoiseFrames(KEY_1, KEY_2);
    }

    /** Its peer: sends with KEY_2. */
    static NoiseFrames peerFrames() {
        return new NoiseFrames(KEY_2, KEY_1);
    }

    static final String[] SEEDS = {
        "xk_msg1", "kk_msg1", "xk_msg3", "xk_msg2", "frame_strict", "frame_any_nonce", "frame_empty", "frame_oversize_prefix"};

    @Test
    void mutatedSeedsOnlyRaiseNoiseException() throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        for (String name : SEEDS) {
            try (InputStream in = NoiseFuzzTest.class.getResourceAsStream("NoiseFuzzTestInputs/fuzzPeerInput/" + name)) {
                seeds.add(in.readAllBytes());
            }
        }
        Random rnd = new Random(20241019);
        for (int iter = 0; iter < 3000; iter++) {
            byte[] in = seeds.get(iter % seeds.size()).clone();
            switch (rnd.nextInt(4)) {
                case 0 -> in[1 + rnd.nextInt(in.length - 1)] ^= (byte) (1 << rnd.nextInt(8)); // one bit, target kept
                case 1 -> in = Arrays.copyOf(in, 1 + rnd.nextInt(in.length)); // truncated
                case 2 -> in = Arrays.copyOf(in, in.length + 1 + rnd.nextInt(40)); // trailing zeros
                default -> {
                    for (int k = 1 + rnd.nextInt(4); k > 0; k--) {
                        in[1 + rnd.nextInt(in.length - 1)] = (byte) rnd.nextInt(256);
                    }
                }
            }
            fuzzPeerInput(in);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void fuzzPeerInput(byte[] input) {
        if (input.length == 0) {
            return;
        }
        byte[] data = Arrays.copyOfRange(input, 1, input.length);
        try {
            switch ((input[0] & 0xff) % 6) {
                case 0 -> NoiseHandshake.xkResponder(S).useFixedEphemeralForTesting(EPH_S).readMessage(data);
                case 1 -> NoiseHandshake.kkResponder(B, A.pk()).useFixedEphemeralForTesting(EPH_B).readMessage(data);
                case 2 -> {
                    NoiseHandshake r = NoiseHandshake.xkResponder(S).useFixedEphemeralForTesting(EPH_S);
                    r.readMessage(XK_MSG1);
                    r.writeMessage();
                    r.readMessage(data); // message 3
                    r.split();
                }
                case 3 -> {
                    NoiseHandshake i = NoiseHandshake.xkInitiator(A, PubKey.fromHex(NoiseVectorsTest.PK_S))
                            .useFixedEphemeralForTesting(EPH_A);
                    i.writeMessage();
                    i.readMessage(data); // message 2
                    i.writeMessage();
                    i.split();
                }
                case 4 -> {
                    NoiseFrames f = localFrames();
                    f.decrypt(data, ReceiveMode.STRICT);
                    f.decrypt(data, ReceiveMode.STRICT); // a replay must fail
                    throw new AssertionError("a replayed frame was accepted in STRICT mode");
                }
                default -> {
                    int len = NoiseFrames.frameLength(data, 0, data.length);
                    if (len >= 0 && len <= data.length) {
                        localFrames().decrypt(data, 0, len, ReceiveMode.ANY_NONCE);
                    }
                    LengthPrefix.strip(data);
                    localFrames().decrypt(data, ReceiveMode.ANY_NONCE);
                }
            }
        } catch (NoiseException expected) {
            // the only exception peer input may cause
        }
    }
}
