package io.skywire.core.dmsg.http;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 message framing on plain streams (RFC 9112), the part dmsghttp needs: head blocks, request and status
 * lines, header fields, Content-Length and chunked bodies. No dmsg here, so every rule is testable on byte arrays.
 * Strict where leniency would let two parties disagree on where a message ends (conflicting lengths, both
 * Content-Length and Transfer-Encoding, obs-fold, bare CR); lenient where Go's net/http is (bare LF line ends,
 * empty lines before a request line).
 */
final class HttpCodec {
    /** Request head limit (request line + fields + the empty line). */
    static final int MAX_REQUEST_HEAD = 8 * 1024;
    /** Response head limit on the client (Go's client allows far more; 64 KiB is plenty for our servers). */
    static final int MAX_RESPONSE_HEAD = 64 * 1024;
    /** Trailer block of a chunked body. */
    static final int MAX_TRAILERS = 8 * 1024;
    /** Empty lines tolerated before a request line (RFC 9112 §2.2: at least one). */
    private static final int MAX_LEADING_EMPTY_LINES = 4;

    private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter
            .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private HttpCodec() {
    }

    /** A message we refuse, with the status a server answers it with (400, 413, 417, 431, 501, 505). */
    static final class BadMessage extends IOException {
        private static final long serialVersionUID = 1L;
        final int status;

