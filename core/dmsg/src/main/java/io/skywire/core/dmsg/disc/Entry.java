package io.skywire.core.dmsg.disc;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

import io.skywire.core.crypto.PubKey;
import io.skywire.core.crypto.SecKey;
import io.skywire.core.crypto.Secp256k1;
import io.skywire.core.crypto.Sig;
import io.skywire.core.crypto.SignatureException;

/**
 * A dmsg discovery entry, Go's {@code disc.Entry} (develop): immutable.
 *
 * <p>{@link #toJson()} writes exactly what Go dmsg's {@code json.Marshal} ({@code jsoniter.ConfigFastest}) writes for
 * the same struct: compact, field order {@code version, sequence, timestamp, static, client, client_type, server,
 * signature}, {@code omitempty} on {@code client}, {@code client_type}, {@code server}, {@code serverType} and
 * {@code signature} only, {@code "delegated_servers":null} for a nil list and {@code []} for an empty one, and no HTML
 * escaping. The signature covers {@link #signingBytes()}: that JSON without the signature. Go verifies by
 * re-marshalling the decoded struct, so unknown fields never count and {@link #verify()} does the same.
 */
public final class Entry {
    /** Go: currentVersion. */
    public static final String CURRENT_VERSION = "0.0.1";
    /** Go: entryLifetime, how old a server entry's timestamp may be. */
    public static final Duration LIFETIME = Duration.ofMinutes(1);
    /** Go: allowedEntryTimestampError, how far in the future. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

    /**
     * Go: {@code disc.Client}.
     *
     * @param delegatedServers the servers the client can be reached through; null is Go's nil list (JSON
     *                         {@code null}), which differs from an empty list (JSON {@code []}) in the signed bytes
     */
    public record Client(List<PubKey> delegatedServers) {
        public Client {
            delegatedServers = delegatedServers == null ? null : List.copyOf(delegatedServers);
        }
    }

    /**
     * Go: {@code disc.Server}.
     *
     * @param address           the server's public {@code host:port}
     * @param availableSessions sessions it still accepts (may be negative: Go servers accept beyond their maximum)
     * @param serverType        {@code "official"}, {@code "community"}, a passphrase a server sends, or "" (omitted)
     */
    public record Server(String address, int availableSessions, String serverType) {
        public Server {
            address = address == null ? "" : address;
            serverType = serverType == null ? "" : serverType;
        }

        /** A server section without a server type. */
        public Server(String address, int availableSessions) {
            this(address, availableSessions, "");
        }
    }

    private final String version;
    private final long sequence; // Go uint64: compared unsigned
    private final long timestamp; // ns since the epoch
    private final PubKey staticPk;
    private final Client client;
    private final Server server;
    private final String clientType;
    private final String signature;

    /** An entry as given; null strings become "", a null key becomes {@link PubKey#NULL}. */
    public Entry(String version, long sequence, long timestamp, PubKey staticPk, Client client, Server server,
            String clientType, String signature) {
        this.version = version == null ? "" : version;
        this.sequence = sequence;
        this.timestamp = timestamp;
        this.staticPk = staticPk == null ? PubKey.NULL : staticPk;
        this.client = client;
        this.server = server;
        this.clientType = clientType == null ? "" : clientType;
        this.signature = signature == null ? "" : signature;
    }

    /** Go: NewServerEntry (unsigned). */
    public static Entry server(PubKey pk, long sequence, long timestampNanos, String address, int availableSessions) {
        return new Entry(CURRENT_VERSION, sequence, timestampNanos, pk, null, new Server(address, availableSessions),
                "", "");
    }

    /** Go: NewClientEntry (unsigned); {@code delegatedServers} null is Go's nil list. */
    public static Entry client(PubKey pk, long sequence, long timestampNanos, List<PubKey> delegatedServers) {
        return new Entry(CURRENT_VERSION, sequence, timestampNanos, pk, new Client(delegatedServers), null, "", "");
    }

    /** Now as Unix nanoseconds (Go's {@code time.Now().UnixNano()}). */
    public static long nowNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    public String version() {
        return version;
    }

