package io.skywire.core.dmsg.disc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;

import io.skywire.core.crypto.PubKey;
import io.skywire.core.crypto.SecKey;

/**
 * HTTP client of a dmsg discovery, Go's {@code disc.httpClient} (pkg/disc/client.go): {@code Entry},
 * {@code PostEntry}, {@code PutEntry}, {@code DelEntry}, {@code AvailableServers}, {@code AllServers},
 * {@code AllEntries}. Every call has one deadline covering connect, request and the whole response body, and
 * response bodies are capped at {@value #MAX_RESPONSE_BYTES} bytes. HTTP/1.1, no redirects. Failures are
 * {@link DiscoveryException}s whose {@link DiscoveryException#serverMessage()} carries Go's message when the discovery
 * sent one (see {@link DiscoveryHttp}).
 *
 * <p>Differences from Go's client, all deliberate: a 404 "not found" answer to {@link #entry} is an empty result
 * instead of an error, and a 404 "no servers" answer to {@link #availableServers}/{@link #allServers} an empty list;
 * only Go's own 404 messages count, any other 404 is an error. Fetched entries are not verified (Go does not either;
 * the discovery rewrites {@code serverType} after verification, so a stored server entry may not verify).
 */
public final class DiscoveryClient implements AutoCloseable {
    /** Largest response body read. */
    public static final int MAX_RESPONSE_BYTES = EntryJson.MAX_DOCUMENT;
    /** How often {@link #putEntry} re-posts after "wrong sequence" answers before giving up (Go loops forever). */
    public static final int MAX_PUT_ATTEMPTS = 5;

    private final String base;
    private final Duration timeout;
    private final HttpClient http;
    private final boolean ownsHttp;
    private final int maxResponseBytes;
    private final Object putLock = new Object();

    /**
     * @param baseUrl e.g. {@code http://127.0.0.1:9090} (a trailing slash is dropped)
     * @param timeout deadline of each call (connect, request and response body)
     * @throws IllegalArgumentException if the URL is not http(s)://host[:port][/path] or the timeout not positive
     */
    public DiscoveryClient(String baseUrl, Duration timeout) {
        this(baseUrl, null, timeout);
    }

    /**
     * @param baseUrl e.g. {@code http://127.0.0.1:9090}
     * @param http    the HTTP client to use (not closed by {@link #close()}), or null to make one
     * @param timeout deadline of each call
     */
    public DiscoveryClient(String baseUrl, HttpClient http, Duration timeout) {
        this(baseUrl, http, timeout, MAX_RESPONSE_BYTES);
    }

