package io.skywire.sdk.net;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import org.osgi.annotation.versioning.ProviderType;

/** Accepts incoming streams on one local port. */
@ProviderType
public interface AppListener extends Closeable {
    /** @return the local address listened on */
    AppAddr addr();

    /** @return the network listened on */
    Network network();

    /**
     * Waits for the next incoming stream.
     *
     * @return the accepted connection
     * @throws IOException if the listener is closed (a {@link java.nio.channels.ClosedChannelException}) or fails
     */
    AppConn accept() throws IOException;

    /**
     * Waits at most {@code timeout} for the next incoming stream.
     *
     * @param timeout how long to wait
     * @return the accepted connection
     * @throws java.net.SocketTimeoutException if none arrived in time
     * @throws IOException if the listener is closed or fails
     */
    AppConn accept(Duration timeout) throws IOException;

    /** Stops listening; blocked accepts fail. Idempotent. */
    @Override
    void close() throws IOException;
}
