package io.skywire.core.dmsg.session;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.skywire.core.crypto.KeyPair;
import io.skywire.core.crypto.PubKey;
import io.skywire.core.crypto.noise.NoiseFrames;
import io.skywire.core.dmsg.disc.DiscoveryClient;
import io.skywire.core.dmsg.disc.Entry;
import io.skywire.core.dmsg.wire.RequestTimestamps;
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
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A dmsg relay server (Go's {@code dmsg.Server}): accepts TCP sessions from clients (Noise XK responder, then a
 * yamux server session), and for every stream a client opens reads the signed {@link StreamRequest}, checks it,
 * forwards it over a new yamux stream on the destination client's session, relays the response back and then
 * splices the two yamux streams byte for byte (the KK payload is opaque to the server).
 *
 * <p>Differences from Go, all towards failing fast and clearly: a request that cannot be served is answered with a
 * {@link StreamResponse} {@code Accepted=false} carrying Go's error code, signed by the server (Go just drops the
 * stream and the dialer waits for its 20 s handshake timeout), and a rejection signed by the destination is relayed
 * (Go's server verifies it and drops it). Sessions beyond {@code maxSessions} are refused (Go only advertises fewer
 * available sessions). Half-close is propagated through the splice (Go closes both streams when either ends).
 */
public final class DmsgServer implements Closeable {
    private static final System.Logger LOG = System.getLogger(DmsgServer.class.getName());

    /**
     * Server settings.
     *
     * @param maxSessions          sessions accepted at once (further connections are closed); also the basis of
     *                             the advertised {@code availableSessions}
     * @param maxStreamsPerSession streams a session may have being served at once (more are reset)
     * @param handshakeTimeout     the XK session handshake deadline (Go: 5 s)
     * @param requestTimeout       deadline for reading a request and obtaining the destination's response
     *                             (Go's HandshakeTimeout: 20 s)
     * @param strictTimestamps     require strictly increasing request timestamps per session (Go: only {@code > 0});
     *                             false: the replay window ({@link #REPLAY_WINDOW}, accepts Go's concurrent dials)
     * @param yamux                yamux settings for sessions
     */
    /** Replays and requests older than this before the newest on a session are refused (301). */
    public static final java.time.Duration REPLAY_WINDOW = java.time.Duration.ofSeconds(30);

    public record Config(int maxSessions, int maxStreamsPerSession, Duration handshakeTimeout, Duration requestTimeout,
                         boolean strictTimestamps, YamuxConfig yamux) {
        public Config {
            if (maxSessions < 1 || maxStreamsPerSession < 1) {
                throw new IllegalArgumentException("limits must be positive");
            }
            Objects.requireNonNull(handshakeTimeout);
            Objects.requireNonNull(requestTimeout);
            Objects.requireNonNull(yamux);
        }

        /** Go's library defaults: 100 sessions, 5 s handshake, 20 s request; 2048 streams per session. */
        public static Config defaults() {
            return new Config(100, 2048, Duration.ofSeconds(5), Duration.ofSeconds(20), false, YamuxConfig.defaults());
        }

        public Config withMaxSessions(int v) {
            return new Config(v, maxStreamsPerSession, handshakeTimeout, requestTimeout, strictTimestamps, yamux);
        }

        public Config withMaxStreamsPerSession(int v) {
            return new Config(maxSessions, v, handshakeTimeout, requestTimeout, strictTimestamps, yamux);
        }

        public Config withHandshakeTimeout(Duration v) {
            return new Config(maxSessions, maxStreamsPerSession, v, requestTimeout, strictTimestamps, yamux);
        }

        public Config withRequestTimeout(Duration v) {
            return new Config(maxSessions, maxStreamsPerSession, handshakeTimeout, v, strictTimestamps, yamux);
        }

        public Config withStrictTimestamps(boolean v) {
            return new Config(maxSessions, maxStreamsPerSession, handshakeTimeout, requestTimeout, v, yamux);
        }
    }

    /** One client session as seen by the server. */
    private static final class Session {
        final PubKey remote;
        final Channel channel;
        final NoiseFrames keys;
        final YamuxSession yamux;
        final RequestTimestamps timestamps;
        final AtomicInteger streams = new AtomicInteger();

        Session(PubKey remote, Channel channel, NoiseFrames keys, YamuxSession yamux, RequestTimestamps ts) {
            this.remote = remote;
            this.channel = channel;
            this.keys = keys;
            this.yamux = yamux;
            this.timestamps = ts;
        }
    }

    private final KeyPair keys;
    private final InetSocketAddress bindAddress;
    private final Config config;
    private final DiscoveryClient discovery;
    private final String publicAddress;
    private final ConcurrentHashMap<PubKey, Session> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger connections = new AtomicInteger();
    private EventLoopGroup group;
    private Channel serverChannel;
    private ScheduledExecutorService discoveryTimer;
    private volatile boolean closed;
    private long entrySequence;

    /** A server without discovery registration. */
    public DmsgServer(KeyPair keys, InetSocketAddress bindAddress, Config config) {
        this(keys, bindAddress, config, null, null);
    }