        BadMessage(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /** Header fields in arrival order, names lower-cased; repeated fields kept apart. */
    static final class Fields {
        private final List<String[]> list = new ArrayList<>();

        void add(String lowerName, String value) {
            list.add(new String[] {lowerName, value});
        }

        /** All values of {@code lowerName}, in order. */
        List<String> all(String lowerName) {
            List<String> out = new ArrayList<>(1);
            for (String[] f : list) {
                if (f[0].equals(lowerName)) {
                    out.add(f[1]);
                }
            }
            return out;
        }

        /** The values of {@code lowerName} joined with ", " (RFC 9110 §5.3), or null if absent. */
        String get(String lowerName) {
            List<String> v = all(lowerName);
            return v.isEmpty() ? null : String.join(", ", v);
        }

        /** Whether the comma-separated list field {@code lowerName} holds {@code token} (case-insensitive). */
        boolean hasToken(String lowerName, String token) {
            for (String v : all(lowerName)) {
                for (String t : v.split(",")) {
                    if (t.trim().equalsIgnoreCase(token)) {
                        return true;
                    }
                }
            }
            return false;
        }

        /** An unmodifiable name → joined value map in arrival order. */
        Map<String, String> toMap() {
            Map<String, String> m = new LinkedHashMap<>();
            for (String[] f : list) {
                m.merge(f[0], f[1], (a, b) -> a + ", " + b);
            }
            return Collections.unmodifiableMap(m);
        }

        int size() {
            return list.size();
        }
    }

    record RequestLine(String method, String target, int minorVersion) {
    }

    record StatusLine(int minorVersion, int status, String reason) {
    }

    /** A request target split into its percent-decoded path and raw query. */
    record Target(String path, String rawQuery) {
    }

    // ---------------------------------------------------------------------------------------------- head blocks

    /**
     * Reads a head block: lines up to and including the empty line, each without its line end.
     *
     * @param maxBytes          limit of the whole block including line ends; past it: 431 (request) or an error
     * @param skipLeadingEmpty  tolerate a few empty lines before the first line (requests on kept-alive streams)
     * @return the lines (at least one), or null if the stream ended cleanly before the first byte
     * @throws BadMessage 400 for a truncated block, bare CR or NUL; 431 when larger than {@code maxBytes}
     */
    static List<String> readHead(InputStream in, int maxBytes, boolean skipLeadingEmpty) throws IOException {
        List<String> lines = new ArrayList<>();
        byte[] buf = new byte[256];
        int total = 0;
        int leadingEmpty = 0;
        while (true) {
            int len = 0;
            boolean cr = false;
            while (true) {
                int b = in.read();
                if (b < 0) {
                    if (total == 0) {
                        return null;
                    }
                    throw new BadMessage(400, "message head truncated after " + total + " bytes");
                }
                if (++total > maxBytes) {
                    throw new BadMessage(431, "message head larger than " + maxBytes + " bytes");
                }
                if (b == '\n') {
                    break;
                }
                if (cr) {
                    throw new BadMessage(400, "bare CR in message head");
                }
                if (b == '\r') {
                    cr = true;
                    continue;
                }
                if (b == 0) {
                    throw new BadMessage(400, "NUL byte in message head");
                }
                if (len == buf.length) {
                    buf = java.util.Arrays.copyOf(buf, buf.length * 2);
                }
                buf[len++] = (byte) b;
            }
            if (len == 0) {
                if (lines.isEmpty()) {
                    if (skipLeadingEmpty && ++leadingEmpty <= MAX_LEADING_EMPTY_LINES) {
                        continue;
                    }
                    throw new BadMessage(400, "message head starts with an empty line");
                }
                return lines;
            }
            lines.add(new String(buf, 0, len, StandardCharsets.ISO_8859_1));
        }
    }

    /** Parses the field lines {@code lines[from..]}. @throws BadMessage 400 on a malformed field */
    static Fields parseFields(List<String> lines, int from) throws BadMessage {
        Fields f = new Fields();
        for (int i = from; i < lines.size(); i++) {
            String line = lines.get(i);
            char c0 = line.charAt(0);
            if (c0 == ' ' || c0 == '\t') {
                throw new BadMessage(400, "obsolete line folding in header field");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new BadMessage(400, "malformed header field \"" + shorten(line) + "\"");
            }
            String name = line.substring(0, colon);
            if (!isToken(name)) {
                throw new BadMessage(400, "invalid header field name \"" + shorten(name) + "\"");
            }
            String value = trimOws(line.substring(colon + 1));
            for (int k = 0; k < value.length(); k++) {
                char ch = value.charAt(k);
                if (ch < 0x20 && ch != '\t' || ch == 0x7f) {
                    throw new BadMessage(400, "control character in header field " + name);
                }
            }
            f.add(name.toLowerCase(Locale.ROOT), value);
        }
        return f;
    }

    /** {@code method SP target SP HTTP/1.x}. @throws BadMessage 400, or 505 for another HTTP version */
    static RequestLine parseRequestLine(String line) throws BadMessage {
        int a = line.indexOf(' ');
        int b = a < 0 ? -1 : line.indexOf(' ', a + 1);
        if (a <= 0 || b < 0 || b == a + 1 || line.indexOf(' ', b + 1) >= 0) {
            throw new BadMessage(400, "malformed request line \"" + shorten(line) + "\"");
        }
        String method = line.substring(0, a);
        String target = line.substring(a + 1, b);
        String version = line.substring(b + 1);
        if (!isToken(method)) {
            throw new BadMessage(400, "invalid method \"" + shorten(method) + "\"");
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new BadMessage(400, "invalid character in request target");
            }
        }
        return new RequestLine(method, target, httpMinorVersion(version, true));
    }

    /** {@code HTTP/1.x SP 3DIGIT [SP reason]}. @throws BadMessage for anything else */
    static StatusLine parseStatusLine(String line) throws BadMessage {
        int a = line.indexOf(' ');
        if (a < 0) {
            throw new BadMessage(502, "malformed status line \"" + shorten(line) + "\"");
        }
        int minor = httpMinorVersion(line.substring(0, a), false);
        String rest = line.substring(a + 1);
        if (rest.length() < 3 || (rest.length() > 3 && rest.charAt(3) != ' ')) {
            throw new BadMessage(502, "malformed status line \"" + shorten(line) + "\"");
        }
        int status = 0;
        for (int i = 0; i < 3; i++) {
            char c = rest.charAt(i);
            if (c < '0' || c > '9') {
                throw new BadMessage(502, "malformed status code in \"" + shorten(line) + "\"");
            }
            status = status * 10 + (c - '0');
        }
        if (status < 100) {
            throw new BadMessage(502, "invalid status code " + rest.substring(0, 3));
        }
        return new StatusLine(minor, status, rest.length() > 4 ? rest.substring(4) : "");
    }

