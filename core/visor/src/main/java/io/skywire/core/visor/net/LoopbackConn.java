package io.skywire.core.visor.net;

import io.skywire.sdk.net.AppAddr;
import io.skywire.sdk.net.AppConn;
import io.skywire.sdk.net.Network;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/** One end of an in-JVM stream made of two {@link Pipe}s. */
final class LoopbackConn implements AppConn {
    static final int PIPE_CAPACITY = 64 * 1024;

    private final Network network;
    private final AppAddr local;
    private final AppAddr remote;
    private final Pipe inbound;
    private final Pipe outbound;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final InputStream in = new InputStream() {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = inbound.read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            return inbound.read(b, off, len);
        }

        @Override
        public int available() {
            return inbound.available();
        }

        @Override
        public void close() throws IOException {
            LoopbackConn.this.close();
        }
    };
    private final OutputStream out = new OutputStream() {
        @Override
        public void write(int b) throws IOException {
            outbound.write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            outbound.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            LoopbackConn.this.close();
        }
    };

    private LoopbackConn(Network network, AppAddr local, AppAddr remote, Pipe inbound, Pipe outbound) {
        this.network = network;
        this.local = local;
        this.remote = remote;
        this.inbound = inbound;
        this.outbound = outbound;
    }

    /** @return {dialer end, listener end} */
    static LoopbackConn[] pair(Network network, AppAddr dialer, AppAddr listener) {
        Pipe toListener = new Pipe(PIPE_CAPACITY);
        Pipe toDialer = new Pipe(PIPE_CAPACITY);
        return new LoopbackConn[] {
            new LoopbackConn(network, dialer, listener, toDialer, toListener),
            new LoopbackConn(network, listener, dialer, toListener, toDialer)
        };
    }

    @Override
    public Network network() {
        return network;
    }

    @Override
    public AppAddr localAddr() {
        return local;
    }

    @Override
    public AppAddr remoteAddr() {
        return remote;
    }

    @Override
    public InputStream in() {
        return in;
    }

    @Override
    public OutputStream out() {
        return out;
    }

    @Override
    public void setReadDeadline(Instant deadline) {
        inbound.setReadDeadline(deadline);
    }

    @Override
    public void setWriteDeadline(Instant deadline) {
        outbound.setWriteDeadline(deadline);
    }

    @Override
    public void closeWrite() throws IOException {
        if (closed.get()) {
            throw new java.nio.channels.ClosedChannelException();
        }
        outbound.closeWrite();
    }

    @Override
    public boolean isOpen() {
        return !closed.get() && !(outbound.isWriteClosed() && inbound.isWriteClosed());
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            outbound.closeWrite();
            inbound.closeRead();
        }
    }

    @Override
    public String toString() {
        return network + " " + local + " <-> " + remote;
    }
}
