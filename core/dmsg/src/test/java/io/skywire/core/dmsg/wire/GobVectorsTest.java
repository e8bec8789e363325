package io.skywire.core.dmsg.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skywire.core.crypto.Hex;
import io.skywire.core.crypto.KeyPair;
import io.skywire.core.crypto.PubKey;
import io.skywire.core.crypto.SecKey;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The gob vectors of spec/dmsg.md Appendix A (Go dmsg develop 022283c9), byte for byte both ways. */
class GobVectorsTest {
    static final PubKey A = PubKey.fromHex("0385b4a08246a1d7fa5f22841783eaf3caf3bbd89c5c2e1737eef4b2a7bba42205");
    static final SecKey A_SK = SecKey.fromHex("0b072dd42296a40806d3fbb999cca89ddc25f94c82096db0538d38e84aaa370e");
    static final PubKey B = PubKey.fromHex("02748ddd65484df87738ffd550e320409719a298f4a2088037a91e0bf369b7345f");
    static final SecKey B_SK = SecKey.fromHex("801e672c3519fb0427ae7f9cb617a3dfc13268c98fd188d36104224d53b9be18");
    static final PubKey S = PubKey.fromHex("03451e75a2a8b636631cdf7c3f7d5e4bd8459a1b306ef14af775ddb5b3c363377e");
    static final long TS = 1700000000000000000L;

    static final String REQ_TYPES = "5bff810301010d53747265616d5265717565737401ff820001050109546"
            + "96d657374616d7001040001075372634164647201ff840001074473744164647201ff840001064950696e666f01020001084e6f"
            + "6973654d7367010a00000023ff83030101044164647201ff840001020102504b01ff86000104506f7274010600000012ff8506"
            + "0101065075624b657901ff86000000";
    static final String REQ_1 = REQ_TYPES + "63ff8201f82f2f39fc6c5400000101210385b4a08246a1d7fa5f22841783eaf3caf3"
            + "bbd89c5c2e1737eef4b2a7bba4220501fec0000001012102748ddd65484df87738ffd550e320409719a298f4a2088037a91e0bf"
            + "369b7345f0150000204deadbeef00";
    static final String REQ_2 = REQ_TYPES + "5fff8201f82f2f39fc6c5400000101210385b4a08246a1d7fa5f22841783eaf3caf3"
            + "bbd89c5c2e1737eef4b2a7bba4220501fec0000001012103451e75a2a8b636631cdf7c3f7d5e4bd8459a1b306ef14af775ddb5b"
            + "3c363377e010100010100";
    static final String RESP_TYPES = "56ff870301010e53747265616d526573706f6e736501ff8800010501075265714861736801"
            + "ff8a000108416363657074656401020001024950010a000107457272436f646501060001084e6f6973654d7367010a000000"
            + "16ff890101010653484132353601ff8a0001060140000";
    static final String RESP_1 = RESP_TYPES + "038ff88012016ffc31863535754ff9640ffb7ffce4065ffe7ff9246497a645226ffb9"
            + "ffa603ffadff954cffa95c27ff8bffe201010302cafe00";
    static final String RESP_2 = RESP_TYPES + "039ff880120000000000000000000000000000000000000000000000000000000000"
            + "00000000101011000000000000000000000ffff7f00000100";

    static byte[] hex(String s) {
        return Hex.decode(s);
    }

    @Test
    void streamRequestsEncodeAndDecodeExactly() throws Exception {
        StreamRequest r1 = new StreamRequest(TS, new Addr(A, 49152), new Addr(B, 80), false, hex("deadbeef"));
        assertEquals(247, hex(REQ_1).length);
        assertArrayEquals(hex(REQ_1), Gob.encode(r1));
        assertEquals(r1, Gob.decodeRequest(hex(REQ_1)));
        StreamRequest r2 = new StreamRequest(TS, new Addr(A, 49152), new Addr(S, 1), true, new byte[0]);
        assertEquals(243, hex(REQ_2).length);
        assertArrayEquals(hex(REQ_2), Gob.encode(r2));
        StreamRequest d2 = Gob.decodeRequest(hex(REQ_2));
        assertTrue(d2.ipInfo());
        assertEquals(new Addr(S, 1), d2.dst());
        assertEquals(0, d2.noiseMsg().length);
    }

    @Test
    void streamResponsesEncodeAndDecodeExactly() throws Exception {
        byte[] hash = hex("16c31863535754964" + "0b7ce4065e79246497a645226b9a603ad954ca95c278be2");
        StreamResponse r1 = new StreamResponse(hash, true, new byte[0], 0, hex("cafe"));
        assertEquals(167, hex(RESP_1).length);
        assertArrayEquals(hex(RESP_1), Gob.encode(r1));
        assertEquals(r1, Gob.decodeResponse(hex(RESP_1)));
        byte[] ip = new byte[16];
        ip[10] = (byte) 0xff;
        ip[11] = (byte) 0xff;
        ip[12] = 127;
        ip[15] = 1;
        StreamResponse r2 = new StreamResponse(new byte[32], true, ip, 0, new byte[0]);
        assertEquals(168, hex(RESP_2).length);
        assertArrayEquals(hex(RESP_2), Gob.encode(r2));
        assertArrayEquals(ip, Gob.decodeResponse(hex(RESP_2)).ip());
    }