    private static int httpMinorVersion(String v, boolean request) throws BadMessage {
        int bad = request ? 400 : 502;
        if (v.length() != 8 || !v.startsWith("HTTP/") || v.charAt(6) != '.'
                || !Character.isDigit(v.charAt(5)) || !Character.isDigit(v.charAt(7))) {
            throw new BadMessage(bad, "malformed HTTP version \"" + shorten(v) + "\"");
        }
        if (v.charAt(5) != '1') {
            throw new BadMessage(request ? 505 : 502, "unsupported HTTP version " + v);
        }
        return v.charAt(7) - '0';
    }

    /**
     * Splits a request target (origin form {@code /p?q}, absolute form {@code http://host/p?q}, or {@code *}) into
     * the percent-decoded path and the raw query.
     */
    static Target parseTarget(String target) throws BadMessage {
        String t = target;
        if (t.equals("*")) {
            return new Target("*", "");
        }
        if (!t.startsWith("/")) {
            int scheme = t.indexOf("://");
            if (scheme <= 0 || !isScheme(t.substring(0, scheme))) {
                throw new BadMessage(400, "invalid request target \"" + shorten(target) + "\"");
            }
            int slash = t.indexOf('/', scheme + 3);
            int q = t.indexOf('?', scheme + 3);
            int end = slash < 0 ? q : (q < 0 ? slash : Math.min(slash, q));
            t = end < 0 ? "/" : (t.charAt(end) == '?' ? "/" + t.substring(end) : t.substring(end));
        }
        if (t.indexOf('#') >= 0) {
            throw new BadMessage(400, "fragment in request target");
        }
        int q = t.indexOf('?');
        String rawPath = q < 0 ? t : t.substring(0, q);
        String rawQuery = q < 0 ? "" : t.substring(q + 1);
        return new Target(percentDecode(rawPath), rawQuery);
    }

    /** Decodes %XX escapes as UTF-8 ('+' stays '+': this is a path, not a form). @throws BadMessage 400 */
    static String percentDecode(String raw) throws BadMessage {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new BadMessage(400, "truncated percent escape in path");
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new BadMessage(400, "invalid percent escape in path");
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else {
                bytes.write(c); // the target was checked to be visible ASCII
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new BadMessage(400, "path is not UTF-8 after percent-decoding");
        }
    }

    // ---------------------------------------------------------------------------------------------- body framing

    /** Body length marker: chunked transfer coding. */
    static final long CHUNKED = -1;
    /** Body length marker: read until the peer closes (responses only). */
    static final long UNTIL_EOF = -2;

    /**
     * The framing of a request body (RFC 9112 §6.3).
     *
     * @return {@link #CHUNKED}, or the Content-Length (0 when neither field is present)
     * @throws BadMessage 400 for an invalid or conflicting Content-Length or both fields; 501 for a transfer coding
     *                    other than chunked
     */
    static long requestBodyLength(Fields f) throws BadMessage {
        List<String> te = f.all("transfer-encoding");
        if (!te.isEmpty()) {
            if (!f.all("content-length").isEmpty()) {
                throw new BadMessage(400, "both Transfer-Encoding and Content-Length");
            }
            if (!isOnlyChunked(te)) {
                throw new BadMessage(501, "unsupported Transfer-Encoding \"" + shorten(String.join(", ", te)) + "\"");
            }
            return CHUNKED;
        }
        long n = contentLength(f, 400);
        return n < 0 ? 0 : n;
    }

    /**
     * The framing of a response body (RFC 9112 §6.3).
     *
     * @return 0 for HEAD, 1xx, 204 and 304; {@link #CHUNKED}; the Content-Length; or {@link #UNTIL_EOF}
     * @throws BadMessage for an invalid or conflicting Content-Length
     */
    static long responseBodyLength(String requestMethod, int status, Fields f) throws BadMessage {
        if ("HEAD".equals(requestMethod) || status < 200 || status == 204 || status == 304) {
            return 0;
        }
        List<String> te = f.all("transfer-encoding");
        if (!te.isEmpty()) {
            String last = te.get(te.size() - 1);
            String[] codings = last.split(",");
            return codings[codings.length - 1].trim().equalsIgnoreCase("chunked") ? CHUNKED : UNTIL_EOF;
        }
        long n = contentLength(f, 502);
        return n < 0 ? UNTIL_EOF : n;
    }

