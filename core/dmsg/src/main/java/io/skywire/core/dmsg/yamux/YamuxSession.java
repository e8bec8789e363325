package io.skywire.core.dmsg.yamux;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A yamux session (hashicorp/yamux v0.1.2 wire behaviour) on a Netty channel carrying a reliable byte stream,
 * in dmsg the raw TCP connection of a dmsg session after the Noise XK handshake.
 *
 * <p>{@link #client(Channel, YamuxConfig)} / {@link #server(Channel, YamuxConfig)} append
 * {@code yamux-decoder}, {@code yamux-encoder} and this handler ({@code yamux-session}) to the pipeline; bytes
 * that arrived before (e.g. buffered by a handshake handler) can be passed on with
 * {@code pipeline.fireChannelRead(buf)} once installed. The client opens odd stream ids from 1, the server even
 * ids from 2; both sides may open and accept streams.
 *
 * <p>All frame processing happens on the channel's event loop and never blocks; blocking calls ({@link #accept()},
 * {@link #ping()}, stream reads and writes) belong on other threads. Futures returned here are completed on the
 * event loop: use the {@code *Async} variants of {@link CompletableFuture} for anything that blocks.
 *
 * <p>Protocol errors of the peer end the session with GoAway(protocol error); a closed connection, a missed
 * keepalive or an unacknowledged open (StreamOpenTimeout) end it without GoAway; {@link #close()} sends
 * GoAway(normal) and closes the channel. A closed session fails every stream operation with
 * {@link YamuxException} (data already received stays readable).
 */
public final class YamuxSession extends ChannelInboundHandlerAdapter implements Closeable {
    private static final System.Logger LOG = System.getLogger(YamuxSession.class.getName());
    private static final YamuxFrameEncoder ENCODER = new YamuxFrameEncoder();
    /**
     * When writers wait for the connection ({@link #awaitWritable}). Netty's default (32/64 KiB) is smaller than one
     * dmsg write batch (16 Noise frames, 65.5 KB), so every batch made the channel unwritable and the next write
     * waited for a cross-thread wake-up from the event loop; a few such batches per session are fine to queue.
     */
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(256 * 1024, 1024 * 1024);

    private final Channel channel;
    private final YamuxConfig config;
    private final boolean client;
    private final ConcurrentHashMap<Integer, YamuxStream> streams = new ConcurrentHashMap<>();
    private final AtomicReference<Throwable> closeCause = new AtomicReference<>();
    private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
    private final Object writability = new Object();
    /** Frames sent from other threads, written by {@link #drainOutbox()} on the event loop. */
    private final Queue<YamuxFrame> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();

    // guarded by itself
    private final ArrayDeque<YamuxStream> acceptQueue = new ArrayDeque<>();
    private Consumer<YamuxStream> acceptHandler;

    private volatile boolean localGoAway;
    private volatile boolean remoteGoAway;

    // event loop only
    private long nextStreamId;
    private int inflight;
    private final ArrayDeque<CompletableFuture<YamuxStream>> pendingOpens = new ArrayDeque<>();
    private int nextPingId;
    private final Map<Integer, PendingPing> pings = new HashMap<>();
    private ScheduledFuture<?> keepaliveTimer;
    private boolean keepaliveStarted;

    private record PendingPing(CompletableFuture<Duration> future, long startNanos, ScheduledFuture<?> timeout) {
    }

    private YamuxSession(Channel channel, YamuxConfig config, boolean client) {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.config = Objects.requireNonNull(config, "config");
        this.client = client;
        this.nextStreamId = client ? 1 : 2;
    }

    /** Installs a client-side session (odd stream ids) on {@code ch}. */
    public static YamuxSession client(Channel ch, YamuxConfig config) {
        return install(ch, config, true);
    }

    /** Installs a server-side session (even stream ids) on {@code ch}. */
    public static YamuxSession server(Channel ch, YamuxConfig config) {
        return install(ch, config, false);
    }

    private static YamuxSession install(Channel ch, YamuxConfig config, boolean client) {
        YamuxSession s = new YamuxSession(ch, config, client);
        ch.config().setWriteBufferWaterMark(WATER_MARK);
        ch.pipeline().addLast("yamux-decoder", new YamuxFrameDecoder(config.maxStreamWindowSize()));
        ch.pipeline().addLast("yamux-encoder", ENCODER);
        ch.pipeline().addLast("yamux-session", s);
        return s;
    }

    public Channel channel() {
        return channel;
    }

    public YamuxConfig config() {
        return config;
    }

    public boolean isClient() {
        return client;
    }

    /** True once the session is closed (or closing). */
    public boolean isClosed() {
        return closeCause.get() != null;
    }

    /** Why the session closed, or null while it is open. */
    public Throwable closeCause() {
        return closeCause.get();
    }

    /** Completes when the session has closed. */
    public CompletableFuture<Void> closeFuture() {
        return closeFuture;
    }

    /** Streams currently registered (open, half-closed, or waiting to be accepted). */
    public int numStreams() {
        return streams.size();
    }

    /** True after the peer sent GoAway(normal): {@link #openStream()} fails from then on. */
    public boolean isRemoteGoAway() {
        return remoteGoAway;
    }

    // ------------------------------------------------------------------------------------------------------------
    // opening and accepting

    /**
     * Opens a stream: sends SYN (WindowUpdate, delta 0). Completes with the stream when the peer ACKs it, fails
     * if the peer resets it, on session close, or after StreamOpenTimeout (which, as in Go, also closes the whole
     * session). With AcceptBacklog SYNs unanswered, further opens wait for a slot.
     */
    public CompletableFuture<YamuxStream> openStream() {
        CompletableFuture<YamuxStream> f = new CompletableFuture<>();
        Throwable c = closeCause.get();
        if (c != null) {
            f.completeExceptionally(YamuxStream.sessionShutdown(c));
        } else if (remoteGoAway) {
            f.completeExceptionally(new YamuxException(YamuxException.Reason.REMOTE_GO_AWAY));
        } else {
            runOnEventLoop(() -> doOpen(f));
        }
        return f;
    }

    private void doOpen(CompletableFuture<YamuxStream> f) {
        if (f.isDone()) {
            return;
        }
        Throwable c = closeCause.get();
        if (c != null) {
            f.completeExceptionally(YamuxStream.sessionShutdown(c));
            return;
        }
        if (remoteGoAway) {
            f.completeExceptionally(new YamuxException(YamuxException.Reason.REMOTE_GO_AWAY));
            return;
        }
        if (inflight >= config.acceptBacklog()) {
            pendingOpens.addLast(f);
            return;
        }
        if (nextStreamId >= 0xFFFF_FFFFL - 1) {
            f.completeExceptionally(new YamuxException(YamuxException.Reason.STREAMS_EXHAUSTED));
            return;
        }
        int id = (int) nextStreamId;
        nextStreamId += 2;
        YamuxStream s = new YamuxStream(this, id, YamuxStream.State.INIT);
        s.openFuture = f;
        s.inflight = true;
        inflight++;
        streams.put(id, s);
        Duration timeout = config.streamOpenTimeout();
        if (timeout.isPositive()) {
            s.openTimer = schedule(() -> openTimedOut(s), timeout);
        }
        s.sendSyn();
    }

    private void openTimedOut(YamuxStream s) {
        if (!s.inflight || isClosed()) {
            return;
        }
        LOG.log(System.Logger.Level.WARNING, "yamux: aborted stream open (stream {0}): no ACK within {1}",
                s.id(), config.streamOpenTimeout());
        YamuxException e = new YamuxException(YamuxException.Reason.STREAM_OPEN_TIMEOUT,
                "aborted stream open of stream " + s.id() + ": no ACK within " + config.streamOpenTimeout());
        CompletableFuture<YamuxStream> f = s.openFuture;
        if (f != null) {
            f.completeExceptionally(e);
        }
        closeWith(e, -1);
    }

    /** Event loop: an opened stream got its ACK (or FIN): give back its SYN slot. */
    void establish(YamuxStream s) {
        releaseSlot(s);
    }

    private void releaseSlot(YamuxStream s) {
        if (!s.inflight) {
            return;
        }
        s.inflight = false;
        inflight--;
        if (s.openTimer != null) {
            s.openTimer.cancel(false);
            s.openTimer = null;
        }
        while (inflight < config.acceptBacklog() && !pendingOpens.isEmpty()) {
            doOpen(pendingOpens.pollFirst());
        }
    }

    /** Any thread: the stream is finished (both FINs, RST, or close timeout). */
    void removeStream(YamuxStream s) {
        streams.remove(s.rawId(), s);
        if (s.inflight) {
            runOnEventLoop(() -> releaseSlot(s));
        }
    }

    /** Blocks until the peer opens a stream, ACKs it and returns it. */
    public YamuxStream accept() throws IOException {
        return accept(null);
    }

    /**
     * Like {@link #accept()} but gives up after {@code timeout} ({@code null}: wait forever).
     *
     * @throws SocketTimeoutException if no stream arrived in time
     * @throws YamuxException         if the session is closed
     */
    public YamuxStream accept(Duration timeout) throws IOException {
        long deadline = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
        while (true) {
            YamuxStream s;
            synchronized (acceptQueue) {
                while (true) {
                    Throwable c = closeCause.get();
                    if (c != null) {
                        throw YamuxStream.sessionShutdown(c);
                    }
                    s = acceptQueue.pollFirst();
                    if (s != null) {
                        break;
                    }
                    long waitNanos = 0;
                    if (timeout != null) {
                        waitNanos = deadline - System.nanoTime();
                        if (waitNanos <= 0) {
                            throw new SocketTimeoutException("accept timed out");
                        }
                    }
                    checkMayBlock();
                    try {
                        if (timeout == null) {
                            acceptQueue.wait();
                        } else {
                            acceptQueue.wait(Math.max(1, waitNanos / 1_000_000));
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted in accept");
                    }
                }
            }
            if (s.isReset()) {
                continue; // the peer gave up on it while it waited
            }
            s.acknowledge();
            return s;
        }
    }

    /**
     * Switches to callback mode: from now on every incoming stream is ACKed and passed to {@code handler} on the
     * event loop (which must not block) instead of being queued for {@link #accept()}; streams already queued are
     * handed over too. {@code null} switches back to queueing.
     */
    public void setAcceptHandler(Consumer<YamuxStream> handler) {
        List<YamuxStream> queued = new ArrayList<>();
        synchronized (acceptQueue) {
            acceptHandler = handler;
            if (handler != null) {
                queued.addAll(acceptQueue);
                acceptQueue.clear();
            }
        }
        if (!queued.isEmpty()) {
            runOnEventLoop(() -> queued.forEach(s -> deliver(handler, s)));
        }
    }

    private void deliver(Consumer<YamuxStream> handler, YamuxStream s) {
        if (s.isReset()) {
            return;
        }
        s.acknowledge();
        try {
            handler.accept(s);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "yamux: accept handler failed, resetting stream " + s.id(), e);
            s.reset();
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // session control

    /** Sends GoAway(normal): the peer may not open new streams (ours get RST). The session stays up. */
    public void goAway() {
        localGoAway = true;
        send(YamuxFrame.goAway(YamuxFrame.GO_AWAY_NORMAL));
    }

    /** Measures the round-trip time with a Ping; fails after ConnectionWriteTimeout. Blocking. */
    public Duration ping() throws IOException {
        checkMayBlock();
        try {
            return pingAsync().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted in ping");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        }
    }

    /** Sends a Ping (SYN, opaque id in the length field) and completes with the RTT when the ACK echoes it. */
    public CompletableFuture<Duration> pingAsync() {
        CompletableFuture<Duration> f = new CompletableFuture<>();
        runOnEventLoop(() -> {
            Throwable c = closeCause.get();
            if (c != null) {
                f.completeExceptionally(YamuxStream.sessionShutdown(c));
                return;
            }
            int id = nextPingId++;
            ScheduledFuture<?> t = schedule(() -> {
                if (pings.remove(id) != null) {
                    f.completeExceptionally(new SocketTimeoutException("i/o deadline reached (ping " + id + ")"));
                }
            }, config.connectionWriteTimeout());
            pings.put(id, new PendingPing(f, System.nanoTime(), t));
            send(YamuxFrame.ping(YamuxFrame.FLAG_SYN, Integer.toUnsignedLong(id)));
        });
        return f;
    }

    /** Closes the session: GoAway(normal), then the channel; all streams fail. Idempotent; does not block. */
    @Override
    public void close() {
        closeWith(new YamuxException(YamuxException.Reason.SESSION_SHUTDOWN), YamuxFrame.GO_AWAY_NORMAL);
    }

    /** @param goAwayCode GoAway code to send before closing the channel, or -1 for none */
    private void closeWith(Throwable cause, int goAwayCode) {
        if (!closeCause.compareAndSet(null, cause)) {
            return;
        }
        runOnEventLoop(() -> doClose(cause, goAwayCode));
    }

    private void doClose(Throwable cause, int goAwayCode) {
        if (goAwayCode >= 0 && channel.isActive()) {
            channel.writeAndFlush(YamuxFrame.goAway(goAwayCode)).addListener(ChannelFutureListener.CLOSE);
        } else {
            channel.close();
        }
        if (keepaliveTimer != null) {
            keepaliveTimer.cancel(false);
            keepaliveTimer = null;
        }
        YamuxException shutdown = YamuxStream.sessionShutdown(cause);
        CompletableFuture<YamuxStream> f;
        while ((f = pendingOpens.pollFirst()) != null) {
            f.completeExceptionally(shutdown);
        }
        for (PendingPing p : pings.values()) {
            p.timeout().cancel(false);
            p.future().completeExceptionally(shutdown);
        }
        pings.clear();
        for (YamuxStream s : streams.values()) {
            s.inflight = false;
            if (s.openTimer != null) {
                s.openTimer.cancel(false);
            }
            s.forceClose(cause);
        }
        streams.clear();
        inflight = 0;
        List<YamuxStream> queued;
        synchronized (acceptQueue) {
            queued = new ArrayList<>(acceptQueue);
            acceptQueue.clear();
            acceptQueue.notifyAll();
        }
        queued.forEach(s -> s.forceClose(cause));
        wakeWriters();
        closeFuture.complete(null);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Netty handler

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            startKeepalive();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        startKeepalive();
        ctx.fireChannelActive();
    }

    private void startKeepalive() {
        if (!keepaliveStarted && config.enableKeepAlive() && !isClosed()) {
            keepaliveStarted = true;
            scheduleKeepalive();
        }
    }

    private void scheduleKeepalive() {
        if (isClosed()) {
            return;
        }
        keepaliveTimer = schedule(() -> pingAsync().whenComplete((rtt, err) -> {
            if (err == null) {
                scheduleKeepalive();
            } else if (!isClosed()) {
                LOG.log(System.Logger.Level.WARNING, "yamux: keepalive failed: {0}", err.toString());
                closeWith(new YamuxException(YamuxException.Reason.KEEPALIVE_TIMEOUT,
                        YamuxException.Reason.KEEPALIVE_TIMEOUT.text(), err), -1);
            }
        }), config.keepAliveInterval());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closeWith(new YamuxException(YamuxException.Reason.SESSION_SHUTDOWN, "connection closed"), -1);
        ctx.fireChannelInactive();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            wakeWriters();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof YamuxProtocolException p) {
            protocolError(p);
        } else if (!isClosed() && !(cause instanceof ClosedChannelException)) {
            closeWith(new YamuxException(YamuxException.Reason.SESSION_SHUTDOWN, "connection error: " + cause, cause),
                    -1);
        }
    }

    private void protocolError(YamuxProtocolException e) {
        if (!isClosed()) {
            LOG.log(System.Logger.Level.DEBUG, "yamux: protocol error: {0}", e.getMessage());
        }
        closeWith(new YamuxException(YamuxException.Reason.PROTOCOL_ERROR, e.getMessage(), e), e.goAwayCode());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof YamuxFrame f)) {
            ctx.fireChannelRead(msg);
            return;
        }
        boolean handedOver = false;
        try {
            if (isClosed()) {
                return;
            }
            switch (f.type()) {
                case YamuxFrame.TYPE_DATA, YamuxFrame.TYPE_WINDOW_UPDATE -> {
                    handedOver = true;
                    handleStreamMessage(f);
                }
                case YamuxFrame.TYPE_PING -> handlePing(f);
                case YamuxFrame.TYPE_GO_AWAY -> handleGoAway(f);
                default -> throw new YamuxProtocolException("invalid msg type: " + f.type());
            }
        } catch (YamuxProtocolException e) {
            protocolError(e);
        } finally {
            if (!handedOver) {
                f.release();
            }
        }
    }

    /** Takes ownership of {@code f}. */
    private void handleStreamMessage(YamuxFrame f) {
        boolean owned = true;
        try {
            int id = f.rawStreamId();
            int flags = f.flags();
            if ((flags & YamuxFrame.FLAG_SYN) != 0) {
                incomingStream(id);
            }
            YamuxStream s = streams.get(id);
            if (s == null) {
                // Go: most likely we sent a RST; data is discarded, other frames ignored
                LOG.log(System.Logger.Level.DEBUG, "yamux: frame for missing stream: {0}", f);
                return;
            }
            if (f.type() == YamuxFrame.TYPE_WINDOW_UPDATE) {
                s.onWindowUpdate(flags, f.length());
                return;
            }
            owned = false;
            s.onData(flags, f.content());
        } finally {
            if (owned) {
                f.release();
            }
        }
    }

    private void incomingStream(int id) {
        if (localGoAway) {
            send(YamuxFrame.windowUpdate(Integer.toUnsignedLong(id), YamuxFrame.FLAG_RST, 0));
            return;
        }
        if (id == 0) {
            throw new YamuxProtocolException("SYN on stream 0");
        }
        if (((id & 1) == 1) == client) {
            throw new YamuxProtocolException("SYN for stream " + Integer.toUnsignedLong(id)
                    + " with the parity of our own stream ids");
        }
        if (streams.containsKey(id)) {
            throw new YamuxProtocolException("duplicate stream declared: " + Integer.toUnsignedLong(id));
        }
        YamuxStream s = new YamuxStream(this, id, YamuxStream.State.SYN_RECEIVED);
        Consumer<YamuxStream> handler;
        boolean queued = false;
        streams.put(id, s);
        synchronized (acceptQueue) {
            handler = acceptHandler;
            if (handler == null && acceptQueue.size() < config.acceptBacklog()) {
                acceptQueue.addLast(s);
                acceptQueue.notifyAll();
                queued = true;
            }
        }
        if (handler != null) {
            deliver(handler, s);
        } else if (!queued) {
            LOG.log(System.Logger.Level.WARNING, "yamux: backlog exceeded, forcing stream reset");
            streams.remove(id, s);
            send(YamuxFrame.windowUpdate(Integer.toUnsignedLong(id), YamuxFrame.FLAG_RST, 0));
        }
    }

    private void handlePing(YamuxFrame f) {
        if (f.hasFlag(YamuxFrame.FLAG_SYN)) {
            send(YamuxFrame.ping(YamuxFrame.FLAG_ACK, f.length()));
            return;
        }
        PendingPing p = pings.remove(f.rawLength());
        if (p != null) {
            p.timeout().cancel(false);
            p.future().complete(Duration.ofNanos(System.nanoTime() - p.startNanos()));
        }
    }

    private void handleGoAway(YamuxFrame f) {
        long code = f.length();
        if (code == YamuxFrame.GO_AWAY_NORMAL) {
            remoteGoAway = true;
        } else if (code == YamuxFrame.GO_AWAY_PROTO_ERR) {
            closeWith(new YamuxException(YamuxException.Reason.PROTOCOL_ERROR,
                    "yamux protocol error (GoAway from the peer)"), -1);
        } else if (code == YamuxFrame.GO_AWAY_INTERNAL_ERR) {
            closeWith(new YamuxException(YamuxException.Reason.SESSION_SHUTDOWN, "remote yamux internal error"),
                    -1);
        } else {
            closeWith(new YamuxException(YamuxException.Reason.SESSION_SHUTDOWN,
                    "unexpected go away received (code " + code + ")"), -1);
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // plumbing shared with YamuxStream

    /**
     * Any thread: queue a frame for the connection. Off the event loop, frames go to an outbox that one event-loop
     * task drains with a single flush: a {@code writeAndFlush} per frame from writer and reader threads cost an
     * event-loop wake-up and a {@code writev} per frame. Order is as before: a frame is written before any task
     * submitted to the event loop after it was sent, and frames sent by one thread stay in order. Frames waiting in
     * the outbox do not count towards the channel's writability (Netty's per-call write tasks did); they are bounded
     * by the streams' send windows, and the drain task runs as soon as the event loop gets to it.
     */
    void send(YamuxFrame frame) {
        EventLoop loop = channel.eventLoop();
        if (loop.inEventLoop()) {
            channel.writeAndFlush(frame, channel.voidPromise());
            return;
        }
        outbox.offer(frame);
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                loop.execute(this::drainOutbox);
            } catch (RejectedExecutionException e) {
                drainScheduled.set(false);
                YamuxFrame f;
                while ((f = outbox.poll()) != null) {
                    f.release(); // the event loop is gone and the connection with it
                }
            }
        }
    }

    private void drainOutbox() {
        drainScheduled.set(false);
        boolean wrote = false;
        YamuxFrame f;
        while ((f = outbox.poll()) != null) {
            channel.write(f, channel.voidPromise());
            wrote = true;
        }
        if (wrote) {
            channel.flush();
        }
    }

    ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        try {
            return channel.eventLoop().schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    private void runOnEventLoop(Runnable task) {
        EventLoop loop = channel.eventLoop();
        if (loop.inEventLoop()) {
            task.run();
            return;
        }
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            task.run(); // event loop gone: nothing else touches the session state any more
        }
    }

    /** Blocking calls would deadlock the event loop. */
    void checkMayBlock() {
        if (channel.eventLoop().inEventLoop()) {
            throw new IllegalStateException("blocking yamux operation on the channel's event loop");
        }
    }

    void wakeWriters() {
        synchronized (writability) {
            writability.notifyAll();
        }
    }

    /**
     * Waits while the channel's outbound buffer is above its high-water mark, for at most
     * ConnectionWriteTimeout (Go's safety valve) or the stream's write deadline.
     */
    void awaitWritable(Supplier<Instant> writeDeadline) throws IOException {
        if (channel.isWritable() || channel.eventLoop().inEventLoop()) {
            return;
        }
        long limit = System.nanoTime() + config.connectionWriteTimeout().toNanos();
        synchronized (writability) {
            while (!channel.isWritable()) {
                Throwable c = closeCause.get();
                if (c != null) {
                    throw YamuxStream.sessionShutdown(c);
                }
                if (!channel.isActive()) {
                    return; // the write fails and the session closes on its own
                }
                long now = System.nanoTime();
                long wait = limit - now;
                if (wait <= 0) {
                    throw new YamuxException(YamuxException.Reason.CONNECTION_WRITE_TIMEOUT);
                }
                Instant dl = writeDeadline.get();
                if (dl != null) {
                    long toDeadline = Duration.between(Instant.now(), dl).toNanos();
                    if (toDeadline <= 0) {
                        throw new SocketTimeoutException("i/o deadline reached");
                    }
                    wait = Math.min(wait, toDeadline);
                }
                try {
                    writability.wait(Math.max(1, wait / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for the connection");
                }
            }
        }
    }

    /** For tests: data held in stream receive buffers. */
    long bufferedBytes() {
        long n = 0;
        for (YamuxStream s : streams.values()) {
            n += s.bufferedBytes();
        }
        return n;
    }

    /** For tests: streams waiting for accept. */
    int pendingAccepts() {
        synchronized (acceptQueue) {
            return acceptQueue.size();
        }
    }

    @Override
    public String toString() {
        return "YamuxSession[" + (client ? "client" : "server") + " " + channel + " streams=" + streams.size()
                + (isClosed() ? " closed" : "") + "]";
    }
}
