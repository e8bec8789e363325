package io.skywire.core.dmsg.session;

import io.skywire.core.crypto.noise.NoiseException;
import io.skywire.core.crypto.noise.NoiseFrames;
import io.skywire.core.dmsg.wire.Addr;
import io.skywire.core.dmsg.yamux.YamuxStream;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An established end-to-end dmsg stream: a yamux stream on the local session whose bytes are Noise KK transport
 * frames ({@code uint16 L || uint64 nonce || ct}, at most {@value NoiseFrames#MAX_PLAINTEXT} plaintext bytes each,
 * STRICT nonce rule on receive, empty frames skipped), relayed opaquely by the server.
 *
 * <p>Blocking; use from ordinary or virtual threads, never from a Netty event loop. One reader and any number of
 * writers (writes are serialized so frames reach the wire in nonce order).
 */
public final class DmsgStream implements Closeable {
    private final YamuxStream ys;
    private final NoiseFrames kk;
    private final Addr local;
    private final Addr remote;
    private final Runnable onClose;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object readLock = new Object();
    private final Object writeLock = new Object();

    // guarded by readLock
    private byte[] pending = new byte[0];
    private int pendingOff;
    private boolean eof;
    private final byte[] header = new byte[2];

    private final InputStream in = new InputStream() {
        @Override
        public int read() throws IOException {
            byte[] b = new byte[1];
            int n = DmsgStream.this.read(b, 0, 1);
            return n < 0 ? -1 : b[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return DmsgStream.this.read(b, off, len);
        }

        @Override
        public int available() {
            synchronized (readLock) {
                return pending.length - pendingOff;
            }
        }

        @Override
        public void close() {
            ys.closeRead();
        }
    };

    private final OutputStream out = new OutputStream() {
        @Override
        public void write(int b) throws IOException {
            DmsgStream.this.write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            DmsgStream.this.write(b, off, len);
        }

        @Override
        public void close() {
            closeWrite();
        }
    };

    DmsgStream(YamuxStream ys, NoiseFrames kk, Addr local, Addr remote, Runnable onClose) {
        this.ys = Objects.requireNonNull(ys);
        this.kk = Objects.requireNonNull(kk);
        this.local = local;
        this.remote = remote;
        this.onClose = onClose;
    }

    /** Our address (for a dialed stream, the ephemeral source port). */
    public Addr localAddr() {
        return local;
    }

    /** The peer's address. */
    public Addr remoteAddr() {
        return remote;
    }

    /** A blocking view of the receive side; {@code close()} on it stops reading. */
    public InputStream inputStream() {
        return in;
    }

    /** A blocking view of the send side; {@code close()} on it is {@link #closeWrite()}. */
    public OutputStream outputStream() {
        return out;
    }

    /**
     * Reads decrypted bytes, blocking until at least one is available.
     *
     * @return bytes read, or -1 at end of stream (the peer half-closed)
     */
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        synchronized (readLock) {
            while (pendingOff >= pending.length) {
                if (eof || !nextFrame()) {
                    eof = true;
                    return -1;
                }
            }
            int n = Math.min(len, pending.length - pendingOff);
            System.arraycopy(pending, pendingOff, b, off, n);
            pendingOff += n;
            return n;
        }
    }

    /** Reads one frame into {@code pending}; false on a clean end of stream at a frame boundary. */
    private boolean nextFrame() throws IOException {
        int got = 0;
        while (got < 2) {
            int n = ys.read(header, got, 2 - got);
            if (n < 0) {
                if (got == 0) {
                    return false;
                }
                throw new DmsgException(0, "stream ended inside a frame header");
            }
            got += n;
        }
        int len = ((header[0] & 0xff) << 8) | (header[1] & 0xff);
        if (len > NoiseFrames.MAX_LENGTH_VALUE || len < NoiseFrames.MIN_LENGTH_VALUE) {
            SessionObjects.abort(ys);
            throw new DmsgException(0, "invalid noise frame length " + len);
        }
        byte[] body = new byte[len];
        try {
            SessionObjects.readFully(ys, body);
        } catch (java.io.EOFException e) {
            throw new DmsgException("stream ended inside a noise frame", e);
        }
        try {
            pending = kk.decryptBody(body, 0, len, NoiseFrames.ReceiveMode.STRICT);
        } catch (NoiseException e) {
            SessionObjects.abort(ys);
            throw new DmsgException("noise frame rejected: " + e.getMessage(), e);
        }
        pendingOff = 0;
        return true;
    }

    /** Encrypts and sends all bytes (split into frames of at most 4070 plaintext bytes). */
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        int end = off + len;
        synchronized (writeLock) {
            // one yamux write per ~64 KiB batch of frames
            for (int p = off; p < end; ) {
                int batch = Math.min(end - p, NoiseFrames.MAX_PLAINTEXT * 16);
                byte[] frames = kk.encryptAll(b, p, batch);
                ys.write(frames, 0, frames.length);
                p += batch;
            }
        }
    }

    /** Half-close: the peer reads end of stream once it has consumed our data; we can still read. */
    public void closeWrite() {
        ys.closeWrite();
    }

    /** Deadline for reads ({@code null} clears it); past it reads throw SocketTimeoutException. */
    public void setReadDeadline(Instant deadline) {
        ys.setReadDeadline(deadline);
    }

    /** Deadline for writes ({@code null} clears it). */
    public void setWriteDeadline(Instant deadline) {
        ys.setWriteDeadline(deadline);
    }

    /** Both deadlines. */
    public void setDeadline(Instant deadline) {
        ys.setDeadline(deadline);
    }

    /** True until closed locally or the stream is gone. */
    public boolean isOpen() {
        return !closed.get() && ys.isOpen();
    }

    /**
     * Aborts the stream (yamux RST). Caveat: with the current yamux package, a RST that crosses the peer's FIN can
     * end the whole session (see {@code SessionObjects.abort}); prefer {@link #close()}.
     */
    public void reset() {
        ys.reset();
        release();
    }

    /** Closes both directions (FIN; pending reads fail). */
    @Override
    public void close() {
        ys.close();
        release();
    }

    private void release() {
        if (closed.compareAndSet(false, true) && onClose != null) {
            onClose.run();
        }
    }

    @Override
    public String toString() {
        return "DmsgStream[" + local + " -> " + remote + ", yamux " + ys.id() + "]";
    }
}
