package io.skywire.core.dmsg.disc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skywire.core.crypto.PubKey;
import io.skywire.core.crypto.SecKey;
import io.skywire.core.crypto.Secp256k1;
import io.skywire.core.crypto.Sig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A dmsg discovery entry (Go: pkg/disc.Entry). Immutable. {@link #toJson()} writes exactly what Go's
 * {@code json.Marshal} writes for the same entry, because the signature covers those bytes with the
 * signature field left out.
 */
public final class Entry {
    /** Go: currentVersion. */
    public static final String CURRENT_VERSION = "0.0.1";
    /** Go: entryLifetime, how old a server entry's timestamp may be. */
    public static final Duration LIFETIME = Duration.ofMinutes(1);
    /** Go: allowedEntryTimestampError, how far in the future. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

    /** Go: disc.Client. */
    public record Client(List<PubKey> delegatedServers) {
        public Client {
            delegatedServers = delegatedServers == null ? null : List.copyOf(delegatedServers);
        }
    }

    /** Go: disc.Server. */
    public record Server(String address, int availableSessions) {
        public Server {
            address = address == null ? "" : address;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String version;
    private final long sequence; // Go uint64: compared unsigned
    private final long timestamp; // ns since the epoch
    private final PubKey staticPk;
    private final Client client;
    private final Server server;
    private final String clientType;
    private final String signature;

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

    /** Go: NewClientEntry (unsigned). */
    public static Entry client(PubKey pk, long sequence, long timestampNanos, List<PubKey> delegatedServers) {
        return new Entry(CURRENT_VERSION, sequence, timestampNanos, pk, new Client(delegatedServers), null, "", "");
    }

    public String version() {
        return version;
    }

    public long sequence() {
        return sequence;
    }

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

    public String clientType() {
        return clientType;
    }

    /** @return the hex signature, or "" */
    public String signature() {
        return signature;
    }

    public Entry withSequence(long seq, long timestampNanos) {
        return new Entry(version, seq, timestampNanos, staticPk, client, server, clientType, "");
    }

    public Entry withClientType(String type) {
        return new Entry(version, sequence, timestamp, staticPk, client, server, type, signature);
    }

    /** Go: Entry.Sign. */
    public Entry sign(SecKey sk) {
        Entry unsigned = new Entry(version, sequence, timestamp, staticPk, client, server, clientType, "");
        Sig sig = Secp256k1.sign(sk, unsigned.toJson().getBytes(StandardCharsets.UTF_8));
        return new Entry(version, sequence, timestamp, staticPk, client, server, clientType, sig.hex());
    }

    /** Go: Entry.VerifySignature — the signature over the JSON without it, made by {@code static}. */
    public boolean verifySignature() {
        Sig sig;
        try {
            sig = Sig.fromHex(signature);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (staticPk.isNull()) {
            return false;
        }
        Entry unsigned = new Entry(version, sequence, timestamp, staticPk, client, server, clientType, "");
        return Secp256k1.verify(staticPk, sig, unsigned.toJson().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Go: Entry.Validate.
     *
     * @param validateTimestamp check the timestamp is within {@link #LIFETIME} ago and {@link #CLOCK_SKEW} ahead
     * @throws EntryValidationException with Go's message
     */
    public void validate(boolean validateTimestamp) throws EntryValidationException {
        validate(validateTimestamp, System.currentTimeMillis() * 1_000_000L);
    }

    void validate(boolean validateTimestamp, long nowNanos) throws EntryValidationException {
        if (version.isEmpty()) {
            throw new EntryValidationException("entry has no version");
        }
        if (signature.isEmpty()) {
            throw new EntryValidationException("entry has no signature");
        }
        if (staticPk.isNull()) {
            throw new EntryValidationException("entry Keys is nil");
        }
        if (client == null && server == null) {
            throw new EntryValidationException("entry has neither client or server field");
        }
        if (server != null && server.address().isEmpty()) {
            throw new EntryValidationException("server address cannot be empty");
        }
        if (validateTimestamp) {
            long earliest = nowNanos - LIFETIME.toNanos();
            long latest = nowNanos + CLOCK_SKEW.toNanos();
            if (timestamp > latest || timestamp < earliest) {
                throw new EntryValidationException("advertised entry has outdated timestamp");
            }
        }
    }

    /**
     * Go: Entry.ValidateIteration — the next entry of the same key must have a higher sequence and a timestamp
     * not before this one's.
     *
     * @param next the new entry
     * @throws EntryValidationException with Go's message
     */
    public void validateIteration(Entry next) throws EntryValidationException {
        if (Long.compareUnsigned(next.sequence, sequence) <= 0) {
            throw new EntryValidationException("sequence field of new entry is not sequence of old entry + 1");
        }
        if (next.timestamp < timestamp) {
            throw new EntryValidationException("advertised entry timestamp is not greater than previous");
        }
    }

    /**
     * Parses entry JSON as Go's json.Unmarshal does: unknown fields ignored, missing fields zero.
     *
     * @param json the JSON
     * @return the entry
     * @throws IllegalArgumentException with a one-line reason if it is not an entry
     */
    public static Entry fromJson(String json) {
        JsonNode n;
        try {
            n = JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("entry is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("entry cannot be read: " + e.getMessage());
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("entry must be a JSON object");
        }
        Client client = null;
        JsonNode c = n.get("client");
        if (c != null && !c.isNull()) {
            JsonNode ds = c.get("delegated_servers");
            List<PubKey> servers = null;
            if (ds != null && !ds.isNull()) {
                if (!ds.isArray()) {
                    throw new IllegalArgumentException("client.delegated_servers must be an array of keys");
                }
                servers = new ArrayList<>();
                for (JsonNode k : ds) {
                    servers.add(PubKey.parseText(text(k, "client.delegated_servers[]")));
                }
            }
            client = new Client(servers);
        }
        Server server = null;
        JsonNode s = n.get("server");
        if (s != null && !s.isNull()) {
            JsonNode sessions = s.get("availableSessions");
            if (sessions != null && !sessions.isNull() && !sessions.canConvertToInt()) {
                throw new IllegalArgumentException("server.availableSessions must be an integer");
            }
            server = new Server(s.hasNonNull("address") ? text(s.get("address"), "server.address") : "",
                    sessions == null ? 0 : sessions.asInt());
        }
        return new Entry(optText(n, "version"), unsigned(n.get("sequence"), "sequence"),
                integer(n.get("timestamp"), "timestamp"), PubKey.parseText(optText(n, "static")), client, server,
                optText(n, "client_type"), optText(n, "signature"));
    }

    private static String optText(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? "" : text(v, field);
    }

    private static String text(JsonNode v, String field) {
        if (!v.isTextual()) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return v.asText();
    }

    private static long unsigned(JsonNode v, String field) {
        if (v == null || v.isNull()) {
            return 0;
        }
        if (!v.isIntegralNumber() || v.bigIntegerValue().signum() < 0
                || v.bigIntegerValue().bitLength() > 64) {
            throw new IllegalArgumentException(field + " must be an unsigned 64-bit integer");
        }
        return v.bigIntegerValue().longValue();
    }

    private static long integer(JsonNode v, String field) {
        if (v == null || v.isNull()) {
            return 0;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new IllegalArgumentException(field + " must be a 64-bit integer");
        }
        return v.longValue();
    }

    /** @return Go's {@code json.Marshal} of this entry (compact, Go's field order, omitempty, escaping) */
    public String toJson() {
        StringBuilder sb = new StringBuilder(256);
        sb.append("{\"version\":");
        quote(sb, version);
        sb.append(",\"sequence\":").append(Long.toUnsignedString(sequence));
        sb.append(",\"timestamp\":").append(timestamp);
        sb.append(",\"static\":");
        quote(sb, staticPk.isNull() ? "0".repeat(66) : staticPk.hex());
        if (client != null) {
            sb.append(",\"client\":{\"delegated_servers\":");
            if (client.delegatedServers() == null) {
                sb.append("null");
            } else {
                sb.append('[');
                for (int i = 0; i < client.delegatedServers().size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    quote(sb, client.delegatedServers().get(i).hex());
                }
                sb.append(']');
            }
            sb.append('}');
        }
        if (server != null) {
            sb.append(",\"server\":{\"address\":");
            quote(sb, server.address());
            sb.append(",\"availableSessions\":").append(server.availableSessions()).append('}');
        }
        if (!clientType.isEmpty()) {
            sb.append(",\"client_type\":");
            quote(sb, clientType);
        }
        if (!signature.isEmpty()) {
            sb.append(",\"signature\":");
            quote(sb, signature);
        }
        return sb.append('}').toString();
    }

    /** Go encoding/json string escaping (HTML-safe: {@code <>&} as \\u003c etc.). */
    static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '<', '>', '&', '\u2028', '\u2029' -> sb.append(String.format("\\u%04x", (int) ch));
                default -> {
                    if (ch < 0x20) {
                        sb.append(String.format("\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        sb.append('"');
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
