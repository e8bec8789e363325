package io.skywire.core.dmsg.session;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Accepts streams dialed to one local port ({@link DmsgClient#listen(int)}). Holds at most
 * {@value #ACCEPT_BUFFER} streams not yet accepted (Go's AcceptBufferSize); further requests are rejected with
 * error 401.
 */
public final class DmsgListener implements Closeable {
    /** Go's {@code AcceptBufferSize}. */
    public static final int ACCEPT_BUFFER = 20;

    private final DmsgClient client;
    private final int port;
    private final BlockingQueue<DmsgStream> queue = new ArrayBlockingQueue<>(ACCEPT_BUFFER);
    private volatile boolean closed;

    DmsgListener(DmsgClient client, int port) {
        this.client = client;
        this.port = port;
    }

    public int port() {
        return port;
    }

    /** Offers an established stream; false if the listener is closed or its buffer is full. */
    boolean offer(DmsgStream s) {
        return !closed && queue.offer(s);
    }

    boolean hasRoom() {
        return !closed && queue.remainingCapacity() > 0;
    }

    /** Blocks until a stream arrives. */
    public DmsgStream accept() throws IOException {
        return accept(null);
    }

    /**
     * Waits up to {@code timeout} ({@code null}: forever) for a stream.
     *
     * @throws SocketTimeoutException if none arrived in time
     * @throws DmsgException          (code 200) if the listener or client is closed
     */
    public DmsgStream accept(Duration timeout) throws IOException {
        return poll(queue, () -> closed, port, timeout);
    }

    /**
     * The accept loop shared by this listener and the client manager's: waits on {@code queue} in 200 ms
     * slices so a close is noticed, until a stream arrives or the timeout passes.
     *
     * @param queue incoming streams
     * @param closed whether the listener was closed
     * @param port for the messages
     * @param timeout how long to wait, {@code null}: forever
     * @return the next stream
     * @throws SocketTimeoutException if none arrived in time
     * @throws DmsgException (code 200) once closed
     */
    public static DmsgStream poll(BlockingQueue<DmsgStream> queue, java.util.function.BooleanSupplier closed, int port,
                                  Duration timeout) throws IOException {
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        while (true) {
            if (closed.getAsBoolean()) {
                throw new DmsgException(200, "listener on port " + port + " is closed");
            }
            long wait = Math.min(200_000_000L, deadline - System.nanoTime());
            if (wait <= 0) {
                throw new SocketTimeoutException("accept timed out");
            }
            try {
                DmsgStream s = queue.poll(wait, TimeUnit.NANOSECONDS);
                if (s != null) {
                    return s;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted in accept");
            }
        }
    }

    /** Stops accepting, resets queued streams and frees the port. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        DmsgStream s;
        while ((s = queue.poll()) != null) {
            s.close();
        }
        client.unlisten(this);
    }
}
