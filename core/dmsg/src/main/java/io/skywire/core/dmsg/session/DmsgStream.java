package io.skywire.core.dmsg.session;

import io.netty.buffer.ByteBuf;
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

    // guarded by readLock. Received yamux chunks are decrypted in place into the caller's array; only a frame the
    // caller has no room for goes through `pending`, and only a frame split across chunks through `carry`. Both
    // arrays are dropped whenever the stream runs dry, so an idle stream holds no read buffer.
    private ByteBuf chunk; // owned; the received bytes not yet decrypted
    private byte[] pending;
    private int pendingOff;
    private int pendingLen;
    private byte[] carry;
    private boolean eof;
    // the frame body (nonce || ciphertext || tag) found by takeFrame
    private byte[] frameArr;
    private int frameOff;
    private int frameLen;

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
                return pendingLen - pendingOff;
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
     * Reads decrypted bytes, blocking until at least one is available. Returns as many whole frames as fit in
     * {@code len} and have arrived, or part of one frame if {@code len} is smaller than it.
     *
     * @return bytes read, or -1 at end of stream (the peer half-closed)
     */
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        synchronized (readLock) {
            if (pendingOff < pendingLen) {
                int n = Math.min(len, pendingLen - pendingOff);
                System.arraycopy(pending, pendingOff, b, off, n);
                pendingOff += n;
                return n;
            }
            int n = 0;
            while (n == 0) {
                if (eof || !takeFrame(true)) {
                    eof = true;
                    dropReadBuffers();
                    return -1;
                }
                int plain = frameLen - NoiseFrames.MIN_LENGTH_VALUE;
                if (plain > len) {
                    if (pending == null) {
                        pending = new byte[NoiseFrames.MAX_PLAINTEXT];
                    }
                    decryptFrame(pending, 0);
                    pendingLen = plain;
                    pendingOff = Math.min(len, plain);
                    System.arraycopy(pending, 0, b, off, pendingOff);
                    return pendingOff;
                }
                n = decryptFrame(b, off); // 0 for an empty frame: skip it
            }
            // more whole frames that have already arrived and fit
            while (n < len && takeFrameIfFits(len - n)) {
                n += decryptFrame(b, off + n);
            }
            if (chunk == null && ys.available() == 0) {
                dropReadBuffers(); // about to go idle
            }
            return n;
        }
    }

    private void dropReadBuffers() {
        if (pendingOff >= pendingLen) {
            pending = null;
            pendingOff = pendingLen = 0;
        }
        carry = null;
    }

    private int decryptFrame(byte[] out, int outOff) throws IOException {
        int plain;
        try {
            plain = kk.decryptBodyInto(frameArr, frameOff, frameLen, NoiseFrames.ReceiveMode.STRICT, out, outOff);
        } catch (NoiseException e) {
            SessionObjects.abort(ys);
            throw new DmsgException("noise frame rejected: " + e.getMessage(), e);
        } finally {
            frameArr = null;
            if (chunk != null && !chunk.isReadable()) {
                chunk.release();
                chunk = null;
            }
        }
        return plain;
    }

    /** Without blocking: the next frame if it is all in the current chunk and its plaintext is at most {@code room}. */
    private boolean takeFrameIfFits(int room) throws IOException {
        if (chunk == null || chunk.readableBytes() < 2) {
            return false;
        }
        int value = chunk.getUnsignedShort(chunk.readerIndex());
        checkLength(value);
        if (value - NoiseFrames.MIN_LENGTH_VALUE > room) {
            return false;
        }
        return takeFrame(false);
    }

    /**
     * Finds the next frame body (sets {@code frameArr/frameOff/frameLen}; the bytes stay valid until the next
     * {@link #decryptFrame}). Without {@code block}, only a frame wholly inside the current chunk is taken.
     *
     * @return false on a clean end of stream at a frame boundary, or (not blocking) if no whole frame is at hand
     */
    private boolean takeFrame(boolean block) throws IOException {
        if (chunk != null && chunk.readableBytes() >= 2) {
            int value = chunk.getUnsignedShort(chunk.readerIndex());
            checkLength(value);
            if (chunk.readableBytes() >= 2 + value && chunk.hasArray()) {
                frameArr = chunk.array();
                frameOff = chunk.arrayOffset() + chunk.readerIndex() + 2;
                frameLen = value;
                chunk.skipBytes(2 + value);
                return true;
            }
        }
        if (!block) {
            return false;
        }
        if (carry == null) {
            carry = new byte[NoiseFrames.MAX_FRAME];
        }
        if (!fill(carry, 0, 2, "stream ended inside a frame header")) {
            return false;
        }
        int value = ((carry[0] & 0xff) << 8) | (carry[1] & 0xff);
        checkLength(value);
        fill(carry, 2, value, "stream ended inside a noise frame");
        frameArr = carry;
        frameOff = 2;
        frameLen = value;
        return true;
    }

    private void checkLength(int value) throws DmsgException {
        if (value > NoiseFrames.MAX_LENGTH_VALUE || value < NoiseFrames.MIN_LENGTH_VALUE) {
            SessionObjects.abort(ys);
            throw new DmsgException(0, "invalid noise frame length " + value);
        }
    }

    /** Copies {@code n} bytes from the received chunks; false if the stream ended before the first byte. */
    private boolean fill(byte[] dst, int off, int n, String truncated) throws IOException {
        int got = 0;
        while (got < n) {
            if (chunk == null || !chunk.isReadable()) {
                if (chunk != null) {
                    chunk.release();
                    chunk = null;
                }
                ByteBuf next = ys.readBuffer(Integer.MAX_VALUE);
                if (next == null) {
                    if (got == 0 && off == 0) {
                        return false;
                    }
                    throw new DmsgException(0, truncated);
                }
                chunk = next;
                continue;
            }
            int k = Math.min(n - got, chunk.readableBytes());
            chunk.readBytes(dst, off + got, k);
            got += k;
        }
        return true;
    }

    /** Encrypts and sends all bytes (split into frames of at most 4070 plaintext bytes). */
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        int end = off + len;
        synchronized (writeLock) {
            // one yamux write per ~64 KiB batch of frames
            for (int p = off; p < end; ) {
                int batch = Math.min(end - p, NoiseFrames.MAX_PLAINTEXT * 32);
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
