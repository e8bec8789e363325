package io.skywire.core.dmsg.wire;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The gob decoder and the signed-object parser let only {@link WireException} escape. The {@code @FuzzTest} runs its
 * regression inputs by default and fuzzes with {@code JAZZER_FUZZ=1}; {@link #mutatedVectors()} runs the same target
 * on deterministic mutations of the Appendix A vectors and the hand-built streams in every build.
 */
class GobFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void fuzzGobDecoder(byte[] data) {
        target(data);
    }

    static void target(byte[] data) {
        try {
            Gob.decode(data);
        } catch (WireException expected) {
            // declared
        }
        try {
            Gob.decodeRequest(data);
        } catch (WireException expected) {
            // declared
        }
        try {
            Gob.decodeResponse(data);
        } catch (WireException expected) {
            // declared
        }
        try {
            SignedObject.verifyRequest(SignedObject.parseRequest(data), 0);
        } catch (WireException expected) {
            // declared
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void mutatedVectors() {
        SplittableRandom rnd = new SplittableRandom(20241019);
        List<byte[]> seeds = List.of(Vectors.hex(Vectors.REQ1), Vectors.hex(Vectors.REQ2), Vectors.hex(Vectors.RESP1),
                Vectors.hex(Vectors.RESP2), GobCompatTest.reorderedRequest(), GobCompatTest.reorderedResponse(32, 3));
        for (int i = 0; i < 20_000; i++) {
            byte[] in = seeds.get(rnd.nextInt(seeds.size())).clone();
            int edits = 1 + rnd.nextInt(4);
            for (int k = 0; k < edits && in.length > 0; k++) {
                int at = rnd.nextInt(in.length);
                switch (rnd.nextInt(4)) {
                    case 0 -> in[at] = (byte) rnd.nextInt(256);
                    case 1 -> in[at] ^= (byte) (1 << rnd.nextInt(8));
                    case 2 -> in[at] = (byte) (rnd.nextBoolean() ? 0xff : 0x80);
                    default -> in = Arrays.copyOf(in, at);
                }
            }
            target(in);
        }
    }
}