    /**
     * A server that also posts its discovery entry (Entry.server with {@code publicAddress} and
     * {@code availableSessions} = max - current) on start, on session changes and every 60 s.
     */
    public DmsgServer(KeyPair keys, InetSocketAddress bindAddress, Config config, DiscoveryClient discovery,
                      String publicAddress) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
        this.config = Objects.requireNonNull(config, "config");
        this.discovery = discovery;
        this.publicAddress = publicAddress;
    }

    public PubKey publicKey() {
        return keys.pk();
    }

    /** Binds and starts accepting sessions. */
    public synchronized DmsgServer start() throws IOException {
        if (group != null) {
            throw new IllegalStateException("already started");
        }
        group = new MultiThreadIoEventLoopGroup(0, NioIoHandler.newFactory());
        ServerBootstrap b = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        initConnection(ch);
                    }
                });
        try {
            serverChannel = b.bind(bindAddress).sync().channel();
        } catch (Exception e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            group = null;
            throw new IOException("cannot bind " + bindAddress + ": " + e.getMessage(), e);
        }
        if (discovery != null) {
            discoveryTimer = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().factory());
            discoveryTimer.scheduleWithFixedDelay(this::postEntry, 0, 60, TimeUnit.SECONDS);
        }
        return this;
    }

    /** The bound address (with the real port when bound to port 0). */
    public InetSocketAddress address() {
        Channel c = serverChannel;
        if (c == null) {
            throw new IllegalStateException("not started");
        }
        return (InetSocketAddress) c.localAddress();
    }

    /** Client sessions currently established. */
    public int sessionCount() {
        return sessions.size();
    }

    private void initConnection(SocketChannel ch) {
        if (closed || connections.incrementAndGet() > config.maxSessions()) {
            connections.decrementAndGet();
            LOG.log(System.Logger.Level.DEBUG, "dmsg server: refusing {0}: session limit", ch.remoteAddress());
            ch.close();
            return;
        }
        ch.closeFuture().addListener(f -> connections.decrementAndGet());
        XkHandshake hs = XkHandshake.responder(keys, config.handshakeTimeout(), (ctx, r) -> {
            YamuxSession ys = YamuxSession.server(ch, config.yamux());
            Session s = new Session(r.remote(), ch, r.frames(), ys,
                    config.strictTimestamps() ? RequestTimestamps.strict() : RequestTimestamps.replayWindow(REPLAY_WINDOW));
            Session old = sessions.put(r.remote(), s);
            if (old != null) {
                old.yamux.close();
            }
            ys.closeFuture().whenComplete((v, e) -> {
                sessions.remove(r.remote(), s);
                ch.close();
                sessionsChanged();
            });
            ys.setAcceptHandler(stream -> Thread.ofVirtual().name("dmsg-server-stream")
                    .start(() -> serveStream(s, stream)));
            sessionsChanged();
        });
        ch.pipeline().addLast("xk", hs);
        hs.result.exceptionally(e -> {
            LOG.log(System.Logger.Level.DEBUG, "dmsg server: session handshake with {0} failed: {1}",
                    ch.remoteAddress(), e.toString());
            return null;
        });
    }

    private void serveStream(Session s, YamuxStream a) {
        if (s.streams.incrementAndGet() > config.maxStreamsPerSession()) {
            s.streams.decrementAndGet();
            SessionObjects.abort(a);
            return;
        }
        try {
            relay(s, a);
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "dmsg server: stream from {0} ended: {1}", s.remote, e.toString());
            SessionObjects.abort(a);
        } finally {
            s.streams.decrementAndGet();
        }
    }

    private void relay(Session s, YamuxStream a) throws IOException {
        a.setDeadline(Instant.now().plus(config.requestTimeout()));
        byte[] raw = SessionObjects.read(a, s.keys);
        SignedObject<StreamRequest> req;
        try {
            req = SignedObject.parseRequest(raw);
        } catch (WireException e) {
            SessionObjects.abort(a); // no request hash to answer to
            return;
        }
        try {
            s.timestamps.verify(req);
            SignedObject.requireSource(req, s.remote);
        } catch (WireException e) {
            reject(s, a, raw, e.code(), e.getMessage());
            return;
        }
        StreamRequest r = req.object();
        if (r.ipInfo() && r.dst().pk().equals(keys.pk())) {
            byte[] ip = ((InetSocketAddress) s.channel.remoteAddress()).getAddress().getAddress();
            SessionObjects.write(a, s.keys, SignedObject.sign(keys.sk(),
                    new StreamResponse(SignedObject.hash(raw), true, ip, 0, null)));
            a.close();
            return;
        }
        Session d = sessions.get(r.dst().pk());
        if (d == null) {
            reject(s, a, raw, WireException.REQ_NO_NEXT_SESSION, "no session with " + r.dst().pk());
            return;
        }
        YamuxStream b;
        try {
            b = d.yamux.openStream().get(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            reject(s, a, raw, WireException.REQ_NO_NEXT_SESSION, "cannot open a stream to " + r.dst().pk() + ": " + e);
            return;
        }
        d.streams.incrementAndGet();
        try {
            b.setDeadline(Instant.now().plus(config.requestTimeout()));
            SessionObjects.write(b, d.keys, raw);
            byte[] respRaw = SessionObjects.read(b, d.keys);
            SignedObject<StreamResponse> resp;
            try {
                resp = SignedObject.parseResponse(respRaw);
                SignedObject.verifyResponse(resp, req);
            } catch (WireException e) {
                int c = e.code();
                if (c == 0 || c == WireException.RESP_INVALID_SIG || c == WireException.RESP_INVALID_HASH
                        || c == WireException.SIGNED_OBJECT_INVALID) {
                    SessionObjects.abort(b);
                    reject(s, a, raw, e.code(), "destination answered badly: " + e.getMessage());
                    return;
                }
                // a well-formed rejection signed by the destination: relay it as it is
                SessionObjects.write(a, s.keys, respRaw);
                a.close();
                b.close();
                return;
            }
            SessionObjects.write(a, s.keys, respRaw);
            a.setDeadline(null);
            b.setDeadline(null);
            splice(a, b);
        } catch (IOException | RuntimeException e) {
            SessionObjects.abort(b);
            throw e;
        } finally {
            d.streams.decrementAndGet();
        }
    }

    private void reject(Session s, YamuxStream a, byte[] reqRaw, int code, String why) {
        LOG.log(System.Logger.Level.DEBUG, "dmsg server: rejecting stream request from {0}: {1}", s.remote, why);
        try {
            SessionObjects.write(a, s.keys, SignedObject.sign(keys.sk(),
                    new StreamResponse(SignedObject.hash(reqRaw), false, null, code, null)));
            a.close();
        } catch (IOException e) {
            SessionObjects.abort(a);
        }
    }

    /** Copies both ways; EOF on one side half-closes the other; an error resets both. Blocks until both end. */
    private static void splice(YamuxStream a, YamuxStream b) {
        Thread t = Thread.ofVirtual().name("dmsg-splice").start(() -> pump(b, a));
        pump(a, b);
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        a.close();
        b.close();
    }

    /**
     * Moves {@code from}'s received buffers to {@code to} without copying them (each received Data frame is sent on as
     * one Data frame). Between chunks the pump holds no buffer, so an idle spliced stream pins no relay memory.
     */
    private static void pump(YamuxStream from, YamuxStream to) {
        try {
            while (true) {
                ByteBuf chunk = from.readBuffer(Integer.MAX_VALUE);
                if (chunk == null) {
                    to.closeWrite();
                    return;
                }
                to.write(chunk);
            }
        } catch (IOException e) {
            SessionObjects.abort(from);
            SessionObjects.abort(to);
        }
    }

    private void sessionsChanged() {
        if (discovery != null && discoveryTimer != null && !closed) {
            try {
                discoveryTimer.execute(this::postEntry);
            } catch (RuntimeException ignored) {
                // shutting down
            }
        }
    }

    private synchronized void postEntry() {
        if (closed) {
            return;
        }
        try {
            String addr = publicAddress != null ? publicAddress
                    : address().getHostString() + ":" + address().getPort();
            Entry e = Entry.server(keys.pk(), entrySequence, System.currentTimeMillis() * 1_000_000L, addr,
                    Math.max(0, config.maxSessions() - sessions.size())).sign(keys.sk());
            discovery.postEntry(e, false);
            lastPosted = e;
            entrySequence++;
            retryDelaySeconds = 1;
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "dmsg server: posting the discovery entry failed (retrying in {0} s): {1}",
                    retryDelaySeconds, e.toString());
            // a discovery that is starting or briefly down should not leave the server unlisted for a minute
            if (!closed && !retryPending && !discoveryTimer.isShutdown()) {
                retryPending = true;
                discoveryTimer.schedule(() -> {
                    retryPending = false;
                    postEntry();
                }, retryDelaySeconds, TimeUnit.SECONDS);
                retryDelaySeconds = Math.min(30, retryDelaySeconds * 2);
            }
        }
    }

    private long retryDelaySeconds = 1;
    private volatile Entry lastPosted;
    private volatile boolean retryPending;

    /** Stops listening and closes every session. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (discoveryTimer != null) {
            discoveryTimer.shutdownNow();
        }
        Entry posted = lastPosted;
        if (discovery != null && posted != null) {
            // as Go's server: leave the discovery so clients stop picking a server that is gone (freshly stamped:
            // the discovery checks a server entry's timestamp on delete too)
            Entry bye = Entry.server(keys.pk(), entrySequence, System.currentTimeMillis() * 1_000_000L,
                    posted.server().address(), 0).sign(keys.sk());
            discovery.deleteEntryQuietly(bye, java.time.Duration.ofSeconds(2));
        }
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly();
        }
        sessions.values().forEach(s -> s.yamux.close());
        sessions.clear();
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        }
    }
}
