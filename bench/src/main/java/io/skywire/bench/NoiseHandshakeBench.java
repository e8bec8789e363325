package io.skywire.bench;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import io.skywire.core.crypto.KeyPair;
import io.skywire.core.crypto.noise.NoiseException;
import io.skywire.core.crypto.noise.NoiseFrames;
import io.skywire.core.crypto.noise.NoiseHandshake;

/**
 * Complete Noise handshakes, both sides in one thread, up to and including {@code split()}: one operation is one
 * handshake (fresh ephemeral keys each time, as in production). XK is what a dmsg client and server do per session,
 * KK what two clients do per stream.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class NoiseHandshakeBench {
    private KeyPair client;
    private KeyPair server;

    @Setup
    public void setup() throws NoiseException {
        client = KeyPair.generate();
        server = KeyPair.generate();
        checkPair(xkPair());
        checkPair(kkPair());
    }

    /** XK: client → server (e, es), server → client (e, ee), client → server (s, se); both split. */
    @Benchmark
    public void xk(Blackhole bh) throws NoiseException {
        NoiseFrames[] pair = xkPair();
        bh.consume(pair[0]);
        bh.consume(pair[1]);
    }

    /** KK: initiator → responder (e, es, ss), responder → initiator (e, ee, se); both split. */
    @Benchmark
    public void kk(Blackhole bh) throws NoiseException {
        NoiseFrames[] pair = kkPair();
        bh.consume(pair[0]);
        bh.consume(pair[1]);
    }

    private NoiseFrames[] xkPair() throws NoiseException {
        NoiseHandshake i = NoiseHandshake.xkInitiator(client, server.pk());
        NoiseHandshake r = NoiseHandshake.xkResponder(server);
        r.readMessage(i.writeMessage());
        i.readMessage(r.writeMessage());
        r.readMessage(i.writeMessage());
        return new NoiseFrames[] {i.split(), r.split()};
    }

    private NoiseFrames[] kkPair() throws NoiseException {
        NoiseHandshake i = NoiseHandshake.kkInitiator(client, server.pk());
        NoiseHandshake r = NoiseHandshake.kkResponder(server, client.pk());
        r.readMessage(i.writeMessage());
        i.readMessage(r.writeMessage());
        return new NoiseFrames[] {i.split(), r.split()};
    }

    /** Fails the run if the two sides did not agree on keys (a benchmark of a broken handshake means nothing). */
    private static void checkPair(NoiseFrames[] pair) throws NoiseException {
        byte[] msg = {1, 2, 3};
        if (!Arrays.equals(msg, pair[1].decrypt(pair[0].encrypt(msg), NoiseFrames.ReceiveMode.STRICT))
                || !Arrays.equals(msg, pair[0].decrypt(pair[1].encrypt(msg), NoiseFrames.ReceiveMode.STRICT))) {
            throw new IllegalStateException("setup: the handshake's two sides do not share keys");
        }
    }
}