    /** The sequence, an unsigned 64-bit value (compare with {@link Long#compareUnsigned}). */
    public long sequence() {
        return sequence;
    }

    /** Unix nanoseconds. */
    public long timestamp() {
        return timestamp;
    }

    public PubKey staticPk() {
        return staticPk;
    }

    /** @return the client section, or null */
    public Client client() {
        return client;
    }

    /** @return the server section, or null */
    public Server server() {
        return server;
    }

    /** @return the client type ("visor", ...), or "" */
    public String clientType() {
        return clientType;
    }

    /** @return the hex signature, or "" */
    public String signature() {
        return signature;
    }

    /** This entry with another sequence and timestamp, unsigned. */
    public Entry withSequence(long seq, long timestampNanos) {
        return new Entry(version, seq, timestampNanos, staticPk, client, server, clientType, "");
    }

    /** This entry with another client type (the signature is kept: sign again). */
    public Entry withClientType(String type) {
        return new Entry(version, sequence, timestamp, staticPk, client, server, type, signature);
    }

    /** This entry with another client section, unsigned. */
    public Entry withClient(Client c) {
        return new Entry(version, sequence, timestamp, staticPk, c, server, clientType, "");
    }

    /** This entry with another server section, unsigned. */
    public Entry withServer(Server s) {
        return new Entry(version, sequence, timestamp, staticPk, client, s, clientType, "");
    }

    /**
     * This entry with {@code server.serverType} replaced and the signature kept, as Go's discovery rewrites it after
     * checking the signature (so the stored entry may no longer verify).
     *
     * @throws IllegalStateException if this is not a server entry
     */
    public Entry withServerType(String type) {
        if (server == null) {
            throw new IllegalStateException("not a server entry: no server section to set serverType on");
        }
        return new Entry(version, sequence, timestamp, staticPk, client,
                new Server(server.address(), server.availableSessions(), type), clientType, signature);
    }

    /** The bytes Go signs: {@link #toJson()} without the signature field, UTF-8. */
    public byte[] signingBytes() {
        return EntryJson.write(this, false).getBytes(StandardCharsets.UTF_8);
    }

    /** Go: Entry.Sign — the signature of {@link #signingBytes()} by {@code sk}. */
    public Entry sign(SecKey sk) {
        Objects.requireNonNull(sk, "sk");
        Sig sig = Secp256k1.sign(sk, signingBytes());
        return new Entry(version, sequence, timestamp, staticPk, client, server, clientType, sig.hex());
    }

    /**
     * Go: Entry.VerifySignature — the signature over {@link #signingBytes()} must be made by {@code static}.
     *
     * @throws SignatureException saying why not (no signature, not 130 hex characters, null key, wrong signer, ...)
     */
    public void verify() throws SignatureException {
        if (signature.isEmpty()) {
            throw new SignatureException("entry of " + staticPk + " has no signature");
        }
        Sig sig;
        try {
            sig = Sig.fromHex(signature);
        } catch (IllegalArgumentException e) {
            throw new SignatureException("entry of " + staticPk + ": " + e.getMessage());
        }
        if (staticPk.isNull()) {
            throw new SignatureException("entry has the null static key, nobody can have signed it");
        }
        try {
            Secp256k1.verifyOrThrow(staticPk, sig, signingBytes());
        } catch (SignatureException e) {
            throw new SignatureException("entry of " + staticPk + " is not signed by its static key: "
                    + e.getMessage());
        }
    }

    /** Whether {@link #verify()} succeeds. */
    public boolean verifySignature() {
        try {
            verify();
            return true;
        } catch (SignatureException e) {
            return false;
        }
    }

    /**
     * Go: Entry.Validate, against the current time.
     *
     * @param validateTimestamp check the timestamp is at most {@link #LIFETIME} old and {@link #CLOCK_SKEW} ahead
     *                          (Go's discovery does it for entries without a client section only)
     * @throws EntryValidationException with Go's message
     */
    public void validate(boolean validateTimestamp) throws EntryValidationException {
        validate(validateTimestamp, nowNanos());
    }

