package io.skywire.core.visor.net;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One direction of an in-JVM stream: a bounded ring buffer with Go-style deadlines on both ends, half-close
 * (writer closes: reader drains then sees EOF) and abort (reader closes: writer fails).
 */
final class Pipe {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readable = lock.newCondition();
    private final Condition writable = lock.newCondition();
    private final byte[] buf;
    private int head;
    private int size;
    private boolean writeClosed;
    private boolean readClosed;
    private Instant readDeadline;
    private Instant writeDeadline;

    Pipe(int capacity) {
        buf = new byte[capacity];
    }

    int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        lock.lock();
        try {
            while (size == 0) {
                if (readClosed) {
                    throw new ClosedChannelException();
                }
                if (writeClosed) {
                    return -1;
                }
                await(readable, readDeadline, "read");
            }
            int n = Math.min(len, size);
            int first = Math.min(n, buf.length - head);
            System.arraycopy(buf, head, b, off, first);
            System.arraycopy(buf, 0, b, off + first, n - first);
            head = (head + n) % buf.length;
            size -= n;
            writable.signalAll();
            return n;
        } finally {
            lock.unlock();
        }
    }

    int available() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    void write(byte[] b, int off, int len) throws IOException {
        lock.lock();
        try {
            while (len > 0) {
                if (writeClosed) {
                    throw new IOException("write on a stream this side has closed for writing");
                }
                if (readClosed) {
                    throw new IOException("stream closed by peer");
                }
                if (size == buf.length) {
                    await(writable, writeDeadline, "write");
                    continue;
                }
                int tail = (head + size) % buf.length;
                int n = Math.min(len, Math.min(buf.length - size, buf.length - tail));
                System.arraycopy(b, off, buf, tail, n);
                size += n;
                off += n;
                len -= n;
                readable.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    private void await(Condition c, Instant deadline, String op) throws IOException {
        try {
            if (deadline == null) {
                c.await();
                return;
            }
            long nanos = java.time.Duration.between(Instant.now(), deadline).toNanos();
            if (nanos <= 0 || !c.await(nanos, TimeUnit.NANOSECONDS) && !Instant.now().isBefore(deadline)) {
                throw new SocketTimeoutException(op + " deadline exceeded");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(op + " interrupted");
        }
    }

    /** Writer is done: the reader drains what is buffered, then sees EOF. */
    void closeWrite() {
        lock.lock();
        try {
            writeClosed = true;
            readable.signalAll();
            writable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Reader is gone: buffered data is dropped and the writer fails. */
    void closeRead() {
        lock.lock();
        try {
            readClosed = true;
            size = 0;
            readable.signalAll();
            writable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean isWriteClosed() {
        lock.lock();
        try {
            return writeClosed || readClosed;
        } finally {
            lock.unlock();
        }
    }

    void setReadDeadline(Instant d) {
        lock.lock();
        try {
            readDeadline = d;
            readable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void setWriteDeadline(Instant d) {
        lock.lock();
        try {
            writeDeadline = d;
            writable.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