    private static boolean isOnlyChunked(List<String> te) {
        int chunked = 0;
        for (String v : te) {
            for (String c : v.split(",")) {
                String t = c.trim();
                if (t.isEmpty()) {
                    continue;
                }
                if (!t.equalsIgnoreCase("chunked")) {
                    return false;
                }
                chunked++;
            }
        }
        return chunked == 1;
    }

    /** @return the Content-Length, or -1 if absent */
    private static long contentLength(Fields f, int status) throws BadMessage {
        long n = -1;
        for (String v : f.all("content-length")) {
            for (String part : v.split(",", -1)) {
                String p = part.trim();
                if (p.isEmpty() || p.length() > 18 || !p.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
                    throw new BadMessage(status, "invalid Content-Length \"" + shorten(v) + "\"");
                }
                long x = Long.parseLong(p);
                if (n >= 0 && x != n) {
                    throw new BadMessage(status, "conflicting Content-Length values");
                }
                n = x;
            }
        }
        return n;
    }

    /** Reads a whole request body into memory, at most {@code max} bytes. @throws BadMessage 400, 413 */
    static byte[] readBody(InputStream in, long length, long max) throws IOException {
        if (length == 0) {
            return new byte[0];
        }
        if (length > max) {
            throw new BadMessage(413, "request body of " + length + " bytes, more than " + max);
        }
        InputStream body = length == CHUNKED ? new ChunkedInputStream(in, MAX_TRAILERS) : new FixedLengthInputStream(in, length);
        ByteArrayOutputStream out = new ByteArrayOutputStream(length > 0 ? (int) length : 1024);
        byte[] buf = new byte[8192];
        int n;
        try {
            while ((n = body.read(buf)) >= 0) {
                if (out.size() + (long) n > max) {
                    throw new BadMessage(413, "request body larger than " + max + " bytes");
                }
                out.write(buf, 0, n);
            }
        } catch (EOFException e) {
            throw new BadMessage(400, e.getMessage());
        }
        return out.toByteArray();
    }

    /** Exactly {@code length} bytes of the underlying stream; an early end is an {@link EOFException}. */
    static final class FixedLengthInputStream extends InputStream {
        private final InputStream in;
        private final long length;
        private long left;

        FixedLengthInputStream(InputStream in, long length) {
            this.in = in;
            this.length = length;
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            byte[] b = new byte[1];
            return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new EOFException("body truncated: got " + (length - left) + " of " + length + " bytes");
            }
            left -= n;
            return n;
        }
    }

    /** Decodes the chunked transfer coding (RFC 9112 §7.1); extensions are ignored, trailers read and dropped. */
    static final class ChunkedInputStream extends InputStream {
        private final InputStream in;
        private final int maxTrailers;
        private long chunkLeft;
        private boolean needSize = true;
        private boolean done;

        ChunkedInputStream(InputStream in, int maxTrailers) {
            this.in = in;
            this.maxTrailers = maxTrailers;
        }

        @Override
        public int read() throws IOException {
            byte[] b = new byte[1];
            return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            if (needSize) {
                chunkLeft = readChunkSize();
                needSize = false;
                if (chunkLeft == 0) {
                    readTrailers();
                    done = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, chunkLeft));
            if (n < 0) {
                throw new EOFException("chunked body truncated inside a chunk");
            }
            chunkLeft -= n;
            if (chunkLeft == 0) {
                expectCrlf();
                needSize = true;
            }
            return n;
        }

