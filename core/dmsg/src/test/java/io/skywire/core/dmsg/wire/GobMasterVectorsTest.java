package io.skywire.core.dmsg.wire;

import static io.skywire.core.dmsg.wire.Vectors.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Signed stream objects produced by Go dmsg <b>master</b> (9c8b80bd, 2023), whose gob types lack develop's
 * {@code StreamRequest.IPinfo} and {@code StreamResponse.IP}: the type definitions carry 4 fields instead of 5, so
 * {@code NoiseMsg} has field number 3 in the request and {@code ErrCode} 2 in the response. Bytes captured by hand
 * from the real Go library (same keys, timestamp and noise bytes as the develop vectors in {@link Vectors}; Go signs
 * with a random nonce, so the signatures are one run's). Our decoder must take both shapes (fields matched by name),
 * which the live interop check (docs/protocol.md, "Interop with Go dmsg") relies on: Java clients and a Go master
 * server or clients exchanged these objects on every stream.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class GobMasterVectorsTest {

    /** sig_A || gob(master StreamRequest{TS, A:49152, B:80, NoiseMsg deadbeef}) (65 + 242 bytes). */
    static final String MASTER_REQ = "159f5a9fe6f2b3cae605a9eec508918a96412043164238de95278692b4cafbb91ec3fe0b1f597003e96a19111faa2621853d"
            + "67461833dc8d5715274ad20b20680050ff810301010d53747265616d5265717565737401ff82000104010954696d65737461"
            + "6d7001040001075372634164647201ff840001074473744164647201ff840001084e6f6973654d7367010a00000023ff8303"
            + "0101044164647201ff840001020102504b01ff86000104506f7274010600000012ff85060101065075624b657901ff860000"
            + "0063ff8201f82f2f39fc6c5400000101210385b4a08246a1d7fa5f22841783eaf3caf3bbd89c5c2e1737eef4b2a7bba42205"
            + "01fec0000001012102748ddd65484df87738ffd550e320409719a298f4a2088037a91e0bf369b7345f0150000104deadbeef"
            + "00";

    /** sig_B || gob(master StreamResponse{ReqHash: SHA256(MASTER_REQ), Accepted: true, NoiseMsg: cafe}). */
    static final String MASTER_RESP = "0346813f9b288b4f8b09e49301edd114464c70dabd2048c7a04a05166fd437bc1a6a700ec8013025bda7550a0cf93bc1eedc"
            + "0816553bd5160f8be977117bc8a9014fff870301010e53747265616d526573706f6e736501ff880001040107526571486173"
            + "6801ff8a00010841636365707465640102000107457272436f646501060001084e6f6973654d7367010a00000016ff890101"
            + "010653484132353601ff8a000106014000003bff88012019ff8051ff96ffef51ffb9ff8d215d10ff8769ffd4321fff8854ff"
            + "84ffd6fffe4effe8314e39ffd0ffc6ffeb5b0fff8601010202cafe00";

    /** sig_B || gob(master StreamResponse{ReqHash: SHA256(MASTER_REQ), Accepted: false, ErrCode: 306}). */
    static final String MASTER_REJECT = "435ae6c4958aad89f4a1dddb249f06bc92b8135d009dcf8e5580a326af491f284d285acef9b49202629830707d69422f1569"
            + "b92c33611d54569e567f5522cd1b014fff870301010e53747265616d526573706f6e736501ff880001040107526571486173"
            + "6801ff8a00010841636365707465640102000107457272436f646501060001084e6f6973654d7367010a00000016ff890101"
            + "010653484132353601ff8a0001060140000039ff88012019ff8051ff96ffef51ffb9ff8d215d10ff8769ffd4321fff8854ff"
            + "84ffd6fffe4effe8314e39ffd0ffc6ffeb5b0fff8602fe013200";

    @Test
    void masterRequestDecodesAndVerifies() throws WireException {
        byte[] raw = hex(MASTER_REQ);
        SignedObject<StreamRequest> so = SignedObject.parseRequest(raw);
        assertEquals(REQ1_VALUE, so.object());
        assertFalse(so.object().ipInfo());
        assertTrue(so.isSignedBy(PK_A));
        SignedObject.verifyRequest(so, 0);
        SignedObject.requireSource(so, PK_A);
        SignedObject.requireDestination(so, PK_B);
        // master's type definition lacks develop's field entry "IPinfo" (11 bytes: delta, name, type id, end); the
        // value message has the same length (the field delta before NoiseMsg is 1 instead of 2)
        byte[] gob = Arrays.copyOfRange(raw, 65, raw.length);
        assertArrayEquals(gob, so.gob());
        assertEquals(247 - 11, gob.length);
        assertEquals("50ff810301010d53747265616d5265717565737401ff820001040109", hex(Arrays.copyOf(gob, 28)),
                "master's StreamRequest definition: 4 fields");
    }

    @Test
    void masterResponseDecodesAndVerifiesAgainstMasterRequest() throws WireException {
        SignedObject<StreamRequest> req = SignedObject.parseRequest(hex(MASTER_REQ));
        SignedObject<StreamResponse> resp = SignedObject.parseResponse(hex(MASTER_RESP));
        StreamResponse r = resp.object();
        assertTrue(r.accepted());
        assertArrayEquals(req.hash(), r.reqHash());
        assertArrayEquals(hex("cafe"), r.noiseMsg());
        assertEquals(0, r.ip() == null ? 0 : r.ip().length, "no IP field in master");
        assertEquals(0, r.errCode());
        assertTrue(resp.isSignedBy(PK_B));
        SignedObject.verifyResponse(resp, req);
    }

    @Test
    void masterRejectionCarriesGosErrorCode() throws WireException {
        SignedObject<StreamRequest> req = SignedObject.parseRequest(hex(MASTER_REQ));
        SignedObject<StreamResponse> rej = SignedObject.parseResponse(hex(MASTER_REJECT));
        assertFalse(rej.object().accepted());
        assertEquals(306, rej.object().errCode());
        WireException e = assertThrows(WireException.class, () -> SignedObject.verifyResponse(rej, req));
        assertEquals(306, e.code());
    }

    @Test
    void developResponseToMasterRequestIsRejectedByHashOnly() throws WireException {
        // a response must name the exact signed request bytes: a hash of develop's encoding does not match master's
        SignedObject<StreamRequest> req = SignedObject.parseRequest(hex(MASTER_REQ));
        SignedObject<StreamResponse> other = SignedObject.parseResponse(SignedObject.sign(SK_B,
                new StreamResponse(SignedObject.hash(SignedObject.sign(SK_A, REQ1_VALUE)), true, null, 0,
                        hex("cafe"))));
        assertEquals(351, assertThrows(WireException.class, () -> SignedObject.verifyResponse(other, req)).code());
    }
}
