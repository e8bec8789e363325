package io.skywire.bench;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import io.skywire.core.crypto.KeyPair;
import io.skywire.core.crypto.noise.NoiseException;
import io.skywire.core.crypto.noise.NoiseFrames;
import io.skywire.core.crypto.noise.NoiseFrames.ReceiveMode;
import io.skywire.core.crypto.noise.NoiseHandshake;

/**
 * dmsg Noise transport frames of the largest size ({@value NoiseFrames#MAX_PLAINTEXT} plaintext bytes, a full 4096-byte
 * frame), against the baseline of the same AEAD called directly: {@code jdk*} benchmarks seal and open the same bytes
 * with the JDK's ChaCha20-Poly1305, a fixed key and an incrementing nonce, reusing one {@link Cipher} per direction as
 * {@link NoiseFrames} does. One operation is one frame; MB/s = ops/s × 4070 / 10^6 (the report computes it).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class NoiseFramesBench {
    /** Plaintext bytes per operation. */
    public static final int PLAINTEXT_LENGTH = NoiseFrames.MAX_PLAINTEXT;

    private byte[] plaintext;
    private NoiseFrames sender;
    private NoiseFrames receiver;

    private SecretKeySpec jdkKey;
    private Cipher jdkSeal;
    private Cipher jdkOpen;
    private final byte[] jdkIv = new byte[12];
    private long jdkNonce;

    @Setup
    public void setup() throws GeneralSecurityException, NoiseException {
        plaintext = new byte[PLAINTEXT_LENGTH];
        new SecureRandom().nextBytes(plaintext);

        KeyPair client = KeyPair.generate();
        KeyPair server = KeyPair.generate();
        NoiseHandshake i = NoiseHandshake.xkInitiator(client, server.pk());
        NoiseHandshake r = NoiseHandshake.xkResponder(server);
        r.readMessage(i.writeMessage());
        i.readMessage(r.writeMessage());
        r.readMessage(i.writeMessage());
        sender = i.split();
        receiver = r.split();

        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        jdkKey = new SecretKeySpec(key, "ChaCha20");
        jdkSeal = Cipher.getInstance("ChaCha20-Poly1305");
        jdkOpen = Cipher.getInstance("ChaCha20-Poly1305");

        if (!Arrays.equals(plaintext, encryptDecrypt()) || !Arrays.equals(plaintext, jdkSealOpen())) {
            throw new IllegalStateException("setup: a round trip did not give the plaintext back");
        }
    }

    @Benchmark
    public byte[] encrypt() {
        return sender.encrypt(plaintext);
    }

    @Benchmark
    public byte[] encryptDecrypt() throws NoiseException {
        return receiver.decrypt(sender.encrypt(plaintext), ReceiveMode.STRICT);
    }

    @Benchmark
    public byte[] jdkSeal() throws GeneralSecurityException {
        return seal();
    }

    @Benchmark
    public byte[] jdkSealOpen() throws GeneralSecurityException {
        byte[] sealed = seal();
        jdkOpen.init(Cipher.DECRYPT_MODE, jdkKey, new IvParameterSpec(jdkIv)); // the nonce seal() just used
        return jdkOpen.doFinal(sealed);
    }

    private byte[] seal() throws GeneralSecurityException {
        long n = ++jdkNonce; // the JDK refuses to encrypt twice with one key and nonce
        for (int b = 0; b < 8; b++) {
            jdkIv[4 + b] = (byte) (n >>> (8 * b));
        }
        jdkSeal.init(Cipher.ENCRYPT_MODE, jdkKey, new IvParameterSpec(jdkIv));
        return jdkSeal.doFinal(plaintext);
    }
}
