package io.skywire.core.dmsg.session;

import io.skywire.core.dmsg.wire.WireException;

import java.io.IOException;

/**
 * A dmsg failure carrying Go's dmsg error code ({@code pkg/dmsg/errors.go}, e.g. 307 "request cannot be forwarded
 * because the next session is non-existent"), or 0 when the failure has no Go code (I/O, timeouts).
 */
public class DmsgException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int code;

    /** A failure with Go code {@code code}; the message is Go's text ("dmsg error N - ...") plus {@code detail}. */
    public DmsgException(int code, String detail) {
        super(new WireException(code, detail).getMessage());
        this.code = code;
    }

    public DmsgException(String message, Throwable cause) {
        super(message, cause);
        this.code = cause instanceof DmsgException d ? d.code : cause instanceof WireException w ? w.code() : 0;
    }

    static DmsgException of(WireException e) {
        return new DmsgException(e.getMessage(), e);
    }

    /** Go's dmsg error code, 0 if none applies. */
    public int code() {
        return code;
    }
}
