package io.skywire.core.dmsg.wire;

import java.util.Arrays;
import java.util.Objects;

import io.skywire.core.crypto.PubKey;
import io.skywire.core.crypto.SecKey;
import io.skywire.core.crypto.Secp256k1;
import io.skywire.core.crypto.Sig;
import io.skywire.core.crypto.SignatureException;

/**
 * A dmsg signed object, {@code sig(65) || gob}: Go's {@code SignedObject}. The signature is
 * {@code SignPayload(gob, sk)} (ECDSA over SHA-256 of the gob bytes); a request is signed by its source, a response
 * by the request's destination (the server itself for an IP lookup). The hash of the whole object, signature
 * included, is the {@code ReqHash} a response must carry.
 *
 * @param sig    the signature
 * @param object the decoded object
 * @param gob    the signed gob bytes exactly as received (or encoded)
 * @param <T>    {@link StreamRequest} or {@link StreamResponse}
 */
public record SignedObject<T>(Sig sig, T object, byte[] gob) {
    /** Length of the signature prefix. */
    public static final int SIG_LENGTH = Sig.LENGTH;

    public SignedObject {
        Objects.requireNonNull(sig, "sig");
        Objects.requireNonNull(object, "object");
        gob = gob.clone();
    }

    /** The gob bytes (a copy). */
    @Override
    public byte[] gob() {
        return gob.clone();
    }

    /** The whole signed object {@code sig || gob}, as sent (Go forwards these bytes unchanged). */
    public byte[] raw() {
        byte[] s = sig.bytes();
        byte[] out = Arrays.copyOf(s, s.length + gob.length);
        System.arraycopy(gob, 0, out, s.length, gob.length);
        return out;
    }

    /** SHA-256 of {@link #raw()}: Go's {@code SignedObject.Hash()}, the {@code ReqHash} of a response. */
    public byte[] hash() {
        return Secp256k1.sha256(sig.bytes(), gob);
    }

    // ---------------- signing ----------------

    /** Signs a request with the source's key: {@code sig || gob}. */
    public static byte[] sign(SecKey sk, StreamRequest req) {
        return concat(sk, Gob.encode(req));
    }

    /** Signs a response with the responder's key: {@code sig || gob}. */
    public static byte[] sign(SecKey sk, StreamResponse resp) {
        return concat(sk, Gob.encode(resp));
    }

    private static byte[] concat(SecKey sk, byte[] gob) {
        Objects.requireNonNull(sk, "sk");
        byte[] sig = Secp256k1.sign(sk, gob).bytes();
        byte[] out = Arrays.copyOf(sig, sig.length + gob.length);
        System.arraycopy(gob, 0, out, sig.length, gob.length);
        return out;
    }

    /** SHA-256 of a whole signed object (Go's {@code SignedObject.Hash()}). */
    public static byte[] hash(byte[] signedObject) {
        return Secp256k1.sha256(signedObject);
    }

    // ---------------- parsing ----------------

    /**
     * Splits and decodes a signed request; the signature is not checked here (see {@link #verifyRequest}).
     *
     * @throws WireException code 370 if there is nothing after the signature, code 0 if the gob is malformed
     */
    public static SignedObject<StreamRequest> parseRequest(byte[] signed) throws WireException {
        byte[] gob = split(signed);
        return new SignedObject<>(Sig.fromBytes(Arrays.copyOf(signed, SIG_LENGTH)), Gob.decodeRequest(gob), gob);
    }

    /**
     * Splits and decodes a signed response; the signature is not checked here (see {@link #verifyResponse}).
     *
     * @throws WireException code 370 if there is nothing after the signature, code 0 if the gob is malformed
     */
    public static SignedObject<StreamResponse> parseResponse(byte[] signed) throws WireException {
        byte[] gob = split(signed);
        return new SignedObject<>(Sig.fromBytes(Arrays.copyOf(signed, SIG_LENGTH)), Gob.decodeResponse(gob), gob);
    }

    private static byte[] split(byte[] signed) throws WireException {
        if (signed == null || signed.length <= SIG_LENGTH) { // Go's SignedObject.Valid(): len > 65
            throw new WireException(WireException.SIGNED_OBJECT_INVALID, (signed == null ? 0 : signed.length)
                    + " bytes, expected a 65-byte signature followed by the gob object");
        }
        return Arrays.copyOfRange(signed, SIG_LENGTH, signed.length);
    }

    // ---------------- verification (Go's StreamRequest.Verify / StreamResponse.Verify) ----------------

