package io.skywire.core.dmsg.disc;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.skywire.core.crypto.InvalidKeyException;
import io.skywire.core.crypto.PubKey;

/**
 * Entry JSON in and out, as Go dmsg does it with {@code jsoniter.ConfigFastest} (pkg/disc, the discovery API and its
 * store all use it). Output is written by hand, byte for byte; input goes through one explicitly configured Jackson
 * mapper (no module discovery, bounded sizes, trailing tokens refused) into a tree that is then read with Go's rules.
 */
final class EntryJson {
    /** Largest JSON document read (a full {@code all_servers} list). */
    static final int MAX_DOCUMENT = 16 * 1024 * 1024;

    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(16)
                            .maxNumberLength(64)
                            .maxStringLength(1024 * 1024)
                            .maxDocumentLength(MAX_DOCUMENT)
                            .build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private EntryJson() {
    }

    // ---------------- writing (jsoniter ConfigFastest) ----------------

    static String write(Entry e, boolean withSignature) {
        StringBuilder sb = new StringBuilder(320);
        sb.append("{\"version\":");
        quote(sb, e.version());
        sb.append(",\"sequence\":").append(Long.toUnsignedString(e.sequence()));
        sb.append(",\"timestamp\":").append(e.timestamp());
        sb.append(",\"static\":");
        quote(sb, e.staticPk().hex()); // the null key is 66 zeros, as Go's MarshalText
        Entry.Client c = e.client();
        if (c != null) { // *Client, omitempty: omitted only when nil
            sb.append(",\"client\":{\"delegated_servers\":");
            List<PubKey> ds = c.delegatedServers();
            if (ds == null) { // []PubKey without omitempty: nil is null, empty is []
                sb.append("null");
            } else {
                sb.append('[');
                for (int i = 0; i < ds.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    quote(sb, ds.get(i).hex());
                }
                sb.append(']');
            }
            sb.append('}');
        }
        if (!e.clientType().isEmpty()) {
            sb.append(",\"client_type\":");
            quote(sb, e.clientType());
        }
        Entry.Server s = e.server();
        if (s != null) {
            sb.append(",\"server\":{\"address\":");
            quote(sb, s.address());
            sb.append(",\"availableSessions\":").append(s.availableSessions());
            if (!s.serverType().isEmpty()) {
                sb.append(",\"serverType\":");
                quote(sb, s.serverType());
            }
            sb.append('}');
        }
        if (withSignature && !e.signature().isEmpty()) {
            sb.append(",\"signature\":");
            quote(sb, e.signature());
        }
        return sb.append('}').toString();
    }

