package io.skywire.core.crypto.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.skywire.core.crypto.Hex;
import io.skywire.core.crypto.KeyPair;
import io.skywire.core.crypto.PubKey;
import io.skywire.core.crypto.noise.NoiseFrames.ReceiveMode;

/**
 * Every Noise vector of /work/shared/spec/dmsg.md Appendix A (made with the real Go dmsg develop 022283c9 and
 * skycoin/noise), reproduced byte for byte in the write direction and checked in the read direction. The static keys
 * are the printed ones; the ephemeral secret keys are rebuilt with Skycoin's deterministic key generation from the
 * seeds {@code "eph-client A"}, {@code "eph-client B"}, {@code "eph-server"} (the static keys come from the seeds
 * {@code "client A"}, {@code "client B"}, {@code "server"}; the test checks both against the printed values).
 */
class NoiseVectorsTest {
    static final String SK_A = "0b072dd42296a40806d3fbb999cca89ddc25f94c82096db0538d38e84aaa370e";
    static final String PK_A = "0385b4a08246a1d7fa5f22841783eaf3caf3bbd89c5c2e1737eef4b2a7bba42205";
    static final String SK_B = "801e672c3519fb0427ae7f9cb617a3dfc13268c98fd188d36104224d53b9be18";
    static final String PK_B = "02748ddd65484df87738ffd550e320409719a298f4a2088037a91e0bf369b7345f";
    static final String SK_S = "7e21ad7df581f4b0bf860570e564afdfa1de7b7b44c032942b646b58bc4e28f4";
    static final String PK_S = "03451e75a2a8b636631cdf7c3f7d5e4bd8459a1b306ef14af775ddb5b3c363377e";

    static final String EPH_A = "03089fb9781f3ac68822e060ad5092213c60a167bf537009cba478fb9f64c975d0";
    static final String EPH_S = "03f961bd2359eadeda77a9dd5c12d51dc9718f448cb700ca8d9570ae4ccc00e030";
    static final String EPH_B = "02d6853758906a33f75af5af39e32849d3f60321dd23284f58948e41dca565fcb3";

    static final String XK_MSG1 = "003103089fb9781f3ac68822e060ad5092213c60a167bf537009cba478fb9f64c975d0"
            + "14f762ff2bead32e6d3a1d89e4a5a4df";
    static final String XK_MSG2 = "003103f961bd2359eadeda77a9dd5c12d51dc9718f448cb700ca8d9570ae4ccc00e030"
            + "ce052c4f81f272c0ecf49f3fab6a633b";
    static final String XK_MSG3 = "004185ab39eea235691b0bb93cb180bbe4f5579f14495b9885d91cd7be50814b3784417a"
            + "7dfe6b3759c94b9e0f23c87a7bed9e243172fa6f0a2137c55b93502e1e71af";
    static final String XK_H = "368f471044b1c5cdb7b53ce241d2b0f2645c2e4f68b6d9be8f3b7d6f684f4908";
    static final String XK_HELLO = "001d000000000000000144a0ecae4a27c4b2a341591ff33a1a942cca8c3439";
    static final String XK_WORLD = "001d0000000000000001af762480617b6db1457b85f57c328b43ffed8d06f6";

    /** The appendix prints the KK messages with a 0031 prefix; the NoiseMsg itself is the 49 bytes after it. */
    static final String KK_MSG1 = "03089fb9781f3ac68822e060ad5092213c60a167bf537009cba478fb9f64c975d0"
            + "58a570077820008bba475aed9201f9a3";
    static final String KK_MSG2 = "02d6853758906a33f75af5af39e32849d3f60321dd23284f58948e41dca565fcb3"
            + "024fddc53ed3b48dfd10a7fac5ff5169";
    static final String KK_MSG1_PRINTED = "0031" + KK_MSG1;
    static final String KK_MSG2_PRINTED = "0031" + KK_MSG2;
    static final String KK_H = "c2593e32c3886cfe54c556b452dcd2ed16b5bdf2639a5fe1300723430c48f323";
    static final String KK_HELLO = "001d00000000000000016fc41dd2963cdbf7198a49a3597f5e1da33c31ca9e";
    static final String KK_WORLD = "001d000000000000000165482f46a6d1d1b5ef589d449ec2eff5292cbc8e12";

