package io.skywire.services.dmsgdisc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skywire.core.crypto.PubKey;
import io.skywire.core.dmsg.disc.Entry;
import io.skywire.core.dmsg.disc.EntryValidationException;
import io.skywire.http.HttpRequest;
import io.skywire.http.HttpResponse;
import io.skywire.http.Routes;
import io.skywire.services.dmsgdisc.store.DiscoveryStore;
import io.skywire.services.dmsgdisc.store.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Go dmsg-discovery's HTTP API: the same paths, status codes and {@code {"message","code"}} bodies
 * (internal/dmsg-discovery/api). Entries are validated (version, signature, keys, timestamp, sequence) before
 * they are stored, and stored as Go re-marshals them.
 */
public final class DiscoveryApi {
    /** Go: maxGetAvailableServersResult. */
    static final int MAX_AVAILABLE = 512;
    static final String MSG_SET = "wrote a new entry";
    static final String MSG_UPDATED = "wrote new entry iteration";
    static final String MSG_DELETED = "deleted entry";
    static final String ERR_NOT_FOUND = "entry of public key is not found";
    static final String ERR_UNEXPECTED = "something unexpected happened";
    static final String ERR_UNAUTHORIZED = "invalid signature";
    static final String ERR_BAD_INPUT = "error bad input";
    static final String ERR_NO_SERVERS = "no delegated dmsg servers available for remote";
    static final String ERR_LOCAL_ADDRESS =
            "advertising localhost listening address is not allowed in production mode";

    private static final System.Logger LOG = System.getLogger("skywire.dmsgdisc.api");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DiscoveryStore store;
    private final boolean testMode;
    private final Duration entryTimeout;
    private final Instant startedAt;
    private final String listenAddr;
    private final String authPassphrase;
    private final java.util.Set<String> officialServers;

    /**
     * @param store where entries live
     * @param testMode accept servers advertising loopback addresses (a local deployment)
     * @param entryTimeout TTL of entries posted with {@code ?timeout=true}
     * @param startedAt for /health
     * @param listenAddr for /health
     */
    public DiscoveryApi(DiscoveryStore store, boolean testMode, Duration entryTimeout, Instant startedAt,
                        String listenAddr) {
        this(store, testMode, entryTimeout, startedAt, listenAddr, "", java.util.Set.of());
    }

    /**
     * @param authPassphrase  Go's {@code --auth}: a server entry posted with this serverType is stored as "official"
     *                        ("" matches "", so without a passphrase every server is official, as in Go)
     * @param officialServers Go's {@code --official-servers}: hex keys always stored as "official"
     */
    public DiscoveryApi(DiscoveryStore store, boolean testMode, Duration entryTimeout, Instant startedAt,
                        String listenAddr, String authPassphrase, java.util.Set<String> officialServers) {
        this.authPassphrase = authPassphrase == null ? "" : authPassphrase;
        this.officialServers = java.util.Set.copyOf(officialServers);
        this.store = store;
        this.testMode = testMode;
        this.entryTimeout = entryTimeout;
        this.startedAt = startedAt;
        this.listenAddr = listenAddr;
    }

    public Routes routes() {
        return new Routes()
                .get("/dmsg-discovery/entry/{pk}", this::getEntry)
                .post("/dmsg-discovery/entry/", this::setEntry)
                .post("/dmsg-discovery/entry/{pk}", this::setEntry)
                .delete("/dmsg-discovery/entry", this::deleteEntry)
                .get("/dmsg-discovery/entries", r -> ok(JSON.writeValueAsString(store.clientKeys())))
                .delete("/dmsg-discovery/deregister", r -> HttpResponse.empty(403)) // no network monitor keys
                .get("/dmsg-discovery/available_servers", r -> servers(store.availableServers(MAX_AVAILABLE)))
                .get("/dmsg-discovery/all_servers", r -> servers(store.allServers()))
                .get("/health", this::health);
    }

    static HttpResponse message(int code, String message) {
        ObjectNode n = JSON.createObjectNode();
        n.put("message", message);
        n.put("code", code);
        return HttpResponse.json(code, n.toString());
    }

    private static HttpResponse ok(String json) {
        return HttpResponse.json(200, json);
    }