    /**
     * jsoniter's {@code Stream.WriteString} (EscapeHTML off): {@code "} and {@code \} escaped, {@code \n \r \t} as
     * short escapes, other control characters as backslash-u00xx (lowercase hex); everything else, including
     * {@code < > &}, U+2028 and U+2029, as is.
     */
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
                default -> {
                    if (ch < 0x20) {
                        sb.append("\\u00").append(Character.forDigit(ch >> 4, 16)).append(Character.forDigit(ch & 15, 16));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        sb.append('"');
    }

    // ---------------- reading (Go's json.Unmarshal rules) ----------------

    static JsonNode tree(String json) {
        if (json == null) {
            throw new IllegalArgumentException("entry JSON is missing (null)");
        }
        if (json.length() > MAX_DOCUMENT) {
            throw new IllegalArgumentException("entry JSON of " + json.length() + " characters exceeds the limit of "
                    + MAX_DOCUMENT);
        }
        try {
            JsonNode n = MAPPER.readTree(json);
            if (n == null || n.isMissingNode()) {
                throw new IllegalArgumentException("entry JSON is empty");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + oneLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new IllegalArgumentException("JSON cannot be read: " + oneLine(e.getMessage()));
        }
    }

    static Entry entry(JsonNode n) {
        if (!n.isObject()) {
            throw new IllegalArgumentException("entry must be a JSON object, got " + kind(n));
        }
        String version = "";
        long sequence = 0;
        long timestamp = 0;
        PubKey staticPk = PubKey.NULL;
        Entry.Client client = null;
        String clientType = "";
        Entry.Server server = null;
        String signature = "";
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode v = f.getValue();
            switch (field(f.getKey(), "version", "sequence", "timestamp", "static", "client", "client_type", "server",
                    "signature")) {
                case "version" -> version = string(v, "version", version);
                case "sequence" -> sequence = uint64(v, "sequence", sequence);
                case "timestamp" -> timestamp = int64(v, "timestamp", timestamp);
                case "static" -> staticPk = pubKey(v, "static", staticPk);
                case "client" -> client = v.isNull() ? null : client(v);
                case "client_type" -> clientType = string(v, "client_type", clientType);
                case "server" -> server = v.isNull() ? null : server(v);
                case "signature" -> signature = string(v, "signature", signature);
                default -> {
                    // unknown fields are ignored, as Go does (and so they are not covered by the signature)
                }
            }
        }
        return new Entry(version, sequence, timestamp, staticPk, client, server, clientType, signature);
    }

    private static Entry.Client client(JsonNode n) {
        if (!n.isObject()) {
            throw new IllegalArgumentException("client must be an object, got " + kind(n));
        }
        List<PubKey> servers = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!field(f.getKey(), "delegated_servers").isEmpty()) {
                JsonNode ds = f.getValue();
                if (ds.isNull()) {
                    servers = null;
                } else if (!ds.isArray()) {
                    throw new IllegalArgumentException("client.delegated_servers must be an array of public keys, got "
                            + kind(ds));
                } else {
                    servers = new ArrayList<>(ds.size());
                    for (JsonNode k : ds) {
                        servers.add(pubKey(k, "client.delegated_servers[]", PubKey.NULL));
                    }
                }
            }
        }
        return new Entry.Client(servers);
    }

    private static Entry.Server server(JsonNode n) {
        if (!n.isObject()) {
            throw new IllegalArgumentException("server must be an object, got " + kind(n));
        }
        String address = "";
        long sessions = 0;
        String type = "";
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode v = f.getValue();
            switch (field(f.getKey(), "address", "availableSessions", "serverType")) {
                case "address" -> address = string(v, "server.address", address);
                case "availableSessions" -> sessions = int64(v, "server.availableSessions", sessions);
                case "serverType" -> type = string(v, "server.serverType", type);
                default -> {
                }
            }
        }
        if (sessions < Integer.MIN_VALUE || sessions > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("server.availableSessions " + sessions
                    + " is outside the 32-bit range this implementation keeps");
        }
        return new Entry.Server(address, (int) sessions, type);
    }

    /** jsoniter (ConfigFastest) matches object keys to struct fields case-insensitively; "" if none matches. */
    private static String field(String key, String... names) {
        for (String name : names) {
            if (name.equalsIgnoreCase(key) && isAscii(key)) {
                return name;
            }
        }
        return "";
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static String string(JsonNode v, String name, String current) {
        if (v.isNull()) {
            return current; // Go: null leaves a non-pointer field unchanged
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(name + " must be a string, got " + kind(v));
        }
        return wellFormed(v.textValue());
    }

    private static PubKey pubKey(JsonNode v, String name, PubKey current) {
        if (v.isNull()) {
            return current;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(name + " must be a public key string, got " + kind(v));
        }
        try {
            return PubKey.parseText(v.textValue()); // Go's UnmarshalText: all-'0' (or "") is the null key
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage());
        }
    }

    private static long uint64(JsonNode v, String name, long current) {
        if (v.isNull()) {
            return current;
        }
        if (!v.isIntegralNumber()) {
            throw new IllegalArgumentException(name + " must be an unsigned 64-bit integer, got " + kind(v));
        }
        BigInteger b = v.bigIntegerValue();
        if (b.signum() < 0 || b.compareTo(UINT64_MAX) > 0) {
            throw new IllegalArgumentException(name + " " + b + " is out of range for an unsigned 64-bit integer");
        }
        return b.longValue();
    }

    private static long int64(JsonNode v, String name, long current) {
        if (v.isNull()) {
            return current;
        }
        if (!v.isIntegralNumber()) {
            throw new IllegalArgumentException(name + " must be a 64-bit integer, got " + kind(v));
        }
        if (!v.canConvertToLong()) {
            throw new IllegalArgumentException(name + " " + v.bigIntegerValue() + " is out of range for a 64-bit integer");
        }
        return v.longValue();
    }

    /** Lone surrogates (only possible through \\u escapes) become U+FFFD, as Go decodes them. */
    private static String wellFormed(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean bad = Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1)));
            if (Character.isHighSurrogate(c) && !bad) {
                if (out != null) {
                    out.append(c).append(s.charAt(i + 1));
                }
                i++;
                continue;
            }
            if (bad && out == null) {
                out = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (out != null) {
                out.append(bad ? '\ufffd' : c);
            }
        }
        return out == null ? s : out.toString();
    }

    static String kind(JsonNode n) {
        return switch (n.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> n.isIntegralNumber() ? "the integer " + n.asText() : "the number " + n.asText();
            case BOOLEAN -> n.asText();
            case NULL -> "null";
            default -> n.getNodeType().toString().toLowerCase();
        };
    }

    static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        String t = s.replace('\n', ' ').replace('\r', ' ');
        return t.length() > 200 ? t.substring(0, 200) + "..." : t;
    }
}
