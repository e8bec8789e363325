package io.skywire.sdk.net;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A bidirectional byte stream between two apps, with Go-style deadlines: once a deadline passes, a blocked or
 * later read (or write) throws {@link java.net.SocketTimeoutException}; setting a new deadline re-arms it.
 */
@ProviderType
public interface AppConn extends Closeable {
    /** @return the network this stream runs over */
    Network network();

    /** @return this side's address */
    AppAddr localAddr();

    /** @return the other side's address */
    AppAddr remoteAddr();

    /** @return the stream to read from; it returns -1 once the peer has closed or half-closed its side */
    InputStream in();

    /** @return the stream to write to */
    OutputStream out();

    /**
     * Sets both read and write deadlines.
     *
     * @param deadline the instant after which I/O fails, or null for none
     */
    default void setDeadline(Instant deadline) {
        setReadDeadline(deadline);
        setWriteDeadline(deadline);
    }

    /** @param deadline the instant after which reads fail, or null for none */
    void setReadDeadline(Instant deadline);

    /** @param deadline the instant after which writes fail, or null for none */
    void setWriteDeadline(Instant deadline);

    /**
     * Half-close: tells the peer no more data will come (its reads return -1) while this side can still read.
     *
     * @throws IOException if the stream is already closed
     */
    void closeWrite() throws IOException;

    /** @return false once closed by either side */
    boolean isOpen();

    /** Closes both directions. Idempotent. */
    @Override
    void close() throws IOException;
}