    /** Whether the signature was made by {@code pk} over the gob bytes. */
    public boolean isSignedBy(PubKey pk) {
        return !pk.isNull() && Secp256k1.verify(pk, sig, gob);
    }

    /**
     * Go's {@code StreamRequest.Verify(lastTimestamp)}, in Go's order: source key (302), source port (304),
     * destination key (303), destination port (305), {@code timestamp > lastTimestamp} (301), then the signature by
     * the source key (300). Go calls it with {@code lastTimestamp = 0} on the server and on the responder.
     *
     * @throws WireException with the dmsg code of the first failed check
     */
    public static void verifyRequest(SignedObject<StreamRequest> so, long lastTimestamp) throws WireException {
        verifyRequestFields(so.object());
        StreamRequest req = so.object();
        if (req.timestamp() <= lastTimestamp) {
            throw new WireException(WireException.REQ_INVALID_TIMESTAMP, "timestamp " + req.timestamp()
                    + " is not after " + lastTimestamp);
        }
        verifyRequestSignature(so);
    }

    static void verifyRequestFields(StreamRequest req) throws WireException {
        if (req.src().pk().isNull()) {
            throw new WireException(WireException.REQ_INVALID_SRC_PK, "source key is the null key");
        }
        if (req.src().port() == 0) {
            throw new WireException(WireException.REQ_INVALID_SRC_PORT, "source port is 0");
        }
        if (req.dst().pk().isNull()) {
            throw new WireException(WireException.REQ_INVALID_DST_PK, "destination key is the null key");
        }
        if (req.dst().port() == 0) {
            throw new WireException(WireException.REQ_INVALID_DST_PORT, "destination port is 0");
        }
    }

    static void verifyRequestSignature(SignedObject<StreamRequest> so) throws WireException {
        try {
            Secp256k1.verifyOrThrow(so.object().src().pk(), so.sig(), so.gob);
        } catch (SignatureException e) {
            throw new WireException(WireException.REQ_INVALID_SIG, e.getMessage());
        }
    }

    /**
     * The server's extra check: the request's source key must be the session's remote static key (302).
     *
     * @throws WireException code 302 if it is not
     */
    public static void requireSource(SignedObject<StreamRequest> so, PubKey sessionRemote) throws WireException {
        if (!so.object().src().pk().equals(sessionRemote)) {
            throw new WireException(WireException.REQ_INVALID_SRC_PK, "source " + so.object().src().pk()
                    + " is not the session's remote key " + sessionRemote);
        }
    }

    /**
     * The responder's extra check: the request's destination key must be its own key (303).
     *
     * @throws WireException code 303 if it is not
     */
    public static void requireDestination(SignedObject<StreamRequest> so, PubKey local) throws WireException {
        if (!so.object().dst().pk().equals(local)) {
            throw new WireException(WireException.REQ_INVALID_DST_PK, "destination " + so.object().dst().pk()
                    + " is not the local key " + local);
        }
    }

    /**
     * Go's {@code StreamResponse.Verify(req)}: the response's {@code ReqHash} must be the hash of the signed request
     * (351), the signature must be by the request's destination key (350), and it must be accepted; otherwise the
     * error is the dmsg error of {@code ErrCode} if Go knows that code, else 352.
     *
     * @throws WireException with the dmsg code of the first failed check
     */
    public static void verifyResponse(SignedObject<StreamResponse> resp, SignedObject<StreamRequest> req)
            throws WireException {
        if (!Arrays.equals(resp.object().reqHashRaw(), req.hash())) {
            throw new WireException(WireException.RESP_INVALID_HASH, "the response answers a different request");
        }
        try {
            Secp256k1.verifyOrThrow(req.object().dst().pk(), resp.sig(), resp.gob);
        } catch (SignatureException e) {
            throw new WireException(WireException.RESP_INVALID_SIG, e.getMessage());
        }
        if (!resp.object().accepted()) {
            int code = (int) resp.object().errCode();
            if (WireException.goText(code) != null) {
                throw new WireException(code, "response rejected the request");
            }
            throw new WireException(WireException.RESP_NOT_ACCEPTED,
                    code == 0 ? null : "unknown error code " + code);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignedObject<?> s && sig.equals(s.sig) && object.equals(s.object)
                && Arrays.equals(gob, s.gob);
    }

    @Override
    public int hashCode() {
        return (sig.hashCode() * 31 + object.hashCode()) * 31 + Arrays.hashCode(gob);
    }

    @Override
    public String toString() {
        return "SignedObject[sig=" + sig + ", object=" + object + ", gob=" + gob.length + " bytes]";
    }
}
