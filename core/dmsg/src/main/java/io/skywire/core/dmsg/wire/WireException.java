package io.skywire.core.dmsg.wire;

/**
 * A malformed gob stream or signed object, or a stream request/response that Go's rules reject. The message is one
 * line. Rejections that Go reports as a dmsg error carry its code ({@link #code()}, e.g. 300 "request has invalid
 * signature") and Go's message format {@code "dmsg error 300 - request has invalid signature: <detail>"}; plain
 * format errors have code 0.
 */
public class WireException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Go's {@code ErrReqInvalidSig}. */
    public static final int REQ_INVALID_SIG = 300;
    /** Go's {@code ErrReqInvalidTimestamp}. */
    public static final int REQ_INVALID_TIMESTAMP = 301;
    /** Go's {@code ErrReqInvalidSrcPK}. */
    public static final int REQ_INVALID_SRC_PK = 302;
    /** Go's {@code ErrReqInvalidDstPK}. */
    public static final int REQ_INVALID_DST_PK = 303;
    /** Go's {@code ErrReqInvalidSrcPort}. */
    public static final int REQ_INVALID_SRC_PORT = 304;
    /** Go's {@code ErrReqInvalidDstPort}. */
    public static final int REQ_INVALID_DST_PORT = 305;
    /** Go's {@code ErrReqNoListener} (temporary). */
    public static final int REQ_NO_LISTENER = 306;
    /** Go's {@code ErrReqNoNextSession}. */
    public static final int REQ_NO_NEXT_SESSION = 307;
    /** Go's {@code ErrDialRespInvalidSig}. */
    public static final int RESP_INVALID_SIG = 350;
    /** Go's {@code ErrDialRespInvalidHash}. */
    public static final int RESP_INVALID_HASH = 351;
    /** Go's {@code ErrDialRespNotAccepted}. */
    public static final int RESP_NOT_ACCEPTED = 352;
    /** Go's {@code ErrSignedObjectInvalid}. */
    public static final int SIGNED_OBJECT_INVALID = 370;

    private final int code;

    /** A format error (code 0). */
    public WireException(String message) {
        super(oneLine(message));
        this.code = 0;
    }

    /** A dmsg error with Go's code; the message becomes {@code "dmsg error <code> - <Go text>[: detail]"}. */
    public WireException(int code, String detail) {
        super(format(code, detail));
        this.code = code;
    }

    /** Go's dmsg error code, or 0 for a plain format error. */
    public int code() {
        return code;
    }

    /** Go's text for a dmsg error code (pkg/dmsg/errors.go), or null if Go has no such code. */
    public static String goText(int code) {
        return switch (code) {
            case 100 -> "entry is not found in discovery";
            case 101 -> "entry is not of server in discovery";
            case 102 -> "entry is not of client in discovery";
            case 103 -> "client entry in discovery has no delegated servers";
            case 200 -> "local entity closed";
            case 201 -> "local session closed";
            case 202 -> "cannot connect to delegated server";
            case 203 -> "extra bytes received during session handshake";
            case 300 -> "request has invalid signature";
            case 301 -> "request timestamp should be higher than last";
            case 302 -> "request has invalid source public key";
            case 303 -> "request has invalid destination public key";
            case 304 -> "request has invalid source port";
            case 305 -> "request has invalid destination port";
            case 306 -> "request has no associated listener";
            case 307 -> "request cannot be forwarded because the next session is non-existent";
            case 350 -> "response has invalid signature";
            case 351 -> "response has invalid hash of associated request";
            case 352 -> "response rejected associated request without reason";
            case 370 -> "signed object is invalid";
            case 400 -> "port already occupied";
            case 401 -> "listener accept chan maxed";
            default -> null;
        };
    }

    private static String format(int code, String detail) {
        String text = goText(code);
        String head = "dmsg error " + code + " - " + (text == null ? "unknown error" : text);
        return oneLine(detail == null || detail.isEmpty() ? head : head + ": " + detail);
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ');
    }
}
