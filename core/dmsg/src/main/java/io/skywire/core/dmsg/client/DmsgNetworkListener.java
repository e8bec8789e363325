package io.skywire.core.dmsg.client;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.skywire.core.dmsg.session.DmsgClient;
import io.skywire.core.dmsg.session.DmsgException;
import io.skywire.core.dmsg.session.DmsgListener;
import io.skywire.core.dmsg.session.DmsgStream;

/**
 * Accepts streams dialed to one port of a {@link DmsgNetwork}, whichever of its sessions they arrive through,
 * including sessions established after this listener was created. Each session has its own
 * {@link DmsgListener} on the port; a virtual thread per session moves its streams into this listener's queue of at
 * most {@value DmsgListener#ACCEPT_BUFFER} streams (when it is full the session's own buffer fills and further
 * requests are refused with error 401, as in Go).
 */
public final class DmsgNetworkListener implements Closeable {
    private static final System.Logger LOG = System.getLogger(DmsgNetworkListener.class.getName());

    private final DmsgNetwork network;
    private final int port;
    private final BlockingQueue<DmsgStream> queue = new ArrayBlockingQueue<>(DmsgListener.ACCEPT_BUFFER);
    private final Map<DmsgClient, DmsgListener> perSession = new ConcurrentHashMap<>();
    private volatile boolean closed;

    DmsgNetworkListener(DmsgNetwork network, int port) {
        this.network = network;
        this.port = port;
    }

    public int port() {
        return port;
    }

    /** How many sessions currently feed this listener. */
    public int sessionCount() {
        perSession.keySet().removeIf(c -> !c.isConnected());
        return perSession.size();
    }

    /** Starts accepting through {@code session} (called with the network's state lock held). */
    void attach(DmsgClient session) {
        if (closed || perSession.containsKey(session)) {
            return;
        }
        DmsgListener l;
        try {
            l = session.listen(port);
        } catch (DmsgException e) {
            LOG.log(System.Logger.Level.WARNING, "dmsg network: cannot listen on port {0} via {1}: {2}", port,
                    session.serverPublicKey(), e.getMessage());
            return;
        }
        perSession.put(session, l);
        Thread.ofVirtual().name("dmsg-listen-" + port + "-" + session.serverPublicKey().hex().substring(0, 8))
                .start(() -> pump(session, l));
    }

    private void pump(DmsgClient session, DmsgListener l) {
        try {
            while (!closed) {
                DmsgStream s = l.accept();
                boolean queued = false;
                while (!closed && !queued) {
                    queued = queue.offer(s, 200, TimeUnit.MILLISECONDS);
                }
                if (!queued) {
                    s.close();
                } else if (closed) {
                    drain(); // close() may have drained the queue just before our offer
                }
            }
        } catch (IOException e) {
            // the session's listener closed: session gone or this listener closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            perSession.remove(session, l);
            l.close();
        }
    }

    /** Blocks until a stream arrives. */
    public DmsgStream accept() throws IOException {
        return accept(null);
    }

    /**
     * Waits up to {@code timeout} ({@code null}: forever) for a stream.
     *
     * @throws SocketTimeoutException if none arrived in time
     * @throws DmsgException          (code 200) if this listener or the network is closed
     */
    public DmsgStream accept(Duration timeout) throws IOException {
        return DmsgListener.poll(queue, () -> closed, port, timeout);
    }

    /** Stops accepting on every session, resets queued streams and frees the port. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        perSession.values().forEach(DmsgListener::close);
        perSession.clear();
        drain();
        network.unlisten(this);
    }

    private void drain() {
        DmsgStream s;
        while ((s = queue.poll()) != null) {
            s.close();
        }
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "DmsgNetworkListener[port " + port + ", " + perSession.size() + " sessions]";
    }
}
