package io.skywire.bench;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import io.skywire.core.crypto.KeyPair;
import io.skywire.core.crypto.Secp256k1;
import io.skywire.core.crypto.Sig;

/**
 * secp256k1 as dmsg uses it: signing and verifying discovery entries and stream requests, ECDH inside every Noise
 * handshake, and key generation for every Noise ephemeral key.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Secp256k1Bench {
    /** About the size of a signed dmsg stream request or a small discovery entry. */
    static final int PAYLOAD_LENGTH = 256;

    private KeyPair alice;
    private KeyPair bob;
    private byte[] payload;
    private Sig sig;

    @Setup
    public void setup() {
        alice = KeyPair.generate();
        bob = KeyPair.generate();
        payload = "skywire-bench-payload-".repeat(12).substring(0, PAYLOAD_LENGTH).getBytes(StandardCharsets.US_ASCII);
        sig = Secp256k1.sign(alice.sk(), payload);
        if (!Secp256k1.verify(alice.pk(), sig, payload)) {
            throw new IllegalStateException("setup: a fresh signature does not verify");
        }
        if (!java.util.Arrays.equals(Secp256k1.ecdh(bob.pk(), alice.sk()), Secp256k1.ecdh(alice.pk(), bob.sk()))) {
            throw new IllegalStateException("setup: ECDH is not symmetric");
        }
    }

    @Benchmark
    public Sig sign() {
        return Secp256k1.sign(alice.sk(), payload);
    }

    @Benchmark
    public boolean verify() {
        return Secp256k1.verify(alice.pk(), sig, payload);
    }

    @Benchmark
    public byte[] ecdh() {
        return Secp256k1.ecdh(bob.pk(), alice.sk());
    }

    @Benchmark
    public KeyPair generateKeyPair() {
        return KeyPair.generate();
    }
}
