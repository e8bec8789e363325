package io.skywire.core.dmsg.client;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.skywire.core.crypto.KeyPair;
import io.skywire.core.crypto.PubKey;
import io.skywire.core.dmsg.disc.DiscoveryClient;
import io.skywire.core.dmsg.disc.DiscoveryException;
import io.skywire.core.dmsg.disc.Entry;
import io.skywire.core.dmsg.session.DmsgClient;
import io.skywire.core.dmsg.session.DmsgException;
import io.skywire.core.dmsg.session.DmsgStream;

/**
 * The dmsg client of a visor (Go's {@code dmsg.Client}): keeps sessions with {@link Config#sessionCount()} dmsg
 * servers taken from the discovery's {@code available_servers}, posts a signed client entry whose
 * {@code delegated_servers} are the servers it holds sessions with (sequence increasing; re-posted whenever that set
 * changes and every {@link Config#updateInterval()}), and replaces a lost session with another available server
 * (checked every {@link Config#checkInterval()}; a lost or unreachable server is avoided for
 * {@link Config#retryBackoff()} so a dead server still listed in the discovery is skipped).
 *
 * <p>{@link #dial} looks up the destination's entry and uses a session to one of its delegated servers, connecting
 * to one of them first if we hold none (that session is then kept and advertised too, as Go does).
 * {@link #listen} returns one listener fed by every session, present and future. {@link #close()} closes the
 * sessions and deletes the discovery entry, as Go does.
 *
 * <p>Blocking API; use from ordinary or virtual threads, never from a Netty event loop.
 */
public final class DmsgNetwork implements Closeable {
    private static final System.Logger LOG = System.getLogger(DmsgNetwork.class.getName());

    /**
     * @param sessionCount  how many servers to keep sessions with (Go's {@code sessions_count}, default 2; at least 1)
     * @param checkInterval how often sessions are checked and missing ones replaced
     * @param updateInterval how often the entry is re-posted when nothing changed (Go: 5 min)
     * @param retryBackoff  how long a server that failed or dropped our session is not tried again by maintenance
     * @param serversType   Go's {@code servers_type}: "official" or "community" keeps sessions only with servers the
     *                      discovery stamped with that type; "all" (or "") with any
     */
    public record Config(int sessionCount, Duration checkInterval, Duration updateInterval, Duration retryBackoff,
                         String serversType) {
        public Config {
            serversType = serversType == null || serversType.isBlank() ? "all" : serversType.strip();
            if (!serversType.equals("all") && !serversType.equals("official") && !serversType.equals("community")) {
                throw new IllegalArgumentException("servers_type \"" + serversType
                        + "\" is not one of all, official, community");
            }
            if (sessionCount < 1) {
                throw new IllegalArgumentException("sessionCount must be at least 1, got " + sessionCount);
            }
            for (Duration d : new Duration[] {checkInterval, updateInterval, retryBackoff}) {
                Objects.requireNonNull(d, "interval");
                if (d.isNegative() || d.isZero()) {
                    throw new IllegalArgumentException("intervals must be positive, got " + d);
                }
            }
        }

        /** 2 sessions, checked every 250 ms, entry refreshed every 5 min, failed servers avoided for 3 s. */
        public static Config defaults() {
            return new Config(2, Duration.ofMillis(250), Duration.ofMinutes(5), Duration.ofSeconds(3), "all");
        }

        public Config withSessionCount(int n) {
            return new Config(n, checkInterval, updateInterval, retryBackoff, serversType);
        }

        public Config withCheckInterval(Duration d) {
            return new Config(sessionCount, d, updateInterval, retryBackoff, serversType);
        }

        public Config withUpdateInterval(Duration d) {
            return new Config(sessionCount, checkInterval, d, retryBackoff, serversType);
        }

        public Config withRetryBackoff(Duration d) {
            return new Config(sessionCount, checkInterval, updateInterval, d, serversType);
        }

        public Config withServersType(String type) {
            return new Config(sessionCount, checkInterval, updateInterval, retryBackoff, type);
        }
    }