    private static HttpResponse storeFailed(StoreException e) {
        LOG.log(System.Logger.Level.ERROR, e.getMessage());
        return message(500, ERR_UNEXPECTED);
    }

    HttpResponse getEntry(HttpRequest r) {
        PubKey pk;
        try {
            pk = PubKey.parseText(r.pathParams().get("pk"));
        } catch (IllegalArgumentException e) {
            return message(400, ERR_BAD_INPUT);
        }
        try {
            Optional<String> e = store.entry(pk.hex());
            return e.map(DiscoveryApi::ok).orElseGet(() -> message(404, ERR_NOT_FOUND));
        } catch (StoreException e) {
            return storeFailed(e);
        }
    }

    HttpResponse setEntry(HttpRequest r) {
        Duration ttl = "true".equals(r.queryParam("timeout")) ? entryTimeout : Duration.ZERO;
        Entry entry;
        try {
            entry = Entry.fromJson(r.bodyText());
        } catch (Exception e) {
            return message(500, ERR_UNEXPECTED); // Go answers a body it cannot decode with ErrUnexpected
        }
        if (entry.server() != null && !testMode && isLoopback(entry.server().address())) {
            return message(422, ERR_LOCAL_ADDRESS);
        }
        HttpResponse invalid = check(entry);
        if (invalid != null) {
            return invalid;
        }
        if (entry.server() != null) {
            // Go rewrites serverType after the signature check, so the stored entry may no longer verify
            entry = entry.withServerType(io.skywire.core.dmsg.disc.DiscoveryHttp.serverTypeFor(
                    entry.server().serverType(), authPassphrase, officialServers.contains(entry.staticPk().hex())));
        }
        try {
            Optional<String> old = store.entry(entry.staticPk().hex());
            if (old.isPresent()) {
                try {
                    Entry.fromJson(old.get()).validateIteration(entry);
                } catch (EntryValidationException e) {
                    return message(422, e.getMessage());
                } catch (Exception corrupt) {
                    LOG.log(System.Logger.Level.WARNING, "replacing an unreadable stored entry of "
                            + entry.staticPk().hex());
                }
            }
            store.setEntry(entry.staticPk().hex(), entry.toJson(), entry.server() != null, entry.client() != null, ttl);
            return message(200, old.isPresent() ? MSG_UPDATED : MSG_SET);
        } catch (StoreException e) {
            return storeFailed(e);
        }
    }

    HttpResponse deleteEntry(HttpRequest r) {
        Entry entry;
        try {
            entry = Entry.fromJson(r.bodyText());
        } catch (Exception e) {
            return message(500, ERR_UNEXPECTED);
        }
        HttpResponse invalid = check(entry);
        if (invalid != null) {
            return invalid;
        }
        try {
            store.deleteEntry(entry.staticPk().hex());
            return message(200, MSG_DELETED);
        } catch (StoreException e) {
            return storeFailed(e);
        }
    }

    /** Go: Validate (timestamps only for server entries), then VerifySignature. */
    private static HttpResponse check(Entry entry) {
        try {
            entry.validate(entry.client() == null);
        } catch (EntryValidationException e) {
            return message(422, e.getMessage());
        }
        if (!entry.verifySignature()) {
            return message(401, ERR_UNAUTHORIZED);
        }
        return null;
    }

    private static HttpResponse servers(List<String> entries) {
        if (entries.isEmpty()) {
            return message(404, ERR_NO_SERVERS);
        }
        return ok("[" + String.join(",", entries) + "]");
    }

    private HttpResponse health(HttpRequest r) {
        ObjectNode n = JSON.createObjectNode();
        ObjectNode build = n.putObject("build_info");
        build.put("version", DiscoveryApi.class.getPackage().getImplementationVersion() == null ? "unknown"
                : DiscoveryApi.class.getPackage().getImplementationVersion());
        build.put("commit", "");
        build.put("date", "");
        n.put("started_at", startedAt.toString());
        n.put("dmsg_address", "");
        n.put("listen_address", listenAddr);
        return ok(n.toString());
    }

    /** Go's isLoopbackAddr, exactly (names are not resolved; "127.1" is not an IP to Go). */
    static boolean isLoopback(String hostPort) {
        return io.skywire.core.dmsg.disc.DiscoveryHttp.isLoopbackAddress(hostPort);
    }
}
