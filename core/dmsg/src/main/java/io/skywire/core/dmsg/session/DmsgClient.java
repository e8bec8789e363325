package io.skywire.core.dmsg.session;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.skywire.core.crypto.KeyPair;
import io.skywire.core.crypto.PubKey;
import io.skywire.core.crypto.noise.NoiseException;
import io.skywire.core.crypto.noise.NoiseFrames;
import io.skywire.core.crypto.noise.NoiseHandshake;
import io.skywire.core.dmsg.wire.Addr;
import io.skywire.core.dmsg.wire.SignedObject;
import io.skywire.core.dmsg.wire.StreamRequest;
import io.skywire.core.dmsg.wire.StreamResponse;
import io.skywire.core.dmsg.wire.WireException;
import io.skywire.core.dmsg.yamux.YamuxConfig;
import io.skywire.core.dmsg.yamux.YamuxSession;
import io.skywire.core.dmsg.yamux.YamuxStream;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A dmsg client holding one session with one dmsg server (Go's {@code ClientSession}): dials streams to
 * {@code pk:port} of other clients connected to the same server and accepts streams dialed to its listeners.
 * Multi-server selection, discovery posting and reconnection belong to the higher-level client.
 */
public final class DmsgClient implements Closeable {
    private static final System.Logger LOG = System.getLogger(DmsgClient.class.getName());

    /** Go's {@code HandshakeTimeout} for stream requests. */
    public static final Duration STREAM_HANDSHAKE_TIMEOUT = Duration.ofSeconds(20);
    /** Go's session handshake deadline. */
    public static final Duration SESSION_HANDSHAKE_TIMEOUT = Duration.ofSeconds(5);
    /** Go's Porter: the first ephemeral port handed out is 49153. */
    static final int EPHEMERAL_MIN = 49152;

    private final KeyPair keys;
    private final PubKey serverPk;
    private final EventLoopGroup group;
    private final Channel channel;
    private final YamuxSession yamux;
    private final NoiseFrames sessionKeys;
    private final ConcurrentHashMap<Integer, Object> ports = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, DmsgListener> listeners = new ConcurrentHashMap<>();
    private final AtomicLong lastTimestamp = new AtomicLong();
    private int nextEphemeral = EPHEMERAL_MIN;
    private volatile boolean closed;

    private DmsgClient(KeyPair keys, PubKey serverPk, EventLoopGroup group, Channel channel, YamuxSession yamux,
                       NoiseFrames sessionKeys) {
        this.keys = keys;
        this.serverPk = serverPk;
        this.group = group;
        this.channel = channel;
        this.yamux = yamux;
        this.sessionKeys = sessionKeys;
    }

    /**
     * Connects to the dmsg server {@code serverPk} at {@code address}: TCP, Noise XK (5 s deadline, message 3
     * flushed alone before any yamux byte), then a yamux client session.
     *
     * @throws DmsgException (code 202) if the connection or handshake fails
     */
    public static DmsgClient connect(KeyPair keys, InetSocketAddress address, PubKey serverPk) throws IOException {
        return connect(keys, address, serverPk, YamuxConfig.defaults());
    }

    public static DmsgClient connect(KeyPair keys, InetSocketAddress address, PubKey serverPk, YamuxConfig config)
            throws IOException {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(serverPk, "serverPk");
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        YamuxSession[] ys = new YamuxSession[1];
        XkHandshake hs = XkHandshake.initiator(keys, serverPk, SESSION_HANDSHAKE_TIMEOUT,
                (ctx, r) -> ys[0] = YamuxSession.client(ctx.channel(), config));
        try {
            Channel ch = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) SESSION_HANDSHAKE_TIMEOUT.toMillis())
                    .handler(hs)
                    .connect(address).sync().channel();
            XkHandshake.Result r = hs.result.get(SESSION_HANDSHAKE_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
            DmsgClient c = new DmsgClient(keys, serverPk, group, ch, ys[0], r.frames());
            ys[0].setAcceptHandler(s -> Thread.ofVirtual().name("dmsg-client-accept").start(() -> c.serveIncoming(s)));
            ys[0].closeFuture().whenComplete((v, e) -> c.sessionClosed());
            return c;
        } catch (Exception e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new DmsgException(202, "session with " + serverPk + " at " + address + ": " + cause);
        }
    }

    public PubKey publicKey() {
        return keys.pk();
    }

    /** Tests: the raw session (to send hand-made requests). */
    YamuxSession yamuxSession() {
        return yamux;
    }

    /** Tests: the XK session keys. */
    NoiseFrames sessionKeys() {
        return sessionKeys;
    }

    public PubKey serverPublicKey() {
        return serverPk;
    }

    /** True while the session with the server is up. */
    public boolean isConnected() {
        return !closed && !yamux.isClosed();
    }

    /**
     * Listens on {@code port} (1..65535).
     *
     * @throws DmsgException (code 400) if the port is taken
     */
    public DmsgListener listen(int port) throws DmsgException {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port);
        }
        if (closed) {
            throw new DmsgException(200, null);
        }
        DmsgListener l = new DmsgListener(this, port);
        if (ports.putIfAbsent(port, l) != null) {
            throw new DmsgException(400, "port " + port);
        }
        listeners.put(port, l);
        return l;
    }

    void unlisten(DmsgListener l) {
        listeners.remove(l.port(), l);
        ports.remove(l.port(), l);
    }

    private synchronized int reserveEphemeral() throws DmsgException {
        for (int i = 0; i < 65536 - EPHEMERAL_MIN; i++) {
            nextEphemeral = nextEphemeral >= 65535 ? EPHEMERAL_MIN : nextEphemeral + 1;
            if (ports.putIfAbsent(nextEphemeral, Boolean.TRUE) == null) {
                return nextEphemeral;
            }
        }
        throw new DmsgException(400, "no free ephemeral port");
    }

    /** Unix nanoseconds, strictly increasing within this client (so a strict server accepts serial dials). */
    private long timestamp() {
        long now = System.currentTimeMillis() * 1_000_000L + (System.nanoTime() % 1_000_000L + 1_000_000L) % 1_000_000L;
        return lastTimestamp.updateAndGet(last -> Math.max(last + 1, now));
    }

    /**
     * Dials {@code pk:port} through the server: signed StreamRequest with KK message 1, verified StreamResponse
     * with KK message 2, then KK transport frames.
     *
     * @param timeout the whole handshake's deadline (Go: 20 s, {@link #STREAM_HANDSHAKE_TIMEOUT})
     * @throws DmsgException with Go's code when the request is rejected (307 unknown destination, 306 no listener,
     *                       ...) or the response is invalid; code 0 on timeouts and I/O errors
     */
    public DmsgStream dial(PubKey pk, int port, Duration timeout) throws IOException {
        Objects.requireNonNull(pk, "pk");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port);
        }
        if (!isConnected()) {
            throw new DmsgException(201, "session with " + serverPk + " is closed");
        }
        Instant deadline = Instant.now().plus(timeout);
        int srcPort = reserveEphemeral();
        YamuxStream ys = null;
        boolean ok = false;
        try {
            try {
                ys = yamux.openStream().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                java.net.SocketTimeoutException timeoutCause = new java.net.SocketTimeoutException("opening a stream");
                timeoutCause.initCause(e);
                throw new DmsgException("dial " + pk + ":" + port + ": opening a stream timed out", timeoutCause);
            } catch (ExecutionException e) {
                throw new DmsgException("dial " + pk + ":" + port + ": cannot open a stream: " + e.getCause(),
                        e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("dial interrupted");
            }
            ys.setDeadline(deadline);
            NoiseHandshake kk = NoiseHandshake.kkInitiator(keys, pk);
            Addr src = new Addr(keys.pk(), srcPort);
            Addr dst = new Addr(pk, port);
            byte[] reqRaw = SignedObject.sign(keys.sk(), new StreamRequest(timestamp(), src, dst, false,
                    kk.writeMessage()));
            SignedObject<StreamRequest> req;
            try {
                req = SignedObject.parseRequest(reqRaw);
            } catch (WireException e) {
                throw new IllegalStateException(e);
            }
            SessionObjects.write(ys, sessionKeys, reqRaw);
            byte[] respRaw;
            try {
                respRaw = SessionObjects.read(ys, sessionKeys);
            } catch (java.io.EOFException e) {
                throw new DmsgException("dial " + pk + ":" + port + ": the server closed the stream without answering",
                        e);
            }
            SignedObject<StreamResponse> resp;
            try {
                resp = SignedObject.parseResponse(respRaw);
            } catch (WireException e) {
                throw DmsgException.of(e);
            }
            StreamResponse r = resp.object();
            if (!r.accepted() && Arrays.equals(r.reqHash(), req.hash()) && resp.isSignedBy(serverPk)) {
                // our server's own rejection (a Java-server extension; Go's server sends none)
                int code = (int) r.errCode();
                throw new DmsgException(code == 0 ? WireException.RESP_NOT_ACCEPTED : code,
                        "dial " + pk + ":" + port + " rejected by server " + serverPk);
            }
            try {
                SignedObject.verifyResponse(resp, req);
            } catch (WireException e) {
                throw new DmsgException("dial " + pk + ":" + port + ": " + e.getMessage(), e);
            }
            try {
                kk.readMessage(r.noiseMsg());
            } catch (NoiseException e) {
                throw new DmsgException("dial " + pk + ":" + port + ": bad KK response: " + e.getMessage(), e);
            }
            ys.setDeadline(null);
            DmsgStream s = new DmsgStream(ys, kk.split(), src, dst, () -> ports.remove(srcPort));
            ok = true;
            return s;
        } finally {
            if (!ok) {
                ports.remove(srcPort);
                if (ys != null) {
                    SessionObjects.abort(ys);
                }
            }
        }
    }

    /** A stream the server opened to us: a relayed request for one of our listeners. */
    private void serveIncoming(YamuxStream ys) {
        byte[] reqRaw = null;
        try {
            ys.setDeadline(Instant.now().plus(STREAM_HANDSHAKE_TIMEOUT));
            reqRaw = SessionObjects.read(ys, sessionKeys);
            SignedObject<StreamRequest> req = SignedObject.parseRequest(reqRaw);
            SignedObject.verifyRequest(req, 0);
            SignedObject.requireDestination(req, keys.pk());
            StreamRequest r = req.object();
            DmsgListener l = listeners.get(r.dst().port());
            if (l == null) {
                throw new WireException(WireException.REQ_NO_LISTENER, "port " + r.dst().port());
            }
            if (!l.hasRoom()) {
                throw new WireException(401, "port " + r.dst().port());
            }
            NoiseHandshake kk = NoiseHandshake.kkResponder(keys, r.src().pk());
            try {
                kk.readMessage(r.noiseMsg());
            } catch (NoiseException e) {
                throw new WireException(WireException.REQ_INVALID_SIG, "bad KK message: " + e.getMessage());
            }
            byte[] msg2 = kk.writeMessage();
            SessionObjects.write(ys, sessionKeys, SignedObject.sign(keys.sk(),
                    new StreamResponse(req.hash(), true, null, 0, msg2)));
            ys.setDeadline(null);
            DmsgStream s = new DmsgStream(ys, kk.split(), r.dst(), r.src(), null);
            if (!l.offer(s)) {
                s.close();
            }
        } catch (WireException e) {
            LOG.log(System.Logger.Level.DEBUG, "dmsg client: rejecting incoming stream: {0}", e.getMessage());
            if (reqRaw != null && e.code() != WireException.SIGNED_OBJECT_INVALID) {
                // a signed rejection with Go's code: a Go dialer maps it back through ErrorFromCode
                try {
                    SessionObjects.write(ys, sessionKeys, SignedObject.sign(keys.sk(),
                            new StreamResponse(SignedObject.hash(reqRaw), false, null, e.code(), null)));
                    ys.close();
                    return;
                } catch (IOException | RuntimeException ignored) {
                    // fall through to reset
                }
            }
            SessionObjects.abort(ys);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "dmsg client: incoming stream failed: {0}", e.toString());
            SessionObjects.abort(ys);
        }
    }

    private void sessionClosed() {
        listeners.values().forEach(DmsgListener::close);
    }

    /** Closes the session, every listener and stream. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        yamux.close();
        channel.close().awaitUninterruptibly();
        sessionClosed();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    @Override
    public String toString() {
        return "DmsgClient[" + keys.pk() + " via " + serverPk + "]";
    }
}
