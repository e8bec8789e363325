package io.skywire.core.dmsg.yamux;

import io.netty.handler.codec.CorruptedFrameException;

/**
 * The peer violated the yamux protocol (bad version or type, oversized or truncated frame, receive window
 * exceeded, duplicate stream, unexpected flag, ...). The session answers with GoAway({@link #goAwayCode()}) and
 * closes. It is a {@link CorruptedFrameException} so Netty passes it through {@code exceptionCaught} unwrapped.
 */
public class YamuxProtocolException extends CorruptedFrameException {
    private static final long serialVersionUID = 1L;

    private final int goAwayCode;

    public YamuxProtocolException(String message) {
        this(message, YamuxFrame.GO_AWAY_PROTO_ERR);
    }

    public YamuxProtocolException(String message, int goAwayCode) {
        super(message);
        this.goAwayCode = goAwayCode;
    }

    /** The GoAway code the session sends before closing: {@link YamuxFrame#GO_AWAY_PROTO_ERR} normally. */
    public int goAwayCode() {
        return goAwayCode;
    }
}
