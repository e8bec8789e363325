package io.skywire.core.visor.net;

import io.skywire.sdk.net.AppAddr;
import io.skywire.sdk.net.AppConn;
import io.skywire.sdk.net.AppListener;
import io.skywire.sdk.net.AppNet;
import io.skywire.sdk.net.Network;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The in-JVM stand-in for skynet and dmsg networking: apps of this visor can dial each other by
 * {@code <this pk>:port}; any other key fails with a clear error. It exists so the SDK contract is real and
 * tested before the dmsg and routing layers land; they replace it (see issues #3 and #5).
 */
public final class LoopbackAppNet implements AppNet {
    /** Go's dmsg/skynet ephemeral ports start at 49152. */
    static final int FIRST_EPHEMERAL_PORT = 49152;

    private final String localPk;
    private final Map<Key, Listener> listeners = new ConcurrentHashMap<>();
    private final AtomicInteger nextEphemeral = new AtomicInteger(FIRST_EPHEMERAL_PORT);

    private record Key(Network network, int port) {
    }

    public LoopbackAppNet(String localPk) {
        this.localPk = new AppAddr(localPk, 0).pk();
    }

    @Override
    public String localPk() {
        return localPk;
    }

    @Override
    public AppConn dial(Network network, AppAddr remote, Duration timeout) throws IOException {
        if (!remote.pk().equals(localPk)) {
            throw new ConnectException("no route to " + remote.pk() + " over " + network
                    + ": this visor only has the in-JVM loopback network so far (dmsg and routing are not built yet)");
        }
        Listener l = listeners.get(new Key(network, remote.port()));
        if (l == null) {
            throw new ConnectException("connection refused: nothing listens on " + remote + " (" + network + ")");
        }
        AppAddr self = new AppAddr(localPk, ephemeralPort(network));
        LoopbackConn[] pair = LoopbackConn.pair(network, self, remote);
        try {
            if (!l.backlog.offer(pair[1], timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new SocketTimeoutException("dial " + remote + " timed out after " + timeout
                        + ": the listener is not accepting");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("dial interrupted");
        }
        if (l.closed) {
            l.backlog.remove(pair[1]);
            throw new ConnectException("connection refused: " + remote + " stopped listening");
        }
        return pair[0];
    }

    private int ephemeralPort(Network network) {
        for (int i = 0; i < 16384; i++) {
            int p = nextEphemeral.getAndUpdate(x -> x >= 65535 ? FIRST_EPHEMERAL_PORT : x + 1);
            if (!listeners.containsKey(new Key(network, p))) {
                return p;
            }
        }
        return FIRST_EPHEMERAL_PORT;
    }

    @Override
    public AppListener listen(Network network, int port) throws IOException {
        if (port <= 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("invalid port " + port + ": expected 1..65535");
        }
        Listener l = new Listener(network, new AppAddr(localPk, port));
        if (listeners.putIfAbsent(new Key(network, port), l) != null) {
            throw new java.net.BindException("port " + port + " on " + network + " is already in use");
        }
        return l;
    }

    private final class Listener implements AppListener {
        private final Network network;
        private final AppAddr addr;
        private final LinkedBlockingQueue<AppConn> backlog = new LinkedBlockingQueue<>(128);
        private volatile boolean closed;

        Listener(Network network, AppAddr addr) {
            this.network = network;
            this.addr = addr;
        }

        @Override
        public AppAddr addr() {
            return addr;
        }

        @Override
        public Network network() {
            return network;
        }

        @Override
        public AppConn accept() throws IOException {
            return accept(null);
        }

        @Override
        public AppConn accept(Duration timeout) throws IOException {
            long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
            try {
                while (true) {
                    if (closed) {
                        throw new ClosedChannelException();
                    }
                    long wait = Math.min(200_000_000L, deadline - System.nanoTime());
                    if (wait <= 0) {
                        throw new SocketTimeoutException("accept timed out after " + timeout);
                    }
                    AppConn c = backlog.poll(wait, TimeUnit.NANOSECONDS);
                    if (c != null) {
                        if (closed) {
                            c.close();
                            throw new ClosedChannelException();
                        }
                        return c;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("accept interrupted");
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                listeners.remove(new Key(network, addr.port()), this);
                AppConn c;
                while ((c = backlog.poll()) != null) {
                    try {
                        c.close();
                    } catch (IOException ignored) {
                        // an in-JVM close cannot fail
                    }
                }
            }
        }
    }
}