    DiscoveryClient(String baseUrl, HttpClient http, Duration timeout, int maxResponseBytes) {
        this.maxResponseBytes = maxResponseBytes;
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("discovery timeout must be positive, got " + timeout);
        }
        URI u;
        try {
            u = URI.create(baseUrl);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid discovery URL \"" + baseUrl + "\": " + e.getMessage());
        }
        if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null
                || u.getRawQuery() != null || u.getRawFragment() != null) {
            throw new IllegalArgumentException("invalid discovery URL \"" + baseUrl
                    + "\": expected http://host[:port] or https://host[:port]");
        }
        String b = baseUrl;
        while (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        this.base = b;
        this.timeout = timeout;
        this.ownsHttp = http == null;
        this.http = http != null ? http : HttpClient.newBuilder()
                .connectTimeout(timeout)
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public String baseUrl() {
        return base;
    }

    public Duration timeout() {
        return timeout;
    }

    /**
     * Go: Entry. GET {@code /dmsg-discovery/entry/{pk}}.
     *
     * @return the entry of {@code pk}, or empty if the discovery answers 404 "entry of public key is not found"
     */
    public Optional<Entry> entry(PubKey pk) throws DiscoveryException {
        String what = "get the entry of " + pk.hex();
        Answer r = send("GET", DiscoveryHttp.PATH_ENTRY + pk.hex(), null, what);
        if (r.status == 404 && DiscoveryHttp.ERR_KEY_NOT_FOUND.equals(r.goMessage())) {
            return Optional.empty();
        }
        ok(r, what);
        try {
            return Optional.of(Entry.fromJson(r.body));
        } catch (IllegalArgumentException e) {
            throw new DiscoveryException("discovery " + base + " sent an unreadable entry for " + pk.hex() + ": "
                    + e.getMessage(), r.status);
        }
    }

    /** Go: PostEntry. POST {@code /dmsg-discovery/entry/} with a signed entry (new or next iteration). */
    public void postEntry(Entry signed) throws DiscoveryException {
        postEntry(signed, false);
    }

    /**
     * POST {@code /dmsg-discovery/entry/} with a signed entry.
     *
     * @param signed      the entry, signed
     * @param withTimeout ask the discovery to expire a client entry after 3 min (Go's legacy {@code ?timeout=true})
     */
    public void postEntry(Entry signed, boolean withTimeout) throws DiscoveryException {
        String what = "post the entry of " + signed.staticPk().hex();
        ok(send("POST", DiscoveryHttp.PATH_ENTRY + (withTimeout ? "?" + DiscoveryHttp.QUERY_TIMEOUT + "=true" : ""),
                signed.toJson(), what), what);
    }

    /**
     * Go: PutEntry. Posts the next iteration of {@code entry}: sequence + 1, timestamp now, signed with {@code sk}.
     * When the discovery answers "wrong sequence", the remote entry is fetched: if it is newer (later timestamp) the
     * update is dropped, as Go does, and the result is this entry at the remote sequence, not posted; otherwise the
     * post is retried with the remote sequence + 1 (at most {@value #MAX_PUT_ATTEMPTS} posts). Calls are serialized.
     *
     * @return the entry as posted (signed), or, when a newer remote entry won, the local entry at the remote sequence
     * @throws DiscoveryException the post's error (Go returns it too when the remote entry cannot be fetched)
     */
    public Entry putEntry(SecKey sk, Entry entry) throws DiscoveryException {
        Objects.requireNonNull(sk, "sk");
        synchronized (putLock) {
            Entry next = entry.withSequence(entry.sequence() + 1, Entry.nowNanos());
            for (int attempt = 1;; attempt++) {
                Entry signed = next.sign(sk);
                try {
                    postEntry(signed, false);
                    return signed;
                } catch (DiscoveryException e) {
                    if (!e.isWrongSequence() || attempt >= MAX_PUT_ATTEMPTS) {
                        throw e;
                    }
                    Optional<Entry> remote;
                    try {
                        remote = entry(entry.staticPk());
                    } catch (DiscoveryException fetch) {
                        throw e;
                    }
                    if (remote.isEmpty()) {
                        throw e;
                    }
                    Entry r = remote.get();
                    if (r.timestamp() > signed.timestamp()) {
                        return signed.withSequence(r.sequence(), signed.timestamp()).sign(sk);
                    }
                    next = signed.withSequence(r.sequence() + 1, signed.timestamp());
                }
            }
        }
    }

    /** Go: DelEntry. DELETE {@code /dmsg-discovery/entry} with the signed entry (the discovery checks it). */
    public void deleteEntry(Entry signed) throws DiscoveryException {
        String what = "delete the entry of " + signed.staticPk().hex();
        ok(send("DELETE", DiscoveryHttp.PATH_ENTRY_DELETE, signed.toJson(), what), what);
    }

    /**
     * Deletes {@code signed}'s entry, as Go's client and server do when they close, waiting at most {@code max}; a
     * failure is logged, never thrown (closing must not hang on an unreachable discovery).
     *
     * @return true if the discovery confirmed the deletion in time
     */
    public boolean deleteEntryQuietly(Entry signed, java.time.Duration max) {
        java.util.concurrent.atomic.AtomicBoolean ok = new java.util.concurrent.atomic.AtomicBoolean();
        Thread t = Thread.ofVirtual().name("dmsg-disc-delete").start(() -> {
            try {
                deleteEntry(signed);
                ok.set(true);
            } catch (DiscoveryException | RuntimeException e) {
                System.getLogger(DiscoveryClient.class.getName()).log(System.Logger.Level.DEBUG,
                        "deleting the entry of {0} failed: {1}", signed.staticPk(), e.toString());
            }
        });
        try {
            t.join(max);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ok.get();
    }

    /** Go: AvailableServers. @return servers with free sessions, most available first; empty if none */
    public List<Entry> availableServers() throws DiscoveryException {
        return servers(DiscoveryHttp.PATH_AVAILABLE_SERVERS, "list the available servers");
    }

    /** Go: AllServers. @return every registered server; empty if none */
    public List<Entry> allServers() throws DiscoveryException {
        return servers(DiscoveryHttp.PATH_ALL_SERVERS, "list all servers");
    }

    /** Go: AllEntries. @return the keys (hex) of all client entries */
    public List<String> allEntries() throws DiscoveryException {
        return keys(DiscoveryHttp.PATH_ENTRIES, "list the client entries");
    }

    /** @return the keys (hex) of client entries with client_type "visor" */
    public List<String> visorEntries() throws DiscoveryException {
        return keys(DiscoveryHttp.PATH_VISOR_ENTRIES, "list the visor entries");
    }

    /** @return the {@code /health} answer, a JSON object, as text */
    public String health() throws DiscoveryException {
        String what = "get the health";
        Answer r = send("GET", DiscoveryHttp.PATH_HEALTH, null, what);
        ok(r, what);
        try {
            if (!EntryJson.tree(r.body).isObject()) {
                throw new IllegalArgumentException("expected a JSON object");
            }
        } catch (IllegalArgumentException e) {
            throw new DiscoveryException("discovery " + base + " sent an unreadable health answer: " + e.getMessage(),
                    r.status);
        }
        return r.body;
    }

    /** Closes the HTTP client if this instance made it. */
    @Override
    public void close() {
        if (ownsHttp) {
            http.shutdownNow();
            http.close();
        }
    }

    private List<Entry> servers(String path, String what) throws DiscoveryException {
        Answer r = send("GET", path, null, what);
        if (r.status == 404 && DiscoveryHttp.ERR_NO_AVAILABLE_SERVERS.equals(r.goMessage())) {
            return List.of();
        }
        ok(r, what);
        try {
            return Entry.listFromJson(r.body);
        } catch (IllegalArgumentException e) {
            throw new DiscoveryException("discovery " + base + " sent an unreadable server list: " + e.getMessage(),
                    r.status);
        }
    }

    private List<String> keys(String path, String what) throws DiscoveryException {
        Answer r = send("GET", path, null, what);
        ok(r, what);
        try {
            JsonNode n = EntryJson.tree(r.body);
            if (n.isNull()) {
                return List.of();
            }
            if (!n.isArray()) {
                throw new IllegalArgumentException("expected a JSON array, got " + EntryJson.kind(n));
            }
            List<String> out = new ArrayList<>(n.size());
            for (JsonNode k : n) {
                if (!k.isTextual()) {
                    throw new IllegalArgumentException("expected strings, got " + EntryJson.kind(k));
                }
                out.add(k.textValue());
            }
            return List.copyOf(out);
        } catch (IllegalArgumentException e) {
            throw new DiscoveryException("discovery " + base + " sent an unreadable key list: " + e.getMessage(),
                    r.status);
        }
    }

    /** A received answer. */
    private record Answer(int status, String body) {
        /** Go's HTTPMessage.message of the body, or null if the body is not one. */
        String goMessage() {
            try {
                return DiscoveryHttp.HttpMessage.fromJson(body).message();
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }

    private Answer send(String method, String path, String body, String what) throws DiscoveryException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        CompletableFuture<HttpResponse<byte[]>> f;
        try {
            f = http.sendAsync(b.build(), info -> new LimitedBody(maxResponseBytes));
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new DiscoveryException("cannot " + what + " at discovery " + base + ": " + e.getMessage(), 0);
        }
        try {
            HttpResponse<byte[]> r = f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Answer(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        } catch (TimeoutException e) {
            f.cancel(true);
            throw timedOut(method, path);
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new DiscoveryException("interrupted while trying to " + what + " at discovery " + base, 0);
        } catch (ExecutionException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            if (c instanceof HttpConnectTimeoutException) {
                throw new DiscoveryException("cannot connect to discovery " + base + " within " + seconds(), 0);
            }
            if (c instanceof HttpTimeoutException) {
                throw timedOut(method, path);
            }
            if (c instanceof BodyTooLarge) {
                throw new DiscoveryException("discovery " + base + " sent more than " + maxResponseBytes
                        + " bytes answering " + method + " " + path, 0);
            }
            String why = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
            throw new DiscoveryException("cannot " + what + " at discovery " + base + ": " + why, 0);
        }
    }

    private DiscoveryException timedOut(String method, String path) {
        return new DiscoveryException("discovery " + base + " did not answer " + method + " " + path + " within "
                + seconds(), 0);
    }

    private String seconds() {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    }

    /** Go's clients accept exactly 200; anything else is an error carrying the discovery's message. */
    private void ok(Answer r, String what) throws DiscoveryException {
        if (r.status == 200) {
            return;
        }
        String msg = r.goMessage();
        if (msg != null) {
            throw new DiscoveryException("discovery " + base + " refused to " + what + ": " + r.status + " " + msg,
                    r.status, msg);
        }
        String snippet = r.body.strip();
        if (snippet.length() > 120) {
            snippet = snippet.substring(0, 120) + "...";
        }
        throw new DiscoveryException("discovery " + base + " refused to " + what + ": HTTP " + r.status
                + (snippet.isEmpty() ? " with an empty body" : " with a body that is not a discovery message: "
                        + snippet), r.status);
    }

    private static final class BodyTooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        BodyTooLarge() {
            super("response body too large");
        }
    }

    /** Collects a response body, failing once it exceeds a limit. */
    private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final int max;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        LimitedBody(int max) {
            this.max = max;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer bb : items) {
                if (out.size() + bb.remaining() > max) {
                    subscription.cancel();
                    result.completeExceptionally(new BodyTooLarge());
                    return;
                }
                byte[] chunk = new byte[bb.remaining()];
                bb.get(chunk);
                out.writeBytes(chunk);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(out.toByteArray());
        }
    }
}