    private final KeyPair keys;
    private final DiscoveryClient discovery;
    private final Config config;
    private final Object stateLock = new Object();
    /** Live (or just died, until maintenance notices) sessions by server key, in connection order. */
    private final Map<PubKey, DmsgClient> sessions = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<Integer, DmsgNetworkListener> listeners = new ConcurrentHashMap<>();
    private final Map<PubKey, Long> avoidUntil = new ConcurrentHashMap<>();
    private final Semaphore wake = new Semaphore(0);
    private final Object readyLock = new Object();
    private volatile Entry posted;
    private volatile List<PubKey> postedServers;
    private volatile long lastPostNanos;
    private volatile long nextPostRetryNanos;
    /** When maintenance may next ask the discovery for servers while short of sessions; 0: now. */
    private volatile long nextFillNanos;
    private volatile String lastError;
    private volatile boolean started;
    private volatile boolean closed;
    private Thread maintainer;

    /** A network with {@link Config#defaults()}. */
    public DmsgNetwork(KeyPair keys, DiscoveryClient discovery) {
        this(keys, discovery, Config.defaults());
    }

    public DmsgNetwork(KeyPair keys, DiscoveryClient discovery, Config config) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.discovery = Objects.requireNonNull(discovery, "discovery");
        this.config = Objects.requireNonNull(config, "config");
    }

    /** Starts the background maintenance (connect, post, replace); returns at once. */
    public synchronized DmsgNetwork start() {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (!started) {
            started = true;
            maintainer = Thread.ofVirtual().name("dmsg-network-" + keys.pk().hex().substring(0, 8))
                    .start(this::maintainLoop);
        }
        return this;
    }

    public PubKey publicKey() {
        return keys.pk();
    }

    public Config config() {
        return config;
    }

    /** The servers we currently hold live sessions with. */
    public List<PubKey> servers() {
        synchronized (sessions) {
            List<PubKey> out = new ArrayList<>();
            sessions.forEach((pk, c) -> {
                if (c.isConnected()) {
                    out.add(pk);
                }
            });
            return out;
        }
    }

    /** The entry last posted successfully (signed), or empty before the first post. */
    public Optional<Entry> postedEntry() {
        return Optional.ofNullable(posted);
    }

    /** The last maintenance or posting error (for {@code visor info}), or null. */
    public String lastError() {
        return lastError;
    }

    /** True once an entry listing at least one live session has been posted. */
    public boolean isReady() {
        List<PubKey> p = postedServers;
        return p != null && !p.isEmpty() && !servers().isEmpty();
    }

    /** Waits until {@link #isReady()}; false on timeout. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (readyLock) {
            while (!isReady()) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed) {
                    return isReady();
                }
                readyLock.wait(Math.max(1, Math.min(100, TimeUnit.NANOSECONDS.toMillis(left))));
            }
            return true;
        }
    }

    /**
     * Listens on {@code port} through every session, present and future.
     *
     * @throws DmsgException (code 400) if the port is taken, (200) if closed
     */
    public DmsgNetworkListener listen(int port) throws DmsgException {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port);
        }
        synchronized (stateLock) {
            if (closed) {
                throw new DmsgException(200, null);
            }
            DmsgNetworkListener l = new DmsgNetworkListener(this, port);
            if (listeners.putIfAbsent(port, l) != null) {
                throw new DmsgException(400, "port " + port);
            }
            for (DmsgClient c : liveSessions()) {
                l.attach(c);
            }
            return l;
        }
    }

    void unlisten(DmsgNetworkListener l) {
        listeners.remove(l.port(), l);
    }

    /**
     * Dials {@code pk:port}: fetches the destination's client entry and dials through a session to one of its
     * delegated servers, connecting to one of them first if we hold none.
     *
     * @throws DmsgException code 100 if {@code pk} is not in the discovery, 102 if its entry is not a client's, 103
     *                       if it has no delegated servers, 202 if none of its servers can be reached, otherwise the
     *                       dial's own error (306 no listener, ...) or code 0 on timeouts and discovery failures
     */
    public DmsgStream dial(PubKey pk, int port, Duration timeout) throws IOException {
        Objects.requireNonNull(pk, "pk");
        Objects.requireNonNull(timeout, "timeout");
        if (closed) {
            throw new DmsgException(200, null);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Entry e;
        try {
            e = discovery.entry(pk).orElseThrow(() -> new DmsgException(100, "dial " + pk
                    + ": the destination is not in discovery " + discovery.baseUrl()));
        } catch (DiscoveryException de) {
            throw new DmsgException("dial " + pk + ":" + port + ": discovery lookup failed: " + de.getMessage(), de);
        }
        if (e.client() == null) {
            throw new DmsgException(102, "dial " + pk);
        }
        List<PubKey> delegated = e.client().delegatedServers();
        if (delegated == null || delegated.isEmpty()) {
            throw new DmsgException(103, "dial " + pk + ": it holds no session with any dmsg server");
        }
        List<String> failures = new ArrayList<>();
        // 1. sessions we already hold with one of its servers
        for (PubKey s : delegated) {
            DmsgClient c = sessions.get(s);
            if (c != null && c.isConnected()) {
                DmsgStream st = tryDial(c, pk, port, deadline, failures);
                if (st != null) {
                    return st;
                }
            }
        }
        // 2. connect to one of its servers
        List<PubKey> others = new ArrayList<>(delegated);
        Collections.shuffle(others);
        for (PubKey s : others) {
            DmsgClient existing = sessions.get(s);
            if (existing != null && existing.isConnected()) {
                continue; // tried above
            }
            if (System.nanoTime() >= deadline) {
                break;
            }
            DmsgClient c;
            try {
                c = ensureSession(s, null);
            } catch (IOException ex) {
                failures.add(s + ": " + ex.getMessage());
                continue;
            }
            wake.release(); // the server set changed: re-post the entry
            DmsgStream st = tryDial(c, pk, port, deadline, failures);
            if (st != null) {
                return st;
            }
        }
        throw new DmsgException(202, "dial " + pk + ":" + port + ": no server in common could carry the stream "
                + failures);
    }

    private DmsgStream tryDial(DmsgClient c, PubKey pk, int port, long deadline, List<String> failures)
            throws IOException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new DmsgException("dial " + pk + ":" + port + " timed out " + failures,
                    new java.net.SocketTimeoutException("dial timed out"));
        }
        try {
            return c.dial(pk, port, Duration.ofNanos(left));
        } catch (DmsgException ex) {
            // 307: the destination is not (or no longer) on that server; 201/202/0: the session failed.
            // Anything else (no listener, port full, bad signature) is the destination's answer: report it.
            int code = ex.code();
            if (code == 307 || code == 201 || code == 202 || (code == 0 && !c.isConnected())) {
                failures.add(c.serverPublicKey() + ": " + ex.getMessage());
                return null;
            }
            throw ex;
        } catch (IOException ex) {
            if (!c.isConnected()) {
                failures.add(c.serverPublicKey() + ": " + ex.getMessage());
                return null;
            }
            throw ex;
        }
    }

    /**
     * Returns our live session with {@code serverPk}, connecting to it if needed ({@code serverEntry} null: looked
     * up in the discovery).
     */
    private DmsgClient ensureSession(PubKey serverPk, Entry serverEntry) throws IOException {
        DmsgClient c = sessions.get(serverPk);
        if (c != null && c.isConnected()) {
            return c;
        }
        if (serverEntry == null) {
            try {
                serverEntry = discovery.entry(serverPk).orElseThrow(
                        () -> new DmsgException(100, "server " + serverPk));
            } catch (DiscoveryException de) {
                throw new DmsgException("server " + serverPk + ": discovery lookup failed: " + de.getMessage(), de);
            }
        }
        if (serverEntry.server() == null) {
            throw new DmsgException(101, "server " + serverPk);
        }
        InetSocketAddress addr = parseAddress(serverEntry.server().address());
        DmsgClient fresh = DmsgClient.connect(keys, addr, serverPk);
        synchronized (stateLock) {
            DmsgClient cur = sessions.get(serverPk);
            if (closed) {
                fresh.close();
                throw new DmsgException(200, null);
            }
            if (cur != null && cur.isConnected()) {
                fresh.close();
                return cur;
            }
            if (cur != null) {
                cur.close();
            }
            sessions.put(serverPk, fresh);
            for (DmsgNetworkListener l : listeners.values()) {
                l.attach(fresh);
            }
        }
        LOG.log(System.Logger.Level.DEBUG, "dmsg network {0}: session with {1} at {2}", keys.pk(), serverPk, addr);
        return fresh;
    }

    static InetSocketAddress parseAddress(String hostPort) throws DmsgException {
        int i = hostPort.lastIndexOf(':');
        if (i <= 0 || i == hostPort.length() - 1) {
            throw new DmsgException(202, "bad server address \"" + hostPort + "\"");
        }
        String host = hostPort.substring(0, i);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            int port = Integer.parseInt(hostPort.substring(i + 1));
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return new InetSocketAddress(host, port);
        } catch (NumberFormatException e) {
            throw new DmsgException(202, "bad server address \"" + hostPort + "\"");
        }
    }

    private List<DmsgClient> liveSessions() {
        synchronized (sessions) {
            List<DmsgClient> out = new ArrayList<>();
            for (DmsgClient c : sessions.values()) {
                if (c.isConnected()) {
                    out.add(c);
                }
            }
            return out;
        }
    }

    private void maintainLoop() {
        while (!closed) {
            try {
                maintain();
            } catch (RuntimeException e) {
                lastError = e.toString();
                LOG.log(System.Logger.Level.WARNING, "dmsg network: maintenance failed: {0}", e.toString());
            }
            try {
                wake.tryAcquire(config.checkInterval().toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One round: drop dead sessions, fill up to the target from available servers, post the entry if due. */
    private void maintain() {
        long now = System.nanoTime();
        List<DmsgClient> toClose = new ArrayList<>();
        synchronized (stateLock) {
            List<PubKey> dead = new ArrayList<>();
            synchronized (sessions) {
                sessions.forEach((pk, c) -> {
                    if (!c.isConnected()) {
                        dead.add(pk);
                    }
                });
            }
            for (PubKey pk : dead) {
                DmsgClient c = sessions.remove(pk);
                if (c != null) {
                    toClose.add(c);
                }
                avoidUntil.put(pk, now + config.retryBackoff().toNanos());
                if (!closed) {
                    LOG.log(System.Logger.Level.INFO, "dmsg network {0}: lost the session with {1}", keys.pk(), pk);
                }
            }
        }
        toClose.forEach(DmsgClient::close);
        if (closed) {
            return;
        }
        if (!toClose.isEmpty()) {
            nextFillNanos = 0; // a session was lost: look for a replacement at once
        }
        if (servers().size() < config.sessionCount() && (nextFillNanos == 0 || now - nextFillNanos >= 0)) {
            fill();
            // still short (fewer servers than wanted, or the discovery is down): ask the discovery again only
            // after the retry backoff instead of on every check
            nextFillNanos = servers().size() < config.sessionCount()
                    ? System.nanoTime() + config.retryBackoff().toNanos() : 0;
        }
        postIfDue();
    }

    private void fill() {
        List<Entry> available;
        try {
            available = new ArrayList<>(discovery.availableServers());
        } catch (DiscoveryException e) {
            lastError = "available servers: " + e.getMessage();
            return;
        }
        Collections.shuffle(available);
        long now = System.nanoTime();
        // servers not avoided first, then (if still short) the avoided ones are left for a later round
        for (Entry e : available) {
            if (closed || servers().size() >= config.sessionCount()) {
                return;
            }
            PubKey pk = e.staticPk();
            DmsgClient cur = sessions.get(pk);
            if (e.server() == null || (cur != null && cur.isConnected())) {
                continue;
            }
            if (!config.serversType().equals("all") && !config.serversType().equals(e.server().serverType())) {
                continue; // Go's ConnectedServersType filter
            }
            Long until = avoidUntil.get(pk);
            if (until != null && until - now > 0) {
                continue;
            }
            try {
                ensureSession(pk, e);
                avoidUntil.remove(pk);
            } catch (IOException ex) {
                avoidUntil.put(pk, System.nanoTime() + config.retryBackoff().toNanos());
                lastError = "session with " + pk + ": " + ex.getMessage();
                LOG.log(System.Logger.Level.DEBUG, "dmsg network {0}: {1}", keys.pk(), lastError);
            }
        }
    }

    private void postIfDue() {
        List<PubKey> current = servers();
        List<PubKey> last = postedServers;
        long now = System.nanoTime();
        boolean changed = last == null ? !current.isEmpty() : !new HashSet<>(last).equals(new HashSet<>(current));
        boolean stale = last != null && now - lastPostNanos >= config.updateInterval().toNanos();
        if (!changed && !stale) {
            return;
        }
        if (nextPostRetryNanos != 0 && nextPostRetryNanos - now > 0) {
            return;
        }
        try {
            Entry base = posted;
            Entry signed;
            if (base == null) {
                Optional<Entry> remote = discovery.entry(keys.pk());
                if (remote.isPresent()) {
                    // continue the sequence of an entry left by an earlier run
                    Entry r = remote.get();
                    signed = discovery.putEntry(keys.sk(), Entry.client(keys.pk(), r.sequence(), r.timestamp(),
                            current));
                } else {
                    signed = Entry.client(keys.pk(), 0, Entry.nowNanos(), current).sign(keys.sk());
                    discovery.postEntry(signed, false);
                }
            } else {
                signed = discovery.putEntry(keys.sk(), base.withClient(new Entry.Client(current)));
            }
            posted = signed;
            postedServers = List.copyOf(current);
            lastPostNanos = now;
            nextPostRetryNanos = 0;
            LOG.log(System.Logger.Level.DEBUG, "dmsg network {0}: posted entry seq {1} servers {2}", keys.pk(),
                    Long.toUnsignedString(signed.sequence()), current);
            synchronized (readyLock) {
                readyLock.notifyAll();
            }
        } catch (DiscoveryException e) {
            lastError = "posting the entry: " + e.getMessage();
            nextPostRetryNanos = now + TimeUnit.SECONDS.toNanos(1);
            if (e.isWrongSequence()) {
                posted = null; // refetch the remote entry next time
            }
            LOG.log(System.Logger.Level.WARNING, "dmsg network {0}: {1}", keys.pk(), lastError);
        }
    }

    /**
     * Closes every listener and session and deletes our discovery entry (as Go's client does, so dialers get
     * "not in discovery" at once instead of a timeout), waiting at most 2 s for the discovery.
     */
    @Override
    public void close() {
        Thread m;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            m = maintainer;
        }
        if (m != null) {
            m.interrupt();
            try {
                m.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<DmsgClient> all;
        synchronized (stateLock) {
            new ArrayList<>(listeners.values()).forEach(DmsgNetworkListener::close);
            synchronized (sessions) {
                all = new ArrayList<>(sessions.values());
                sessions.clear();
            }
        }
        all.forEach(DmsgClient::close);
        Entry e = posted;
        if (e != null) {
            discovery.deleteEntryQuietly(e, Duration.ofSeconds(2));
        }
        synchronized (readyLock) {
            readyLock.notifyAll();
        }
    }

    @Override
    public String toString() {
        return "DmsgNetwork[" + keys.pk() + " via " + servers() + "]";
    }

    /** Tests: avoided servers. */
    Set<PubKey> avoided() {
        return avoidUntil.keySet();
    }
}