    /**
     * Go: Entry.Validate at {@code nowNanos}, checks in Go's order: version, signature present, static key, client or
     * server, server address, timestamp.
     *
     * @throws EntryValidationException with Go's message
     */
    public void validate(boolean validateTimestamp, long nowNanos) throws EntryValidationException {
        if (version.isEmpty()) {
            throw new EntryValidationException(EntryValidationException.NO_VERSION);
        }
        if (signature.isEmpty()) {
            throw new EntryValidationException(EntryValidationException.NO_SIGNATURE);
        }
        if (staticPk.isNull()) {
            throw new EntryValidationException(EntryValidationException.NIL_KEYS);
        }
        if (client == null && server == null) {
            throw new EntryValidationException(EntryValidationException.NO_CLIENT_OR_SERVER);
        }
        if (server != null && server.address().isEmpty()) {
            throw new EntryValidationException(EntryValidationException.EMPTY_SERVER_ADDRESS);
        }
        if (validateTimestamp) {
            long earliest = nowNanos - LIFETIME.toNanos();
            long latest = nowNanos + CLOCK_SKEW.toNanos();
            if (timestamp > latest || timestamp < earliest) { // Go: ts.After(latest) || ts.Before(earliest)
                throw new EntryValidationException(EntryValidationException.OUTDATED_TIME);
            }
        }
    }

    /**
     * Go: Entry.ValidateIteration — the next entry of the same key must have a higher sequence (unsigned; any
     * higher value, not only +1 despite Go's message) and a timestamp not before this one's.
     *
     * @param next the new entry
     * @throws EntryValidationException with Go's message
     */
    public void validateIteration(Entry next) throws EntryValidationException {
        if (Long.compareUnsigned(next.sequence, sequence) <= 0) {
            throw new EntryValidationException(EntryValidationException.WRONG_SEQUENCE);
        }
        if (next.timestamp < timestamp) {
            throw new EntryValidationException(EntryValidationException.WRONG_TIME);
        }
    }

    /**
     * Parses entry JSON as Go's decoder does: keys matched case-insensitively, unknown keys ignored, missing or null
     * values zero, numbers must be integers in range, keys must be valid (or all '0', the null key).
     *
     * @param json the JSON
     * @return the entry
     * @throws IllegalArgumentException with a one-line reason if it is not an entry
     */
    public static Entry fromJson(String json) {
        try {
            return EntryJson.entry(EntryJson.tree(json));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid discovery entry: " + EntryJson.oneLine(e.getMessage()));
        }
    }

    /**
     * Parses a JSON array of entries (the {@code available_servers} / {@code all_servers} answers); JSON
     * {@code null} is an empty list and null elements are skipped.
     *
     * @throws IllegalArgumentException with a one-line reason
     */
    public static List<Entry> listFromJson(String json) {
        JsonNode n;
        try {
            n = EntryJson.tree(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid entry list: " + e.getMessage());
        }
        if (n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw new IllegalArgumentException("invalid entry list: expected a JSON array, got " + EntryJson.kind(n));
        }
        List<Entry> out = new ArrayList<>(n.size());
        int i = 0;
        for (JsonNode e : n) {
            if (!e.isNull()) {
                try {
                    out.add(EntryJson.entry(e));
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException("invalid entry list: element " + i + ": " + ex.getMessage());
                }
            }
            i++;
        }
        return List.copyOf(out);
    }

    /** @return Go's {@code json.Marshal} of this entry, signature included when set */
    public String toJson() {
        return EntryJson.write(this, true);
    }

    /** jsoniter string escaping (see {@link EntryJson#quote}). */
    static void quote(StringBuilder sb, String s) {
        EntryJson.quote(sb, s);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Entry e && e.toJson().equals(toJson());
    }

    @Override
    public int hashCode() {
        return toJson().hashCode();
    }

    @Override
    public String toString() {
        return toJson();
    }
}