        private long readChunkSize() throws IOException {
            String line = readLine(in, 1024, "chunk size line");
            int end = line.indexOf(';');
            String hex = (end < 0 ? line : line.substring(0, end)).trim();
            if (hex.isEmpty() || hex.length() > 15) {
                throw new BadMessage(400, "invalid chunk size \"" + shorten(line) + "\"");
            }
            long n = 0;
            for (int i = 0; i < hex.length(); i++) {
                int d = Character.digit(hex.charAt(i), 16);
                if (d < 0) {
                    throw new BadMessage(400, "invalid chunk size \"" + shorten(line) + "\"");
                }
                n = n << 4 | d;
            }
            return n;
        }

        private void expectCrlf() throws IOException {
            String line = readLine(in, 2, "chunk end");
            if (!line.isEmpty()) {
                throw new BadMessage(400, "chunk data longer than its size");
            }
        }

        private void readTrailers() throws IOException {
            int total = 0;
            while (true) {
                String line = readLine(in, maxTrailers - total, "trailer section");
                total += line.length() + 2;
                if (line.isEmpty()) {
                    return;
                }
            }
        }
    }

    /** One CRLF- (or LF-) terminated line of at most {@code max} bytes; EOF before its end is an EOFException. */
    private static String readLine(InputStream in, int max, String what) throws IOException {
        StringBuilder sb = new StringBuilder();
        boolean cr = false;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("chunked body truncated in the " + what);
            }
            if (b == '\n') {
                return sb.toString();
            }
            if (cr || b == 0) {
                throw new BadMessage(400, "malformed " + what);
            }
            if (b == '\r') {
                cr = true;
                continue;
            }
            if (sb.length() >= max) {
                throw new BadMessage(400, what + " too long");
            }
            sb.append((char) b);
        }
    }

    // ---------------------------------------------------------------------------------------------- writing

    /** Writes {@code start line CRLF (name: value CRLF)* CRLF}. Names and values must have been checked. */
    static void writeHead(OutputStream out, String startLine, List<String[]> fields) throws IOException {
        StringBuilder sb = new StringBuilder(128 + fields.size() * 32).append(startLine).append("\r\n");
        for (String[] f : fields) {
            sb.append(f[0]).append(": ").append(f[1]).append("\r\n");
        }
        sb.append("\r\n");
        out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /** An IMF-fixdate ({@code Sun, 06 Nov 1994 08:49:37 GMT}). */
    static String httpDate(Instant t) {
        return IMF_FIXDATE.format(t);
    }

    /** The standard reason phrase, or "" for codes we do not name. */
    static String reason(int status) {
        return switch (status) {
            case 100 -> "Continue";
            case 101 -> "Switching Protocols";
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 204 -> "No Content";
            case 206 -> "Partial Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 303 -> "See Other";
            case 304 -> "Not Modified";
            case 307 -> "Temporary Redirect";
            case 308 -> "Permanent Redirect";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 411 -> "Length Required";
            case 413 -> "Request Entity Too Large";
            case 414 -> "Request URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 416 -> "Requested Range Not Satisfiable";
            case 417 -> "Expectation Failed";
            case 422 -> "Unprocessable Entity";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            case 505 -> "HTTP Version Not Supported";
            default -> "";
        };
    }

    /** Whether a response with this status never has a body (RFC 9110 §6.4.1). */
    static boolean isBodiless(int status) {
        return status < 200 || status == 204 || status == 304;
    }

    /** RFC 9110 token characters. */
    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code v} is a field value we can write: visible ISO-8859-1 characters, spaces and tabs. */
    static boolean isFieldValue(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f || c > 0xff) {
                return false;
            }
        }
        return true;
    }

    private static boolean isScheme(String s) {
        if (s.isEmpty() || !Character.isLetter(s.charAt(0))) {
            return false;
        }
        return s.chars().allMatch(c -> c < 0x80 && (Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.'));
    }

    private static String trimOws(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && (s.charAt(a) == ' ' || s.charAt(a) == '\t')) {
            a++;
        }
        while (b > a && (s.charAt(b - 1) == ' ' || s.charAt(b - 1) == '\t')) {
            b--;
        }
        return s.substring(a, b);
    }

    static String shorten(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && i < 64; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c >= 0x7f ? '?' : c);
        }
        if (s.length() > 64) {
            sb.append("...");
        }
        return sb.toString();
    }
}
