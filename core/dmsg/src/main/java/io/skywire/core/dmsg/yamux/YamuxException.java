package io.skywire.core.dmsg.yamux;

import java.io.IOException;
import java.util.Objects;

/**
 * An I/O failure of a yamux session or stream. {@link #reason()} says which of the hashicorp/yamux error
 * conditions it is; the message is the Go error text. Deadline expiry is reported as
 * {@link java.net.SocketTimeoutException} instead.
 */
public class YamuxException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The yamux error conditions (named after the Go {@code Err*} values). */
    public enum Reason {
        /** The session is closed ({@code ErrSessionShutdown}); the cause, if any, says why. */
        SESSION_SHUTDOWN("session shutdown"),
        /** Local writes after {@link YamuxStream#closeWrite()} or reads after {@link YamuxStream#close()}. */
        STREAM_CLOSED("stream closed"),
        /** The stream was reset (RST sent or received, {@code ErrConnectionReset}). */
        STREAM_RESET("connection reset"),
        /** The peer sent GoAway(normal): no new streams ({@code ErrRemoteGoAway}). */
        REMOTE_GO_AWAY("remote end is not accepting connections"),
        /** No stream ids left ({@code ErrStreamsExhausted}). */
        STREAMS_EXHAUSTED("streams exhausted"),
        /** The connection did not drain within ConnectionWriteTimeout ({@code ErrConnectionWriteTimeout}). */
        CONNECTION_WRITE_TIMEOUT("connection write timeout"),
        /** A keepalive ping was not answered in time ({@code ErrKeepAliveTimeout}). */
        KEEPALIVE_TIMEOUT("keepalive timeout"),
        /** The peer did not ACK an opened stream within StreamOpenTimeout; the session was closed. */
        STREAM_OPEN_TIMEOUT("aborted stream open: i/o deadline reached"),
        /** A protocol violation by either side (the session is gone). */
        PROTOCOL_ERROR("yamux protocol error");

        private final String text;

        Reason(String text) {
            this.text = text;
        }

        /** The Go error text. */
        public String text() {
            return text;
        }
    }

    private final Reason reason;

    public YamuxException(Reason reason) {
        this(reason, reason.text(), null);
    }

    public YamuxException(Reason reason, String message) {
        this(reason, message, null);
    }

    public YamuxException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
