package io.skywire.core.dmsg.yamux;

import java.time.Duration;
import java.util.Objects;

/**
 * Session settings, mirroring hashicorp/yamux {@code Config}; {@link #defaults()} is {@code DefaultConfig()}
 * of v0.1.2, which both ends of a dmsg session use.
 *
 * @param acceptBacklog          streams waiting for {@link YamuxSession#accept()}; beyond it incoming SYNs are
 *                               answered with RST. Also the limit of locally opened, not yet ACKed streams
 *                               (further opens wait). Default 256.
 * @param enableKeepAlive        send a Ping every {@code keepAliveInterval}; default true
 * @param keepAliveInterval      default 30 s
 * @param connectionWriteTimeout how long a ping may go unanswered (then a keepalive closes the session), and
 *                               how long a writer waits for a congested connection to drain; default 10 s
 * @param maxStreamWindowSize    the receive window granted per stream, at least 256 KiB (the initial window of
 *                               every stream is always 256 KiB, as in Go); default 256 KiB
 * @param streamOpenTimeout      if an opened stream is not ACKed in time the whole session is closed (Go
 *                               behaviour); zero disables; default 75 s
 * @param streamCloseTimeout     after a local close, how long to wait for the peer's FIN before the stream is
 *                               dropped and RST; zero disables; default 5 min
 */
public record YamuxConfig(int acceptBacklog, boolean enableKeepAlive, Duration keepAliveInterval,
                          Duration connectionWriteTimeout, int maxStreamWindowSize, Duration streamOpenTimeout,
                          Duration streamCloseTimeout) {

    /** The initial window of every stream in both directions (fixed by the protocol): 256 KiB. */
    public static final int INITIAL_STREAM_WINDOW = 256 * 1024;

    private static final YamuxConfig DEFAULTS = new YamuxConfig(256, true, Duration.ofSeconds(30),
            Duration.ofSeconds(10), INITIAL_STREAM_WINDOW, Duration.ofSeconds(75), Duration.ofMinutes(5));

    /** Checks the values like Go's {@code VerifyConfig}. */
    public YamuxConfig {
        Objects.requireNonNull(keepAliveInterval, "keepAliveInterval");
        Objects.requireNonNull(connectionWriteTimeout, "connectionWriteTimeout");
        Objects.requireNonNull(streamOpenTimeout, "streamOpenTimeout");
        Objects.requireNonNull(streamCloseTimeout, "streamCloseTimeout");
        if (acceptBacklog <= 0) {
            throw new IllegalArgumentException("backlog must be positive");
        }
        if (!keepAliveInterval.isPositive()) {
            throw new IllegalArgumentException("keep-alive interval must be positive");
        }
        if (!connectionWriteTimeout.isPositive()) {
            throw new IllegalArgumentException("connection write timeout must be positive");
        }
        if (maxStreamWindowSize < INITIAL_STREAM_WINDOW) {
            throw new IllegalArgumentException("MaxStreamWindowSize must be larger than " + INITIAL_STREAM_WINDOW);
        }
        if (streamOpenTimeout.isNegative() || streamCloseTimeout.isNegative()) {
            throw new IllegalArgumentException("timeouts must not be negative");
        }
    }

    /** hashicorp/yamux v0.1.2 {@code DefaultConfig()}. */
    public static YamuxConfig defaults() {
        return DEFAULTS;
    }

    public YamuxConfig withAcceptBacklog(int v) {
        return new YamuxConfig(v, enableKeepAlive, keepAliveInterval, connectionWriteTimeout, maxStreamWindowSize,
                streamOpenTimeout, streamCloseTimeout);
    }

    public YamuxConfig withKeepAlive(boolean enable, Duration interval) {
        return new YamuxConfig(acceptBacklog, enable, interval, connectionWriteTimeout, maxStreamWindowSize,
                streamOpenTimeout, streamCloseTimeout);
    }

    public YamuxConfig withConnectionWriteTimeout(Duration v) {
        return new YamuxConfig(acceptBacklog, enableKeepAlive, keepAliveInterval, v, maxStreamWindowSize,
                streamOpenTimeout, streamCloseTimeout);
    }

    public YamuxConfig withMaxStreamWindowSize(int v) {
        return new YamuxConfig(acceptBacklog, enableKeepAlive, keepAliveInterval, connectionWriteTimeout, v,
                streamOpenTimeout, streamCloseTimeout);
    }

    public YamuxConfig withStreamOpenTimeout(Duration v) {
        return new YamuxConfig(acceptBacklog, enableKeepAlive, keepAliveInterval, connectionWriteTimeout,
                maxStreamWindowSize, v, streamCloseTimeout);
    }

    public YamuxConfig withStreamCloseTimeout(Duration v) {
        return new YamuxConfig(acceptBacklog, enableKeepAlive, keepAliveInterval, connectionWriteTimeout,
                maxStreamWindowSize, streamOpenTimeout, v);
    }
}