    @Test
    void signedObjectsVerifyAndRejectForgeries() throws Exception {
        StreamRequest req = new StreamRequest(TS, new Addr(A, 49152), new Addr(B, 80), false, hex("deadbeef"));
        byte[] signed = SignedObject.sign(A_SK, req);
        SignedObject<StreamRequest> so = SignedObject.parseRequest(signed);
        assertEquals(req, so.object());
        assertTrue(so.isSignedBy(A));
        assertFalse(so.isSignedBy(B));
        SignedObject.verifyRequest(so, TS - 1);
        WireException old = assertThrows(WireException.class, () -> SignedObject.verifyRequest(so, TS));
        assertEquals(301, old.code());
        // signed by B while claiming A as the source
        SignedObject<StreamRequest> forged = SignedObject.parseRequest(SignedObject.sign(B_SK, req));
        assertThrows(WireException.class, () -> SignedObject.verifyRequest(forged, 0));
        byte[] tampered = signed.clone();
        tampered[tampered.length - 3] ^= 1;
        assertThrows(WireException.class, () -> SignedObject.verifyRequest(SignedObject.parseRequest(tampered), 0));
        // the response must carry the request's hash, signed by the destination
        StreamResponse resp = new StreamResponse(SignedObject.hash(signed), true, new byte[0], 0, hex("cafe"));
        SignedObject.verifyResponse(SignedObject.parseResponse(SignedObject.sign(B_SK, resp)), so);
        StreamResponse other = new StreamResponse(new byte[32], true, new byte[0], 0, new byte[0]);
        assertThrows(WireException.class,
                () -> SignedObject.verifyResponse(SignedObject.parseResponse(SignedObject.sign(B_SK, other)), so));
        assertThrows(WireException.class,
                () -> SignedObject.verifyResponse(SignedObject.parseResponse(SignedObject.sign(A_SK, resp)), so));
    }

    @Test
    void perSessionTimestampsMustIncreaseInStrictMode() throws Exception {
        RequestTimestamps ts = RequestTimestamps.strict();
        KeyPair kp = KeyPair.generate();
        StreamRequest r = new StreamRequest(TS, new Addr(kp.pk(), 49152), new Addr(B, 80), false, new byte[0]);
        ts.verify(SignedObject.parseRequest(SignedObject.sign(kp.sk(), r)));
        assertThrows(WireException.class, () -> ts.verify(SignedObject.parseRequest(SignedObject.sign(kp.sk(), r))),
                "a replayed request is refused");
        StreamRequest later = new StreamRequest(TS + 1, r.src(), r.dst(), false, new byte[0]);
        ts.verify(SignedObject.parseRequest(SignedObject.sign(kp.sk(), later)));
    }

    /** Go assigns type ids per process in first-use order: a peer may send the same objects with other ids. */
    static String renumbered(String stream) {
        // ids 65..69 → 75..79; in gob an id is a zigzag int: -id (a definition) = 2id-1, +id (a use) = 2id
        String out = stream;
        for (int id = 69; id >= 65; id--) {
            out = out.replace(String.format("ff%02x", 2 * id - 1), String.format("FF%02X", 2 * (id + 10) - 1))
                    .replace(String.format("ff%02x", 2 * id), String.format("FF%02X", 2 * (id + 10)));
        }
        return out.toLowerCase();
    }

    @Test
    void decodesObjectsWithOtherTypeIds() throws Exception {
        String req = renumbered(REQ_1);
        assertFalse(req.equals(REQ_1));
        assertEquals(REQ_1.length(), req.length());
        assertEquals(Gob.decodeRequest(hex(REQ_1)), Gob.decodeRequest(hex(req)));
        String resp = renumbered(RESP_2);
        assertFalse(resp.equals(RESP_2));
        assertEquals(Gob.decodeResponse(hex(RESP_2)), Gob.decodeResponse(hex(resp)));
        // a value that refers to a type id nobody defined is refused
        assertThrows(WireException.class, () -> Gob.decodeRequest(hex(REQ_1.replace("63ff8201", "63ff9001"))));
    }

    @Test
    void wellFormedGobWithInvalidValuesIsRefused() {
        // a public key with a bad prefix (05…) inside otherwise valid gob
        String badKey = REQ_1.replace("01210385b4a08246", "01210585b4a08246");
        assertThrows(WireException.class, () -> Gob.decodeRequest(hex(badKey)));
        // source port 70000 (gob uint fd 01 11 70 instead of fe c0 00; the message length grows by one)
        String bigPort = REQ_1.replace("63ff8201", "64ff8201").replace("a4220501fec000", "a4220501fd011170");
        assertThrows(WireException.class, () -> Gob.decodeRequest(hex(bigPort)));
    }

    @Test
    void malformedGobIsRefusedWithWireException() {
        byte[] good = hex(REQ_1);
        for (int cut = 0; cut < good.length; cut += 7) {
            byte[] truncated = Arrays.copyOf(good, cut);
            assertThrows(WireException.class, () -> Gob.decodeRequest(truncated), "cut at " + cut);
        }
        assertThrows(WireException.class, () -> Gob.decodeRequest(new byte[Gob.MAX_STREAM_BYTES + 1]));
        assertThrows(WireException.class, () -> SignedObject.parseRequest(new byte[10]));
        Random rnd = new Random(42);
        for (int i = 0; i < 3000; i++) {
            byte[] mutated = good.clone();
            for (int k = 0; k < 1 + rnd.nextInt(4); k++) {
                mutated[rnd.nextInt(mutated.length)] = (byte) rnd.nextInt(256);
            }
            try {
                Gob.decodeRequest(mutated);
            } catch (WireException expected) {
                // refused: fine; anything else escaping fails the test
            }
        }
    }
}