    static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);
    static final byte[] WORLD = "world".getBytes(StandardCharsets.US_ASCII);

    static KeyPair a() {
        return KeyPair.fromSecKey(io.skywire.core.crypto.SecKey.fromHex(SK_A));
    }

    static KeyPair b() {
        return KeyPair.fromSecKey(io.skywire.core.crypto.SecKey.fromHex(SK_B));
    }

    static KeyPair server() {
        return KeyPair.fromSecKey(io.skywire.core.crypto.SecKey.fromHex(SK_S));
    }

    static KeyPair ephA() {
        return SkycoinDeterministicKeys.fromSeed("eph-client A");
    }

    static KeyPair ephB() {
        return SkycoinDeterministicKeys.fromSeed("eph-client B");
    }

    static KeyPair ephS() {
        return SkycoinDeterministicKeys.fromSeed("eph-server");
    }

    static byte[] hex(String s) {
        return Hex.decode(s);
    }

    @Test
    void deterministicKeygenReproducesTheAppendixKeys() {
        KeyPair ka = SkycoinDeterministicKeys.fromSeed("client A");
        KeyPair kb = SkycoinDeterministicKeys.fromSeed("client B");
        KeyPair ks = SkycoinDeterministicKeys.fromSeed("server");
        assertEquals(SK_A, ka.sk().hex());
        assertEquals(PK_A, ka.pk().hex());
        assertEquals(SK_B, kb.sk().hex());
        assertEquals(PK_B, kb.pk().hex());
        assertEquals(SK_S, ks.sk().hex());
        assertEquals(PK_S, ks.pk().hex());
        assertEquals(EPH_A, ephA().pk().hex());
        assertEquals(EPH_B, ephB().pk().hex());
        assertEquals(EPH_S, ephS().pk().hex());
    }

    @Test
    void xkWriteDirectionIsByteExact() throws NoiseException {
        NoiseHandshake i = NoiseHandshake.xkInitiator(a(), PubKey.fromHex(PK_S)).useFixedEphemeralForTesting(ephA());
        NoiseHandshake r = NoiseHandshake.xkResponder(server()).useFixedEphemeralForTesting(ephS());

        byte[] m1 = i.writeMessage();
        assertEquals(XK_MSG1, Hex.encode(LengthPrefix.prepend(m1)));
        r.readMessage(m1);
        byte[] m2 = r.writeMessage();
        assertEquals(XK_MSG2, Hex.encode(LengthPrefix.prepend(m2)));
        i.readMessage(m2);
        byte[] m3 = i.writeMessage();
        assertEquals(XK_MSG3, Hex.encode(LengthPrefix.prepend(m3)));
        r.readMessage(m3);

        assertTrue(i.isComplete());
        assertTrue(r.isComplete());
        assertEquals(XK_H, Hex.encode(i.handshakeHash()));
        assertEquals(XK_H, Hex.encode(r.handshakeHash()));
        assertEquals(PK_A, r.remoteStatic().hex());

        NoiseFrames fi = i.split();
        NoiseFrames fr = r.split();
        assertEquals(XK_HELLO, Hex.encode(fi.encrypt(HELLO)));
        assertEquals(XK_WORLD, Hex.encode(fr.encrypt(WORLD)));
    }

    /** Read direction: Go's wire bytes fed in; each side writes only with its own fixed ephemeral key. */
    @Test
    void xkReadDirectionAcceptsGoBytes() throws NoiseException {
        // Responder (server) reads Go's msg1 and msg3; it needs its own ephemeral only for msg2 and ee/se.
        NoiseHandshake r = NoiseHandshake.xkResponder(server()).useFixedEphemeralForTesting(ephS());
        r.readMessage(LengthPrefix.strip(hex(XK_MSG1)));
        assertEquals(XK_MSG2, Hex.encode(LengthPrefix.prepend(r.writeMessage())));
        r.readMessage(LengthPrefix.strip(hex(XK_MSG3)));
        assertEquals(XK_H, Hex.encode(r.handshakeHash()));
        assertEquals(PK_A, r.remoteStatic().hex());
        NoiseFrames fr = r.split();
        assertArrayEquals(HELLO, fr.decrypt(hex(XK_HELLO), ReceiveMode.STRICT));

        // Initiator (client) reads Go's msg2.
        NoiseHandshake i = NoiseHandshake.xkInitiator(a(), PubKey.fromHex(PK_S)).useFixedEphemeralForTesting(ephA());
        i.writeMessage();
        i.readMessage(LengthPrefix.strip(hex(XK_MSG2)));
        assertEquals(XK_MSG3, Hex.encode(LengthPrefix.prepend(i.writeMessage())));
        assertEquals(XK_H, Hex.encode(i.handshakeHash()));
        NoiseFrames fi = i.split();
        assertArrayEquals(WORLD, fi.decrypt(hex(XK_WORLD), ReceiveMode.STRICT));
    }

    /** dmsg's quirk: on XK the initiator sends with k2. The Noise-spec direction cannot read Go's frames. */
    @Test
    void xkSplitDirectionIsDmsgsNotTheSpecs() throws NoiseException {
        NoiseHandshake i = NoiseHandshake.xkInitiator(a(), PubKey.fromHex(PK_S)).useFixedEphemeralForTesting(ephA());
        i.writeMessage();
        i.readMessage(LengthPrefix.strip(hex(XK_MSG2)));
        i.writeMessage();
        NoiseFrames specDirection = i.split().reversedForTesting();
        assertNotEquals(XK_HELLO, Hex.encode(specDirection.encrypt(HELLO)));
        NoiseException e = assertThrows(NoiseException.class,
                () -> specDirection.decrypt(hex(XK_WORLD), ReceiveMode.STRICT));
        assertTrue(e.getMessage().contains("failed authentication"), e.getMessage());
    }

    @Test
    void kkWriteDirectionIsByteExact() throws NoiseException {
        NoiseHandshake i = NoiseHandshake.kkInitiator(a(), PubKey.fromHex(PK_B)).useFixedEphemeralForTesting(ephA());
        NoiseHandshake r = NoiseHandshake.kkResponder(b(), PubKey.fromHex(PK_A)).useFixedEphemeralForTesting(ephB());

        byte[] m1 = i.writeMessage();
        assertEquals(KK_MSG1, Hex.encode(m1));
        assertEquals(KK_MSG1_PRINTED, Hex.encode(LengthPrefix.prepend(m1)));
        r.readMessage(m1);
        byte[] m2 = r.writeMessage();
        assertEquals(KK_MSG2, Hex.encode(m2));
        assertEquals(KK_MSG2_PRINTED, Hex.encode(LengthPrefix.prepend(m2)));
        i.readMessage(m2);

        assertEquals(KK_H, Hex.encode(i.handshakeHash()));
        assertEquals(KK_H, Hex.encode(r.handshakeHash()));
        NoiseFrames fi = i.split();
        NoiseFrames fr = r.split();
        assertEquals(KK_HELLO, Hex.encode(fi.encrypt(HELLO)));
        assertEquals(KK_WORLD, Hex.encode(fr.encrypt(WORLD)));
    }

    @Test
    void kkReadDirectionAcceptsGoBytes() throws NoiseException {
        NoiseHandshake r = NoiseHandshake.kkResponder(b(), PubKey.fromHex(PK_A)).useFixedEphemeralForTesting(ephB());
        r.readMessage(hex(KK_MSG1));
        assertEquals(KK_MSG2, Hex.encode(r.writeMessage()));
        assertEquals(KK_H, Hex.encode(r.handshakeHash()));
        assertArrayEquals(HELLO, r.split().decrypt(hex(KK_HELLO), ReceiveMode.STRICT));

        NoiseHandshake i = NoiseHandshake.kkInitiator(a(), PubKey.fromHex(PK_B)).useFixedEphemeralForTesting(ephA());
        assertEquals(KK_MSG1, Hex.encode(i.writeMessage()));
        i.readMessage(hex(KK_MSG2));
        assertEquals(KK_H, Hex.encode(i.handshakeHash()));
        NoiseFrames fi = i.split();
        assertArrayEquals(WORLD, fi.decrypt(hex(KK_WORLD), ReceiveMode.STRICT));
        // KK follows the spec: the initiator sends with k1, so the reversed ciphers cannot read the responder's frame.
        assertThrows(NoiseException.class, () -> fi.reversedForTesting().decrypt(hex(KK_WORLD), ReceiveMode.STRICT));
    }
}
