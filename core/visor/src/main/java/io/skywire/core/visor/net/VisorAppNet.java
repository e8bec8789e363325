package io.skywire.core.visor.net;

import io.skywire.core.crypto.PubKey;
import io.skywire.core.dmsg.client.DmsgNetwork;
import io.skywire.core.dmsg.client.DmsgNetworkListener;
import io.skywire.core.dmsg.session.DmsgException;
import io.skywire.core.dmsg.session.DmsgStream;
import io.skywire.core.dmsg.wire.Addr;
import io.skywire.sdk.net.AppAddr;
import io.skywire.sdk.net.AppConn;
import io.skywire.sdk.net.AppListener;
import io.skywire.sdk.net.AppNet;
import io.skywire.sdk.net.Network;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The visor's networking for apps: {@link Network#DMSG} runs over the visor's dmsg client (real streams relayed by
 * dmsg servers, end-to-end encrypted); {@link Network#SKYNET} is still the in-JVM {@link LoopbackAppNet} until
 * transports and routing land (issues #4 and #5).
 */
public final class VisorAppNet implements AppNet {
    private final String localPk;
    private final DmsgNetwork dmsg;
    private final AppNet skynet;

    /**
     * @param dmsg   the visor's dmsg client (started by the caller)
     * @param skynet what serves {@link Network#SKYNET} for now
     */
    public VisorAppNet(DmsgNetwork dmsg, AppNet skynet) {
        this.dmsg = Objects.requireNonNull(dmsg, "dmsg");
        this.skynet = Objects.requireNonNull(skynet, "skynet");
        this.localPk = dmsg.publicKey().hex();
        if (!localPk.equals(skynet.localPk())) {
            throw new IllegalArgumentException("dmsg and skynet keys differ");
        }
    }

    @Override
    public String localPk() {
        return localPk;
    }

    @Override
    public AppConn dial(Network network, AppAddr remote, Duration timeout) throws IOException {
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(timeout, "timeout");
        if (network != Network.DMSG) {
            return skynet.dial(network, remote, timeout);
        }
        PubKey pk = PubKey.fromHex(remote.pk());
        try {
            return new DmsgConn(dmsg.dial(pk, remote.port(), timeout));
        } catch (DmsgException e) {
            throw translate("dial dmsg://" + remote, e);
        }
    }

    @Override
    public AppListener listen(Network network, int port) throws IOException {
        if (network != Network.DMSG) {
            return skynet.listen(network, port);
        }
        if (port <= 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("invalid port " + port + ": expected 1..65535");
        }
        try {
            return new DmsgAppListener(dmsg.listen(port), new AppAddr(localPk, port));
        } catch (DmsgException e) {
            if (e.code() == 400) {
                BindException b = new BindException("port " + port + " on dmsg is already in use");
                b.initCause(e);
                throw b;
            }
            throw e;
        }
    }

    /**
     * Maps dmsg failures to the java.net exceptions the SDK documents, keeping Go's code and text in the message: a
     * dial that ran out of time (the dmsg layer marks it with a SocketTimeoutException cause) becomes a
     * SocketTimeoutException, anything else a ConnectException.
     */
    static IOException translate(String what, DmsgException e) {
        boolean timedOut = false;
        for (Throwable c = e.getCause(); c != null && !timedOut; c = c.getCause()) {
            timedOut = c instanceof SocketTimeoutException;
        }
        if (timedOut) {
            SocketTimeoutException t = new SocketTimeoutException(what + ": " + e.getMessage());
            t.initCause(e);
            return t;
        }
        ConnectException c = new ConnectException(what + ": " + e.getMessage());
        c.initCause(e);
        return c;
    }

    static AppAddr appAddr(Addr a) {
        return new AppAddr(a.pk().hex(), a.port());
    }

    /** An app's view of one dmsg stream. */
    static final class DmsgConn implements AppConn {
        private final DmsgStream stream;
        private final AppAddr local;
        private final AppAddr remote;

        DmsgConn(DmsgStream stream) {
            this.stream = stream;
            this.local = appAddr(stream.localAddr());
            this.remote = appAddr(stream.remoteAddr());
        }

        @Override
        public Network network() {
            return Network.DMSG;
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
            return stream.inputStream();
        }

        @Override
        public OutputStream out() {
            return stream.outputStream();
        }

        @Override
        public void setReadDeadline(Instant deadline) {
            stream.setReadDeadline(deadline);
        }

        @Override
        public void setWriteDeadline(Instant deadline) {
            stream.setWriteDeadline(deadline);
        }

        @Override
        public void closeWrite() throws IOException {
            if (!stream.isOpen()) {
                throw new ClosedChannelException();
            }
            stream.closeWrite();
        }

        @Override
        public boolean isOpen() {
            return stream.isOpen();
        }

        @Override
        public void close() {
            stream.close();
        }

        @Override
        public String toString() {
            return "dmsg " + local + " -> " + remote;
        }
    }

    /** An app's view of a dmsg listener (fed by every session of the visor's dmsg client). */
    static final class DmsgAppListener implements AppListener {
        private final DmsgNetworkListener listener;
        private final AppAddr addr;

        DmsgAppListener(DmsgNetworkListener listener, AppAddr addr) {
            this.listener = listener;
            this.addr = addr;
        }

        @Override
        public AppAddr addr() {
            return addr;
        }

        @Override
        public Network network() {
            return Network.DMSG;
        }

        @Override
        public AppConn accept() throws IOException {
            return accept(null);
        }

        @Override
        public AppConn accept(Duration timeout) throws IOException {
            try {
                return new DmsgConn(timeout == null ? listener.accept() : listener.accept(timeout));
            } catch (DmsgException e) {
                if (e.code() == 200) {
                    ClosedChannelException c = new ClosedChannelException();
                    c.initCause(e);
                    throw c;
                }
                throw e;
            }
        }

        @Override
        public void close() {
            listener.close();
        }
    }
}
