package io.skywire.core.dmsg.wire;

import static io.skywire.core.dmsg.wire.Vectors.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

import io.skywire.core.crypto.PubKey;
import io.skywire.core.crypto.Secp256k1;

/** sig || gob objects and Go's request/response verification rules, with Go's dmsg error codes. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SignedObjectTest {

    private static int code(Executable e) {
        WireException ex = assertThrows(WireException.class, e);
        assertFalse(ex.getMessage().contains("\n"));
        assertTrue(ex.getMessage().startsWith("dmsg error " + ex.code() + " - "), ex.getMessage());
        return ex.code();
    }

    @Test
    void signParseVerifyRequest() throws WireException {
        byte[] signed = SignedObject.sign(SK_A, REQ1_VALUE);
        assertEquals(65 + 247, signed.length);
        assertEquals(REQ1, hex(Arrays.copyOfRange(signed, 65, signed.length)));
        SignedObject<StreamRequest> so = SignedObject.parseRequest(signed);
        assertEquals(REQ1_VALUE, so.object());
        assertArrayEquals(signed, so.raw());
        assertArrayEquals(Secp256k1.sha256(signed), so.hash());
        assertArrayEquals(so.hash(), SignedObject.hash(signed));
        assertTrue(so.isSignedBy(PK_A));
        assertFalse(so.isSignedBy(PK_B));
        SignedObject.verifyRequest(so, 0);
        SignedObject.requireSource(so, PK_A);
        SignedObject.requireDestination(so, PK_B);
        assertEquals(302, code(() -> SignedObject.requireSource(so, PK_B)));
        assertEquals(303, code(() -> SignedObject.requireDestination(so, PK_A)));
    }

    @Test
    void forgedAndTamperedRequestsAreRejected() throws WireException {
        SignedObject<StreamRequest> forged = SignedObject.parseRequest(SignedObject.sign(SK_B, REQ1_VALUE));
        WireException e = assertThrows(WireException.class, () -> SignedObject.verifyRequest(forged, 0));
        assertEquals(300, e.code());
        assertTrue(e.getMessage().contains("request has invalid signature: signature was made by " + PK_B.hex()),
                e.getMessage());

        // a field changed after signing (destination port 80 -> 81)
        byte[] signed = SignedObject.sign(SK_A, REQ1_VALUE);
        signed[hex(signed).lastIndexOf("0150000204deadbeef") / 2 + 1] = 0x51;
        SignedObject<StreamRequest> tampered = SignedObject.parseRequest(signed);
        assertEquals(81, tampered.object().dst().port());
        assertEquals(300, code(() -> SignedObject.verifyRequest(tampered, 0)));

        byte[] garbage = SignedObject.sign(SK_A, REQ1_VALUE);
        Arrays.fill(garbage, 0, 65, (byte) 0);
        assertEquals(300, code(() -> SignedObject.verifyRequest(SignedObject.parseRequest(garbage), 0)));

        assertEquals(370, code(() -> SignedObject.parseRequest(new byte[65])));
        assertEquals(370, code(() -> SignedObject.parseResponse(null)));
        byte[] bad = Arrays.copyOf(SignedObject.sign(SK_A, REQ1_VALUE), 100);
        assertEquals(0, assertThrows(WireException.class, () -> SignedObject.parseRequest(bad)).code());
    }

    @Test
    void requestFieldChecksInGoOrder() throws WireException {
        Addr a = new Addr(PK_A, 49153);
        Addr b = new Addr(PK_B, 80);
        assertEquals(302, code(() -> verify(new StreamRequest(TS, new Addr(PubKey.NULL, 1), b, false, null))));
        assertEquals(304, code(() -> verify(new StreamRequest(TS, new Addr(PK_A, 0), b, false, null))));
        assertEquals(303, code(() -> verify(new StreamRequest(TS, a, new Addr(PubKey.NULL, 80), false, null))));
        assertEquals(305, code(() -> verify(new StreamRequest(TS, a, new Addr(PK_B, 0), false, null))));
        assertEquals(301, code(() -> verify(new StreamRequest(0, a, b, false, null))));
        assertEquals(301, code(() -> verify(new StreamRequest(-1, a, b, false, null))));
        verify(new StreamRequest(1, a, b, false, null));
    }

    private static void verify(StreamRequest r) throws WireException {
        SignedObject.verifyRequest(SignedObject.parseRequest(SignedObject.sign(SK_A, r)), 0);
    }

    @Test
    void timestampRule() throws WireException {
        Addr a = new Addr(PK_A, 49153);
        Addr b = new Addr(PK_B, 80);
        SignedObject<StreamRequest> r1 = SignedObject.parseRequest(SignedObject.sign(SK_A,
                new StreamRequest(TS, a, b, false, null)));
        SignedObject<StreamRequest> older = SignedObject.parseRequest(SignedObject.sign(SK_A,
                new StreamRequest(TS - 1, a, b, false, null)));
        SignedObject<StreamRequest> r2 = SignedObject.parseRequest(SignedObject.sign(SK_A,
                new StreamRequest(TS + 1, a, b, false, null)));

        // Go: Verify(0) on the server and on the responder, so replays and older timestamps pass
        RequestTimestamps go = RequestTimestamps.goCompatible();
        go.verify(r1);
        go.verify(r1);
        go.verify(older);
        assertEquals(0, go.last());

        RequestTimestamps strict = RequestTimestamps.strict();
        strict.verify(r1);
        assertEquals(TS, strict.last());
        assertEquals(301, code(() -> strict.verify(r1)));
        assertEquals(301, code(() -> strict.verify(older)));
        // a forged request with a far-future timestamp does not advance the tracker
        SignedObject<StreamRequest> forged = SignedObject.parseRequest(SignedObject.sign(SK_B,
                new StreamRequest(Long.MAX_VALUE, a, b, false, null)));
        assertEquals(300, code(() -> strict.verify(forged)));
        assertEquals(TS, strict.last());
        strict.verify(r2);
        assertEquals(TS + 1, strict.last());
    }

    @Test
    void responseVerification() throws WireException {
        SignedObject<StreamRequest> req = SignedObject.parseRequest(SignedObject.sign(SK_A, REQ1_VALUE));
        StreamResponse ok = new StreamResponse(req.hash(), true, null, 0, hex("cafe"));
        SignedObject<StreamResponse> resp = SignedObject.parseResponse(SignedObject.sign(SK_B, ok));
        assertEquals(ok, resp.object());
        assertDoesNotThrow(() -> SignedObject.verifyResponse(resp, req));

        SignedObject<StreamResponse> wrongSigner = SignedObject.parseResponse(SignedObject.sign(SK_S, ok));
        assertEquals(350, code(() -> SignedObject.verifyResponse(wrongSigner, req)));
        StreamResponse other = new StreamResponse(new byte[32], true, null, 0, null);
        assertEquals(351, code(() -> SignedObject.verifyResponse(
                SignedObject.parseResponse(SignedObject.sign(SK_B, other)), req)));
        assertEquals(306, code(() -> SignedObject.verifyResponse(SignedObject.parseResponse(
                SignedObject.sign(SK_B, new StreamResponse(req.hash(), false, null, 306, null))), req)));
        assertEquals(352, code(() -> SignedObject.verifyResponse(SignedObject.parseResponse(
                SignedObject.sign(SK_B, new StreamResponse(req.hash(), false, null, 999, null))), req)));
        assertEquals(352, code(() -> SignedObject.verifyResponse(SignedObject.parseResponse(
                SignedObject.sign(SK_B, new StreamResponse(req.hash(), false, null, 0, null))), req)));

        // IP lookup: the server answers, as the destination of the request
        SignedObject<StreamRequest> ipReq = SignedObject.parseRequest(SignedObject.sign(SK_A, REQ2_VALUE));
        SignedObject<StreamResponse> ipResp = SignedObject.parseResponse(SignedObject.sign(SK_S,
                new StreamResponse(ipReq.hash(), true, hex("00000000000000000000ffff7f000001"), 0, null)));
        SignedObject.verifyResponse(ipResp, ipReq);
        assertEquals(16, ipResp.object().ip().length);
    }
}
