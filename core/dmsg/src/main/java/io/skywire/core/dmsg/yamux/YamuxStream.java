package io.skywire.core.dmsg.yamux;

import io.netty.buffer.ByteBuf;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * One yamux stream of a {@link YamuxSession}: a bidirectional byte stream with flow control (256 KiB windows),
 * Go-style deadlines, half-close ({@link #closeWrite()}, FIN) and reset ({@link #reset()}, RST).
 *
 * <p>Reads and writes block the calling thread (they are meant for ordinary or virtual threads; calling a
 * blocking operation on the channel's event loop when it would have to wait throws
 * {@link IllegalStateException}). Any thread may call any method; concurrent writers are serialised, so the
 * bytes of one {@code write} call are never interleaved with another's.
 *
 * <p>Message boundaries: a write of at most 128 KiB (half the initial window) is always sent as one Data frame
 * (the writer waits for enough window rather than splitting it), larger writes are cut at the window as in Go;
 * a read returns bytes of at most one received Data frame. So on a quiet stream one small write arrives as one
 * read, which dmsg applications rely on.
 *
 * <p>Memory: nothing is allocated up front; received data is queued (at most one window, 256 KiB by default) and
 * the queue is dropped when empty, so an idle stream costs a couple of hundred bytes.
 */
public final class YamuxStream implements Closeable {

    enum State { INIT, SYN_SENT, SYN_RECEIVED, ESTABLISHED, LOCAL_CLOSE, REMOTE_CLOSE, CLOSED, RESET }

    /** Writes up to this size are never split across Data frames (half the initial window). */
    static final int NO_SPLIT_LIMIT = YamuxConfig.INITIAL_STREAM_WINDOW / 2;

    private static final int FX_ESTABLISHED = 1;
    private static final int FX_RESET = 2;

    private final YamuxSession session;
    private final int id;
    private final Object lock = new Object();

    // --- guarded by lock ---
    private State state;
    private long sendWindow = YamuxConfig.INITIAL_STREAM_WINDOW;
    private long recvWindow = YamuxConfig.INITIAL_STREAM_WINDOW;
    private ArrayDeque<ByteBuf> recvQueue;
    private int recvBuffered;
    private boolean readClosed;
    private boolean finReceived;
    private boolean writerActive;
    /** Why the session ended, if it ended while this stream was open. */
    private Throwable sessionFailure;
    private ScheduledFuture<?> closeTimer;

    // --- event loop only ---
    CompletableFuture<YamuxStream> openFuture;
    ScheduledFuture<?> openTimer;
    /** Holds one of the session's in-flight SYN slots (written on the event loop only). */
    volatile boolean inflight;

    private volatile Instant readDeadline;
    private volatile Instant writeDeadline;
    private InputStream in;
    private OutputStream out;

    YamuxStream(YamuxSession session, int id, State state) {
        this.session = session;
        this.id = id;
        this.state = state;
    }

    /** The stream id (unsigned 32-bit; odd for streams opened by the client side, even for the server side). */
    public long id() {
        return Integer.toUnsignedLong(id);
    }

    int rawId() {
        return id;
    }

    public YamuxSession session() {
        return session;
    }

    /** A blocking view of the receive side; {@code close()} on it is {@link #closeRead()}. */
    public InputStream inputStream() {
        synchronized (lock) {
            if (in == null) {
                in = new In();
            }
            return in;
        }
    }

    /** A blocking view of the send side; {@code flush()} does nothing, {@code close()} is {@link #closeWrite()}. */
    public OutputStream outputStream() {
        synchronized (lock) {
            if (out == null) {
                out = new Out();
            }
            return out;
        }
    }

    /** Deadline for blocked and future reads; {@code null} clears it. Past it, reads throw SocketTimeoutException. */
    public void setReadDeadline(Instant deadline) {
        readDeadline = deadline;
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    /** Deadline for blocked and future writes; {@code null} clears it. Past it, writes throw SocketTimeoutException. */
    public void setWriteDeadline(Instant deadline) {
        writeDeadline = deadline;
        synchronized (lock) {
            lock.notifyAll();
        }
        session.wakeWriters();
    }

    /** Sets both deadlines. */
    public void setDeadline(Instant deadline) {
        setReadDeadline(deadline);
        setWriteDeadline(deadline);
    }

    /** Bytes that can be read without blocking. */
    public int available() {
        synchronized (lock) {
            return readClosed ? 0 : recvBuffered;
        }
    }

    /** True until the stream is fully closed, reset or its session is gone. */
    public boolean isOpen() {
        synchronized (lock) {
            return state != State.CLOSED && state != State.RESET;
        }
    }

    /**
     * Reads up to {@code len} bytes, blocking until at least one is available.
     *
     * @return the number of bytes read, or -1 once the peer has half-closed (FIN) and all data is consumed
     * @throws SocketTimeoutException if the read deadline has passed
     * @throws YamuxException         if the stream was reset or closed locally, or the session failed
     */
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        synchronized (lock) {
            while (true) {
                if (state == State.RESET) {
                    throw new YamuxException(YamuxException.Reason.STREAM_RESET);
                }
                if (readClosed) {
                    throw new YamuxException(YamuxException.Reason.STREAM_CLOSED);
                }
                checkDeadline(readDeadline);
                if (recvBuffered > 0) {
                    ByteBuf head = recvQueue.peekFirst();
                    int n = Math.min(len, head.readableBytes());
                    head.readBytes(b, off, n);
                    if (!head.isReadable()) {
                        recvQueue.pollFirst().release();
                        if (recvQueue.isEmpty()) {
                            recvQueue = null;
                        }
                    }
                    recvBuffered -= n;
                    sendWindowUpdateLocked();
                    return n;
                }
                if (state == State.REMOTE_CLOSE || state == State.CLOSED) {
                    if (sessionFailure != null && !finReceived) {
                        throw sessionShutdown(sessionFailure);
                    }
                    return -1;
                }
                await(readDeadline);
            }
        }
    }

    /**
     * Zero-copy read: the next received bytes as a buffer the caller now owns and must release, blocking until at
     * least one byte is available. The buffer holds at most {@code max} bytes and never more than one received Data
     * frame (as {@link #read}); while nothing is buffered, the stream holds no buffer.
     *
     * @return the bytes, or {@code null} once the peer has half-closed (FIN) and all data is consumed
     * @throws SocketTimeoutException if the read deadline has passed
     * @throws YamuxException         if the stream was reset or closed locally, or the session failed
     */
    public ByteBuf readBuffer(int max) throws IOException {
        if (max <= 0) {
            throw new IllegalArgumentException("max must be positive, got " + max);
        }
        synchronized (lock) {
            while (true) {
                if (state == State.RESET) {
                    throw new YamuxException(YamuxException.Reason.STREAM_RESET);
                }
                if (readClosed) {
                    throw new YamuxException(YamuxException.Reason.STREAM_CLOSED);
                }
                checkDeadline(readDeadline);
                if (recvBuffered > 0) {
                    ByteBuf head = recvQueue.peekFirst();
                    int n = head.readableBytes();
                    ByteBuf chunk;
                    if (n <= max) {
                        chunk = recvQueue.pollFirst();
                        if (recvQueue.isEmpty()) {
                            recvQueue = null;
                        }
                    } else {
                        chunk = head.readRetainedSlice(max);
                        n = max;
                    }
                    recvBuffered -= n;
                    sendWindowUpdateLocked();
                    return chunk;
                }
                if (state == State.REMOTE_CLOSE || state == State.CLOSED) {
                    if (sessionFailure != null && !finReceived) {
                        throw sessionShutdown(sessionFailure);
                    }
                    return null;
                }
                await(readDeadline);
            }
        }
    }

    /**
     * Writes all {@code len} bytes, blocking while the peer's window is exhausted or the connection is congested.
     *
     * @throws SocketTimeoutException if the write deadline passes first (some bytes may have been sent)
     * @throws YamuxException         if the stream was closed for writing or reset, or the session failed
     */
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return;
        }
        write(b, off, len, null);
    }

    /**
     * Zero-copy write: sends the readable bytes of {@code data}, which this call takes ownership of (it is released
     * when sent, or on failure). The frames carry slices of {@code data}; otherwise as {@link #write(byte[], int, int)}.
     */
    public void write(ByteBuf data) throws IOException {
        try {
            int len = data.readableBytes();
            if (len > 0) {
                write(null, 0, len, data);
            }
        } finally {
            data.release();
        }
    }

    /** From {@code b[off, off+len)}, or, if {@code src} is given, from its next {@code len} readable bytes. */
    private void write(byte[] b, int off, int len, ByteBuf src) throws IOException {
        synchronized (lock) {
            while (writerActive) {
                checkWritableLocked();
                checkDeadline(writeDeadline);
                await(writeDeadline);
            }
            writerActive = true;
        }
        try {
            while (len > 0) {
                session.awaitWritable(this::writeDeadline);
                int n;
                synchronized (lock) {
                    while (true) {
                        checkWritableLocked();
                        checkDeadline(writeDeadline);
                        long need = len <= NO_SPLIT_LIMIT ? len : 1;
                        if (sendWindow >= need) {
                            break;
                        }
                        await(writeDeadline);
                    }
                    n = (int) Math.min(sendWindow, len);
                    int flags = sendFlagsLocked();
                    ByteBuf buf;
                    if (src != null) {
                        buf = src.readRetainedSlice(n);
                    } else {
                        buf = session.channel().alloc().buffer(n);
                        buf.writeBytes(b, off, n);
                    }
                    sendWindow -= n;
                    session.send(YamuxFrame.data(id(), flags, buf));
                }
                off += n;
                len -= n;
            }
        } finally {
            synchronized (lock) {
                writerActive = false;
                lock.notifyAll();
            }
        }
    }

    private Instant writeDeadline() {
        return writeDeadline;
    }

    /**
     * Half-close: sends FIN (the peer reads EOF once it has consumed the data); reading continues. This is Go's
     * {@code Stream.Close}. If the peer does not FIN within StreamCloseTimeout, the stream is dropped and RST.
     */
    public void closeWrite() {
        boolean remove = false;
        synchronized (lock) {
            switch (state) {
                case SYN_SENT, SYN_RECEIVED, ESTABLISHED -> state = State.LOCAL_CLOSE;
                case REMOTE_CLOSE -> {
                    state = State.CLOSED;
                    remove = true;
                }
                default -> {
                    return;
                }
            }
            cancelCloseTimerLocked();
            Duration timeout = session.config().streamCloseTimeout();
            if (!remove && timeout.isPositive()) {
                closeTimer = session.schedule(this::closeTimeout, timeout);
            }
            int flags = sendFlagsLocked() | YamuxFrame.FLAG_FIN;
            session.send(YamuxFrame.windowUpdate(id(), flags, 0));
            lock.notifyAll();
        }
        if (remove) {
            session.removeStream(this);
        }
    }

    /** Stops reading: buffered and further received data is discarded, reads throw. No frame is sent. */
    public void closeRead() {
        synchronized (lock) {
            readClosed = true;
            releaseRecvLocked();
            lock.notifyAll();
        }
    }

    /** {@link #closeWrite()} (FIN) plus {@link #closeRead()}. */
    @Override
    public void close() {
        closeWrite();
        closeRead();
    }

    /** Aborts the stream: sends RST; both sides' reads and writes fail with {@link YamuxException.Reason#STREAM_RESET}. */
    public void reset() {
        synchronized (lock) {
            if (state == State.CLOSED || state == State.RESET) {
                return;
            }
            state = State.RESET;
            releaseRecvLocked();
            cancelCloseTimerLocked();
            session.send(YamuxFrame.windowUpdate(id(), YamuxFrame.FLAG_RST, 0));
            lock.notifyAll();
        }
        session.removeStream(this);
    }

    // ------------------------------------------------------------------------------------------------------------
    // session side (event loop unless noted)

    /** Sends the SYN of a locally opened stream (INIT -> SYN_SENT). */
    void sendSyn() {
        synchronized (lock) {
            sendWindowUpdateLocked();
        }
    }

    /** Sends the ACK of an accepted stream (any thread). */
    void acknowledge() {
        synchronized (lock) {
            if (state == State.SYN_RECEIVED) {
                sendWindowUpdateLocked();
            }
        }
    }

    boolean isReset() {
        synchronized (lock) {
            return state == State.RESET;
        }
    }

    int bufferedBytes() {
        synchronized (lock) {
            return recvBuffered;
        }
    }

    void onWindowUpdate(int flags, long delta) {
        int fx;
        synchronized (lock) {
            if (goneLocked()) {
                return;
            }
            fx = processFlagsLocked(flags);
            sendWindow += delta;
            if (sendWindow > 0xFFFF_FFFFL) {
                throw new YamuxProtocolException("send window of stream " + id() + " overflows 2^32-1");
            }
            if (delta > 0) {
                lock.notifyAll();
            }
        }
        applyEffects(fx);
    }

    /** Takes ownership of {@code data}. */
    void onData(int flags, ByteBuf data) {
        int fx;
        try {
            synchronized (lock) {
                if (goneLocked()) {
                    return; // late data for a stream we reset or closed; released below
                }
                fx = processFlagsLocked(flags);
                int n = data.readableBytes();
                if (n > 0) {
                    if (n > recvWindow) {
                        throw new YamuxProtocolException("recv window exceeded (stream: " + id() + ", remain: "
                                + recvWindow + ", recv: " + n + ")");
                    }
                    recvWindow -= n;
                    if (!readClosed && state != State.RESET) {
                        if (recvQueue == null) {
                            recvQueue = new ArrayDeque<>(4);
                        }
                        recvQueue.addLast(data);
                        data = null;
                        recvBuffered += n;
                        lock.notifyAll();
                    }
                }
            }
        } finally {
            if (data != null) {
                data.release();
            }
        }
        applyEffects(fx);
    }

    /** The session is gone: wake everyone; buffered data stays readable. */
    void forceClose(Throwable cause) {
        synchronized (lock) {
            if (state != State.CLOSED && state != State.RESET) {
                state = State.CLOSED;
                sessionFailure = cause;
            }
            cancelCloseTimerLocked();
            lock.notifyAll();
        }
        CompletableFuture<YamuxStream> f = openFuture;
        if (f != null) {
            f.completeExceptionally(sessionShutdown(cause));
        }
    }

    /** StreamCloseTimeout expired after a local close: drop the stream and RST it (Go's closeTimeout). */
    private void closeTimeout() {
        synchronized (lock) {
            closeTimer = null;
            if (state == State.CLOSED || state == State.RESET) {
                return;
            }
            state = State.CLOSED;
            lock.notifyAll();
        }
        session.removeStream(this);
        session.send(YamuxFrame.windowUpdate(id(), YamuxFrame.FLAG_RST, 0));
    }

    /**
     * A stream we reset or fully closed is gone for the peer's late frames, as a removed stream is in Go (whose
     * session drops frames for missing streams): a FIN or data racing with our RST must not kill the session.
     */
    private boolean goneLocked() {
        return state == State.RESET || state == State.CLOSED;
    }

    private int processFlagsLocked(int flags) {
        if (goneLocked()) {
            return 0;
        }
        int fx = 0;
        if ((flags & YamuxFrame.FLAG_ACK) != 0) {
            if (state == State.SYN_SENT) {
                state = State.ESTABLISHED;
                fx |= FX_ESTABLISHED;
            }
            session.establish(this);
        }
        if ((flags & YamuxFrame.FLAG_FIN) != 0) {
            switch (state) {
                case SYN_SENT -> {
                    state = State.REMOTE_CLOSE;
                    fx |= FX_ESTABLISHED;
                    session.establish(this);
                }
                case SYN_RECEIVED, ESTABLISHED -> state = State.REMOTE_CLOSE;
                case LOCAL_CLOSE -> {
                    state = State.CLOSED;
                    cancelCloseTimerLocked();
                    session.removeStream(this);
                }
                default -> throw new YamuxProtocolException("unexpected FIN flag in state " + state + " (stream "
                        + id() + ")");
            }
            finReceived = true;
            lock.notifyAll();
        }
        if ((flags & YamuxFrame.FLAG_RST) != 0) {
            state = State.RESET;
            releaseRecvLocked();
            cancelCloseTimerLocked();
            session.removeStream(this);
            fx |= FX_RESET;
            lock.notifyAll();
        }
        return fx;
    }

    private void applyEffects(int fx) {
        CompletableFuture<YamuxStream> f = openFuture;
        if (f == null || fx == 0) {
            return;
        }
        if ((fx & FX_RESET) != 0) {
            f.completeExceptionally(new YamuxException(YamuxException.Reason.STREAM_RESET,
                    "stream " + id() + " was refused (RST)"));
        } else if (!f.complete(this)) {
            reset(); // the opener gave up (cancelled) before the ACK arrived
        }
        openFuture = null;
    }

    /** Go's sendFlags: the first frame of a stream carries SYN (opener) or ACK (acceptor). */
    private int sendFlagsLocked() {
        switch (state) {
            case INIT -> {
                state = State.SYN_SENT;
                return YamuxFrame.FLAG_SYN;
            }
            case SYN_RECEIVED -> {
                state = State.ESTABLISHED;
                return YamuxFrame.FLAG_ACK;
            }
            default -> {
                return 0;
            }
        }
    }

    /** Go's sendWindowUpdate: grant the consumed bytes once they reach half the window, or when flags are due. */
    private void sendWindowUpdateLocked() {
        long max = session.config().maxStreamWindowSize();
        long delta = (max - recvBuffered) - recvWindow;
        int flags = sendFlagsLocked();
        if (delta < max / 2 && flags == 0) {
            return;
        }
        if (delta < 0) {
            delta = 0;
        }
        recvWindow += delta;
        session.send(YamuxFrame.windowUpdate(id(), flags, delta));
    }

    private void checkWritableLocked() throws IOException {
        if (state == State.RESET) {
            throw new YamuxException(YamuxException.Reason.STREAM_RESET);
        }
        if (sessionFailure != null) {
            throw sessionShutdown(sessionFailure);
        }
        if (state == State.LOCAL_CLOSE || state == State.CLOSED) {
            throw new YamuxException(YamuxException.Reason.STREAM_CLOSED);
        }
    }

    private static void checkDeadline(Instant deadline) throws SocketTimeoutException {
        if (deadline != null && !Instant.now().isBefore(deadline)) {
            throw new SocketTimeoutException("i/o deadline reached");
        }
    }

    /** Waits on the lock (held) until notified or the deadline; the caller re-checks everything. */
    private void await(Instant deadline) throws IOException {
        session.checkMayBlock();
        try {
            if (deadline == null) {
                lock.wait();
            } else {
                long nanos = Duration.between(Instant.now(), deadline).toNanos();
                if (nanos > 0) {
                    lock.wait(Math.max(1, nanos / 1_000_000), 0);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting on yamux stream " + id());
        }
    }

    private void releaseRecvLocked() {
        if (recvQueue != null) {
            for (ByteBuf b : recvQueue) {
                b.release();
            }
            recvQueue = null;
        }
        recvBuffered = 0;
    }

    private void cancelCloseTimerLocked() {
        if (closeTimer != null) {
            closeTimer.cancel(false);
            closeTimer = null;
        }
    }

    static YamuxException sessionShutdown(Throwable cause) {
        if (cause instanceof YamuxException ye && ye.reason() != YamuxException.Reason.SESSION_SHUTDOWN) {
            return new YamuxException(ye.reason(), ye.getMessage(), cause);
        }
        return new YamuxException(YamuxException.Reason.SESSION_SHUTDOWN,
                YamuxException.Reason.SESSION_SHUTDOWN.text()
                        + (cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage()), cause);
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "YamuxStream[id=" + id() + " " + state + " sendWindow=" + sendWindow + " recvWindow=" + recvWindow
                    + " buffered=" + recvBuffered + "]";
        }
    }

    private final class In extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = YamuxStream.this.read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return YamuxStream.this.read(b, off, len);
        }

        @Override
        public int available() {
            return YamuxStream.this.available();
        }

        @Override
        public void close() {
            closeRead();
        }
    }

    private final class Out extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            YamuxStream.this.write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            YamuxStream.this.write(b, off, len);
        }

        @Override
        public void close() {
            closeWrite();
        }
    }
}
