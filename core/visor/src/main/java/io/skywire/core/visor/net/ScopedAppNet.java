package io.skywire.core.visor.net;

import io.skywire.sdk.net.AppAddr;
import io.skywire.sdk.net.AppConn;
import io.skywire.sdk.net.AppListener;
import io.skywire.sdk.net.AppNet;
import io.skywire.sdk.net.Network;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** One app run's view of the visor's networking: remembers what it opened so the visor can close it at stop. */
public final class ScopedAppNet implements AppNet, Closeable {
    private final AppNet delegate;
    private final Set<Closeable> opened = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public ScopedAppNet(AppNet delegate) {
        this.delegate = delegate;
    }

    @Override
    public String localPk() {
        return delegate.localPk();
    }

    @Override
    public AppConn dial(Network network, AppAddr remote, Duration timeout) throws IOException {
        return track(delegate.dial(network, remote, timeout));
    }

    @Override
    public AppListener listen(Network network, int port) throws IOException {
        return track(delegate.listen(network, port));
    }

    private <T extends Closeable> T track(T c) throws IOException {
        opened.add(c);
        if (closed) {
            c.close();
            throw new IOException("the app has been stopped");
        }
        return c;
    }

    /** @return how many connections and listeners this app opened that are still tracked */
    public int openCount() {
        return opened.size();
    }

    @Override
    public void close() {
        closed = true;
        for (Closeable c : opened) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing on app stop is best effort; the peer sees the stream end either way
            }
        }
        opened.clear();
    }
}
