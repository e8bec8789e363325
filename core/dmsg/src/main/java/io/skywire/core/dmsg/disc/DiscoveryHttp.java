package io.skywire.core.dmsg.disc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The dmsg discovery HTTP API as Go's {@code dmsg-discovery} serves it (internal/dmsg-discovery/api, develop): paths,
 * status codes, the {@code {"message":…,"code":…}} bodies and the server-side rules that are not part of
 * {@link Entry} itself. Shared by {@link DiscoveryClient} and any Java discovery server.
 *
 * <table>
 * <caption>Endpoints (JSON responses)</caption>
 * <tr><th>request</th><th>success</th><th>errors</th></tr>
 * <tr><td>GET {@value #PATH_ENTRY}{pk}</td><td>200 Entry</td><td>400 {@value #ERR_BAD_INPUT} (bad pk), 404
 * {@value #ERR_KEY_NOT_FOUND}</td></tr>
 * <tr><td>POST {@value #PATH_ENTRY} (or {@code …/entry/{pk}}, pk ignored; {@code ?timeout=true} legacy), body
 * Entry</td><td>200 {@value #MSG_ENTRY_SET} / {@value #MSG_ENTRY_UPDATED}</td><td>500 {@value #ERR_UNEXPECTED}
 * (undecodable body), 422 validation / loopback address / iteration, 401 {@value #ERR_UNAUTHORIZED}</td></tr>
 * <tr><td>DELETE {@value #PATH_ENTRY_DELETE}, body Entry</td><td>200 {@value #MSG_ENTRY_DELETED}</td><td>as
 * POST</td></tr>
 * <tr><td>GET {@value #PATH_AVAILABLE_SERVERS}</td><td>200 [Entry…], at most {@value #MAX_AVAILABLE_SERVERS} random
 * servers with availableSessions &gt; 0, most available first</td><td>404
 * {@value #ERR_NO_AVAILABLE_SERVERS}</td></tr>
 * <tr><td>GET {@value #PATH_ALL_SERVERS}</td><td>200 [Entry…]</td><td>404 {@value #ERR_NO_AVAILABLE_SERVERS}</td></tr>
 * <tr><td>GET {@value #PATH_ENTRIES}</td><td>200 ["client pk"…]</td><td></td></tr>
 * <tr><td>GET {@value #PATH_VISOR_ENTRIES}</td><td>200 [pk…] of clients with client_type "visor"</td><td></td></tr>
 * <tr><td>DELETE {@value #PATH_DEREGISTER}, headers {@value #HEADER_NM_PK}, {@value #HEADER_NM_SIGN}, body
 * ["pk"…]</td><td>200 {@code null}</td><td>403 (no body), 400 (no body)</td></tr>
 * <tr><td>GET {@value #PATH_HEALTH}</td><td>200 {@code {"build_info":{version,commit,date},"started_at":RFC3339,
 * "dmsg_address"?,"dmsg_servers"?}}</td><td></td></tr>
 * </table>
 */
public final class DiscoveryHttp {
    /** GET with the key appended, or POST. */
    public static final String PATH_ENTRY = "/dmsg-discovery/entry/";
    /** DELETE (no trailing slash). */
    public static final String PATH_ENTRY_DELETE = "/dmsg-discovery/entry";
    public static final String PATH_ENTRIES = "/dmsg-discovery/entries";
    public static final String PATH_VISOR_ENTRIES = "/dmsg-discovery/visorEntries";
    public static final String PATH_DEREGISTER = "/dmsg-discovery/deregister";
    public static final String PATH_AVAILABLE_SERVERS = "/dmsg-discovery/available_servers";
    public static final String PATH_ALL_SERVERS = "/dmsg-discovery/all_servers";
    public static final String PATH_HEALTH = "/health";
    /** The legacy query parameter asking for a client entry TTL ({@code ?timeout=true}). */
    public static final String QUERY_TIMEOUT = "timeout";
    /** Network monitor deregistration headers. */
    public static final String HEADER_NM_PK = "NM-PK";
    public static final String HEADER_NM_SIGN = "NM-Sign";

    /** Go: maxGetAvailableServersResult. */
    public static final int MAX_AVAILABLE_SERVERS = 512;
    /** Go's redis store: server entries expire after 2 × dmsg.DefaultUpdateInterval. */
    public static final Duration SERVER_ENTRY_TTL = Duration.ofMinutes(2);
    /** Go: store.DefaultTimeout, the client entry TTL with {@code ?timeout=true} (none otherwise). */
    public static final Duration CLIENT_ENTRY_TIMEOUT = Duration.ofMinutes(3);

    public static final String MSG_ENTRY_SET = "wrote a new entry";
    public static final String MSG_ENTRY_UPDATED = "wrote new entry iteration";
    public static final String MSG_ENTRY_DELETED = "deleted entry";
    public static final String ERR_KEY_NOT_FOUND = "entry of public key is not found";
    public static final String ERR_NO_AVAILABLE_SERVERS = "no delegated dmsg servers available for remote";
    public static final String ERR_UNEXPECTED = "something unexpected happened";
    public static final String ERR_UNAUTHORIZED = "invalid signature";
    public static final String ERR_BAD_INPUT = "error bad input";
    public static final String ERR_UNAUTHORIZED_NETWORK_MONITOR = "invalid network monitor key";

    /** Go: dmsg.DefaultOfficialDmsgServerType / DefaultCommunityDmsgServerType. */
    public static final String SERVER_TYPE_OFFICIAL = "official";
    public static final String SERVER_TYPE_COMMUNITY = "community";

    private DiscoveryHttp() {
    }

    /**
     * Go's {@code disc.HTTPMessage}: {@code {"message":…,"code":…}} (that field order).
     *
     * @param message the text
     * @param code    the HTTP status it was sent with
     */
    public record HttpMessage(String message, int code) {
        public HttpMessage {
            Objects.requireNonNull(message, "message");
        }

        /** The JSON body Go writes. */
        public String toJson() {
            StringBuilder sb = new StringBuilder("{\"message\":");
            EntryJson.quote(sb, message);
            return sb.append(",\"code\":").append(code).append('}').toString();
        }

        /**
         * Reads a body as Go's client does ({@code message} is what counts; a missing field is "").
         *
         * @throws IllegalArgumentException if the body is not a JSON object with a string message
         */
        public static HttpMessage fromJson(String json) {
            JsonNode n = EntryJson.tree(json);
            if (!n.isObject()) {
                throw new IllegalArgumentException("expected a JSON object, got " + EntryJson.kind(n));
            }
            JsonNode m = n.get("message");
            JsonNode c = n.get("code");
            if (m != null && !m.isNull() && !m.isTextual()) {
                throw new IllegalArgumentException("message must be a string, got " + EntryJson.kind(m));
            }
            return new HttpMessage(m == null || m.isNull() ? "" : m.textValue(),
                    c != null && c.canConvertToInt() ? c.intValue() : 0);
        }
    }

    /**
     * The status Go's {@code handleError} sends for an error message: 422 for validation errors, 404 not found, 401
     * invalid signature, 400 bad input, 500 for anything else.
     */
    public static int statusFor(String message) {
        if (message.startsWith(EntryValidationException.PREFIX)) {
            return 422;
        }
        return switch (message) {
            case ERR_KEY_NOT_FOUND, ERR_NO_AVAILABLE_SERVERS -> 404;
            case ERR_UNAUTHORIZED -> 401;
            case ERR_BAD_INPUT -> 400;
            default -> 500;
        };
    }

    /**
     * The serverType Go's discovery stores for a posted server entry (after checking its signature): "official" if
     * the posted type equals the discovery's passphrase ("" equals "", so every server is official without one) or
     * the key is listed as official, else "community".
     */
    public static String serverTypeFor(String postedType, String authPassphrase, boolean listedOfficial) {
        return Objects.equals(postedType == null ? "" : postedType, authPassphrase == null ? "" : authPassphrase)
                || listedOfficial ? SERVER_TYPE_OFFICIAL : SERVER_TYPE_COMMUNITY;
    }

    /**
     * Go's {@code isLoopbackAddr} for a server entry's address, exactly: {@code net.SplitHostPort} (an address it
     * cannot split is <em>not</em> loopback), an empty host is loopback, otherwise {@code net.ParseIP(host)
     * .IsLoopback()} — IP literals only (no name resolution, so {@code localhost} is not caught, and neither are
     * {@code 127.1} or zoned addresses, which Go does not parse).
     */
    public static boolean isLoopbackAddress(String hostPort) {
        String host = splitHost(hostPort);
        if (host == null) {
            return false;
        }
        if (host.isEmpty()) {
            return true;
        }
        byte[] ip = parseIp(host);
        if (ip == null) {
            return false;
        }
        if (ip.length == 4) {
            return ip[0] == 127;
        }
        boolean mapped = true;
        for (int i = 0; i < 10; i++) {
            mapped &= ip[i] == 0;
        }
        if (mapped && ip[10] == (byte) 0xff && ip[11] == (byte) 0xff) {
            return ip[12] == 127;
        }
        for (int i = 0; i < 15; i++) {
            if (ip[i] != 0) {
                return false;
            }
        }
        return ip[15] == 1;
    }

    /** Go's net.SplitHostPort, host part only; null where Go returns an error. */
    static String splitHost(String hp) {
        if (hp == null) {
            return null;
        }
        int i = hp.lastIndexOf(':');
        if (i < 0) {
            return null; // missing port
        }
        String host;
        int j = 0;
        int k = 0;
        if (!hp.isEmpty() && hp.charAt(0) == '[') {
            int end = hp.indexOf(']');
            if (end < 0) {
                return null;
            }
            if (end + 1 == hp.length() || end + 1 != i) {
                return null; // missing port, or too many colons
            }
            host = hp.substring(1, end);
            j = 1;
            k = end + 1;
        } else {
            host = hp.substring(0, i);
            if (host.indexOf(':') >= 0) {
                return null; // too many colons
            }
        }
        if (hp.indexOf('[', j) >= 0 || hp.indexOf(']', k) >= 0) {
            return null;
        }
        return host;
    }

    /** Go's net.ParseIP: 4 bytes for dotted IPv4, 16 for IPv6; null if not an IP literal (zones rejected). */
    static byte[] parseIp(String s) {
        return s.indexOf(':') >= 0 ? parseIpv6(s) : parseIpv4(s);
    }

    private static byte[] parseIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
                return null;
            }
            int v = 0;
            for (int c = 0; c < p.length(); c++) {
                char ch = p.charAt(c);
                if (ch < '0' || ch > '9') {
                    return null;
                }
                v = v * 10 + (ch - '0');
            }
            if (v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }

    private static byte[] parseIpv6(String s) {
        if (s.indexOf('%') >= 0) {
            return null; // ParseIP refuses zones
        }
        int ell = s.indexOf("::");
        if (ell >= 0 && s.indexOf("::", ell + 1) >= 0) {
            return null;
        }
        List<Integer> head = groups(ell >= 0 ? s.substring(0, ell) : s, ell < 0);
        List<Integer> tail = ell >= 0 ? groups(s.substring(ell + 2), true) : List.of();
        if (head == null || tail == null) {
            return null;
        }
        int total = head.size() + tail.size();
        if (ell < 0 ? total != 8 : total > 7) {
            return null;
        }
        byte[] out = new byte[16];
        for (int i = 0; i < head.size(); i++) {
            out[2 * i] = (byte) (head.get(i) >> 8);
            out[2 * i + 1] = head.get(i).byteValue();
        }
        for (int i = 0; i < tail.size(); i++) {
            int at = 8 - tail.size() + i;
            out[2 * at] = (byte) (tail.get(i) >> 8);
            out[2 * at + 1] = tail.get(i).byteValue();
        }
        return out;
    }

    /** 16-bit groups of one side of "::"; the last element may be dotted IPv4 when {@code endsAddress}. */
    private static List<Integer> groups(String part, boolean endsAddress) {
        List<Integer> out = new ArrayList<>();
        if (part.isEmpty()) {
            return out;
        }
        String[] els = part.split(":", -1);
        for (int i = 0; i < els.length; i++) {
            String g = els[i];
            if (g.indexOf('.') >= 0) {
                byte[] v4 = i == els.length - 1 && endsAddress ? parseIpv4(g) : null;
                if (v4 == null) {
                    return null;
                }
                out.add(((v4[0] & 0xff) << 8) | (v4[1] & 0xff));
                out.add(((v4[2] & 0xff) << 8) | (v4[3] & 0xff));
                continue;
            }
            if (g.isEmpty() || g.length() > 4) {
                return null;
            }
            int v = 0;
            for (int c = 0; c < g.length(); c++) {
                char ch = g.charAt(c);
                int d = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
                        : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
                if (d < 0) {
                    return null;
                }
                v = v * 16 + d;
            }
            out.add(v);
        }
        return out;
    }
}
