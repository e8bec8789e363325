package io.skywire.core.dmsg.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** HTTP/1.1 framing without dmsg: round trips, malformed, truncated and oversize input. */
@Timeout(30)
class HttpCodecTest {
    private static InputStream in(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static int status(HttpCodec.BadMessage e) {
        return e.status;
    }

    /** Parses a whole request the way the server does: head, target, framing, body. */
    private record Parsed(HttpCodec.RequestLine line, HttpCodec.Target target, HttpCodec.Fields fields, byte[] body) {
    }

    private static Parsed request(InputStream in) throws IOException {
        List<String> head = HttpCodec.readHead(in, HttpCodec.MAX_REQUEST_HEAD, true);
        HttpCodec.RequestLine rl = HttpCodec.parseRequestLine(head.get(0));
        HttpCodec.Fields f = HttpCodec.parseFields(head, 1);
        HttpCodec.Target t = HttpCodec.parseTarget(rl.target());
        return new Parsed(rl, t, f, HttpCodec.readBody(in, HttpCodec.requestBodyLength(f), 1 << 20));
    }

    private static int refused(String request) {
        return status(assertThrows(HttpCodec.BadMessage.class, () -> request(in(request)), request));
    }

    @Test
    void goClientRequestParses() throws IOException {
        // what Go's net/http client writes through dmsghttp.HTTPTransport
        String go = "GET /transport_logs/2024-01-01.csv?x=1&y=%20 HTTP/1.1\r\nHost: 02aa:80\r\n"
                + "User-Agent: Go-http-client/1.1\r\nAccept-Encoding: gzip\r\n\r\n";
        Parsed p = request(in(go));
        assertEquals("GET", p.line().method());
        assertEquals(1, p.line().minorVersion());
        assertEquals("/transport_logs/2024-01-01.csv", p.target().path());
        assertEquals("x=1&y=%20", p.target().rawQuery());
        assertEquals("Go-http-client/1.1", p.fields().get("user-agent"));
        assertEquals(Map.of("host", "02aa:80", "user-agent", "Go-http-client/1.1", "accept-encoding", "gzip"),
                p.fields().toMap());
        assertEquals(0, p.body().length);
    }

    @Test
    void requestRoundTripWithBodies() throws IOException {
        byte[] body = new byte[10_000];
        new SplittableRandom(1).nextBytes(body);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HttpCodec.writeHead(out, "POST /a%2Fb/%C3%A9t%C3%A9+x HTTP/1.1", List.of(new String[] {"Host", "h"},
                new String[] {"Content-Length", Integer.toString(body.length)}, new String[] {"X-Multi", "a"},
                new String[] {"x-multi", "b"}));
        out.write(body);
        // a second, chunked request on the same stream, after a tolerated empty line
        out.write("\r\nPUT /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.write("5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        InputStream in = new ByteArrayInputStream(out.toByteArray());

        Parsed a = request(in);
        assertEquals("POST", a.line().method());
        assertEquals("/a/b/été+x", a.target().path()); // %2F decodes to '/': handlers must check paths
        assertEquals("", a.target().rawQuery());
        assertEquals("a, b", a.fields().get("x-multi"));
        assertArrayEquals(body, a.body());

        Parsed b = request(in);
        assertEquals("PUT", b.line().method());
        assertEquals("hello world", new String(b.body(), StandardCharsets.US_ASCII));
        assertNull(HttpCodec.readHead(in, HttpCodec.MAX_REQUEST_HEAD, true), "clean end of stream");
    }

    @Test
    void targetsAndVersions() throws IOException {
        assertEquals(new HttpCodec.Target("/", "q"), HttpCodec.parseTarget("http://02ab:80?q"));
        assertEquals(new HttpCodec.Target("/x", ""), HttpCodec.parseTarget("dmsg://02ab:80/x"));
        assertEquals(new HttpCodec.Target("/", ""), HttpCodec.parseTarget("http://host"));
        assertEquals(new HttpCodec.Target("*", ""), HttpCodec.parseTarget("*"));
        assertEquals(0, HttpCodec.parseRequestLine("GET / HTTP/1.0").minorVersion());
        assertEquals(505, status(assertThrows(HttpCodec.BadMessage.class,
                () -> HttpCodec.parseRequestLine("GET / HTTP/2.0"))));
        for (String bad : List.of("x", "relative/path", "/%zz", "/%e", "/%ff%fe", "/a#frag", "1http://h/")) {
            assertEquals(400, status(assertThrows(HttpCodec.BadMessage.class, () -> HttpCodec.parseTarget(bad),
                    bad)));
        }
    }

    @Test
    void malformedRequestsAre400() {
        for (String bad : List.of(
                "GET /\r\n\r\n",                          // no version
                "GET  / HTTP/1.1\r\n\r\n",                // double space
                "GET / HTTP/1.1 x\r\n\r\n",               // extra part
                "G(T / HTTP/1.1\r\n\r\n",                 // method not a token
                "GET / HTTX/1.1\r\n\r\n",
                "GET / HTTP/1.1\r\nNoColon\r\n\r\n",
                "GET / HTTP/1.1\r\n: empty name\r\n\r\n",
                "GET / HTTP/1.1\r\nBad Name: v\r\n\r\n",
                "GET / HTTP/1.1\r\nName : v\r\n\r\n",
                "GET / HTTP/1.1\r\nA: b\r\n folded\r\n\r\n",
                "GET / HTTP/1.1\r\nA: b\rc\r\n\r\n",       // bare CR
                "GET / HTTP/1.1\r\nA: b\u0000\r\n\r\n",    // NUL
                "GET / HTTP/1.1\r\nA: \u0001\r\n\r\n",     // control character
                "GET /\u00e9 HTTP/1.1\r\n\r\n",           // non-ASCII target
                "GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
                "GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
                "GET / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n",
                "GET / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n",
                "GET / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n",
                "\r\n\r\n\r\n\r\n\r\n\r\nGET / HTTP/1.1\r\n\r\n")) { // too many leading empty lines
            assertEquals(400, refused(bad), bad);
        }
        assertEquals(501, refused("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"));
        assertEquals(501, refused("POST / HTTP/1.1\r\nTransfer-Encoding: chunked, chunked\r\n\r\n"));
    }

    @Test
    void sameContentLengthTwiceIsAccepted() throws IOException {
        Parsed p = request(in("POST / HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 2, 2\r\n\r\nok"));
        assertEquals("ok", new String(p.body(), StandardCharsets.US_ASCII));
        // bare LF line ends, as Go accepts
        assertEquals("/lf", request(in("GET /lf HTTP/1.1\nHost: x\n\n")).target().path());
    }

    @Test
    void truncatedInputIsRefused() {
        String full = "POST /x HTTP/1.1\r\nContent-Length: 10\r\n\r\n0123456789";
        for (int cut = 1; cut < full.length(); cut++) {
            String part = full.substring(0, cut);
            assertEquals(400, refused(part), "cut at " + cut);
        }
        String chunked = "POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n0\r\nT: 1\r\n\r\n";
        int bodyStart = chunked.indexOf("\r\n\r\n") + 4;
        for (int cut = bodyStart; cut < chunked.length(); cut++) {
            assertEquals(400, refused(chunked.substring(0, cut)), "chunked cut at " + cut);
        }
    }

    @Test
    void oversizeHeadsAndBodies() throws IOException {
        String big = "GET / HTTP/1.1\r\nX: " + "a".repeat(HttpCodec.MAX_REQUEST_HEAD) + "\r\n\r\n";
        assertEquals(431, refused(big));
        // exactly at the limit is fine
        String line = "GET / HTTP/1.1\r\nX: ";
        String exact = line + "a".repeat(HttpCodec.MAX_REQUEST_HEAD - line.length() - 4) + "\r\n\r\n";
        assertEquals(HttpCodec.MAX_REQUEST_HEAD, exact.length());
        request(in(exact));
        assertEquals(431, refused(exact.replace("X: ", "X: a")));

        HttpCodec.Fields f = HttpCodec.parseFields(List.of("", "Content-Length: 2000"), 1);
        assertEquals(413, status(assertThrows(HttpCodec.BadMessage.class,
                () -> HttpCodec.readBody(in("x".repeat(2000)), HttpCodec.requestBodyLength(f), 1000))));
        String chunks = "3e8\r\n" + "x".repeat(1000) + "\r\n3e8\r\n" + "x".repeat(1000) + "\r\n0\r\n\r\n";
        assertEquals(413, status(assertThrows(HttpCodec.BadMessage.class,
                () -> HttpCodec.readBody(in(chunks), HttpCodec.CHUNKED, 1500))));
        // an endless chunk size line, trailers past their limit
        assertEquals(400, status(assertThrows(HttpCodec.BadMessage.class,
                () -> HttpCodec.readBody(in("1".repeat(5000)), HttpCodec.CHUNKED, 1 << 20))));
        assertEquals(400, status(assertThrows(HttpCodec.BadMessage.class,
                () -> HttpCodec.readBody(in("0\r\nT: " + "x".repeat(9000) + "\r\n\r\n"), HttpCodec.CHUNKED, 10))));
        assertEquals(400, status(assertThrows(HttpCodec.BadMessage.class, // 16 hex digits would overflow
                () -> HttpCodec.readBody(in("ffffffffffffffff\r\n"), HttpCodec.CHUNKED, Long.MAX_VALUE))));
    }

    @Test
    void statusLines() throws IOException {
        assertEquals(new HttpCodec.StatusLine(1, 404, "Not Found"), HttpCodec.parseStatusLine("HTTP/1.1 404 Not Found"));
        assertEquals(new HttpCodec.StatusLine(0, 200, ""), HttpCodec.parseStatusLine("HTTP/1.0 200"));
        assertEquals(new HttpCodec.StatusLine(1, 200, ""), HttpCodec.parseStatusLine("HTTP/1.1 200 "));
        assertEquals(new HttpCodec.StatusLine(1, 599, "Whatever it is"),
                HttpCodec.parseStatusLine("HTTP/1.1 599 Whatever it is"));
        for (String bad : List.of("HTTP/1.1", "HTTP/1.1 20", "HTTP/1.1 2000 X", "HTTP/1.1 abc", "HTTP/2 200 OK",
                "HTTP/2.0 200 OK", "SSH-2.0-OpenSSH", "HTTP/1.1 099 Low", "<html>")) {
            assertThrows(HttpCodec.BadMessage.class, () -> HttpCodec.parseStatusLine(bad), bad);
        }
    }

    @Test
    void responseFraming() throws IOException {
        HttpCodec.Fields none = HttpCodec.parseFields(List.of(""), 1);
        HttpCodec.Fields len = HttpCodec.parseFields(List.of("", "Content-Length: 7"), 1);
        HttpCodec.Fields chunked = HttpCodec.parseFields(List.of("", "Transfer-Encoding: gzip, chunked",
                "Content-Length: 7"), 1);
        HttpCodec.Fields gzip = HttpCodec.parseFields(List.of("", "Transfer-Encoding: gzip"), 1);
        assertEquals(7, HttpCodec.responseBodyLength("GET", 200, len));
        assertEquals(0, HttpCodec.responseBodyLength("HEAD", 200, len));
        assertEquals(0, HttpCodec.responseBodyLength("GET", 204, len));
        assertEquals(0, HttpCodec.responseBodyLength("GET", 304, len));
        assertEquals(HttpCodec.UNTIL_EOF, HttpCodec.responseBodyLength("GET", 200, none));
        assertEquals(HttpCodec.CHUNKED, HttpCodec.responseBodyLength("GET", 200, chunked));
        assertEquals(HttpCodec.UNTIL_EOF, HttpCodec.responseBodyLength("GET", 200, gzip));
        HttpCodec.Fields conflict = HttpCodec.parseFields(List.of("", "Content-Length: 7", "Content-Length: 8"), 1);
        assertThrows(HttpCodec.BadMessage.class, () -> HttpCodec.responseBodyLength("GET", 200, conflict));
    }

    @Test
    void fixedLengthBodyEndsEarly() {
        InputStream body = new HttpCodec.FixedLengthInputStream(in("abc"), 5);
        EOFException e = assertThrows(EOFException.class, body::readAllBytes);
        assertTrue(e.getMessage().contains("3 of 5"), e.getMessage());
    }

    @Test
    void responsesWriteTheirBodies(@TempDir Path dir) throws IOException {
        byte[] data = new byte[DmsgHttpResponse.FILE_CHUNK * 3 + 17];
        new SplittableRandom(7).nextBytes(data);
        Path f = dir.resolve("f.bin");
        Files.write(f, data);
        DmsgHttpResponse r = DmsgHttpResponse.file(f, "application/octet-stream").header("X-A", "1");
        assertEquals(200, r.status());
        assertEquals(data.length, r.contentLength());
        assertArrayEquals(data, r.bodyBytes());
        assertEquals("1", r.header("x-a"));
        assertEquals("application/octet-stream", r.header("content-type"));
        // a file that shrinks after the response was made: the body is refused rather than padded
        Files.write(f, new byte[10]);
        assertThrows(EOFException.class, r::bodyBytes);
        assertThrows(IOException.class, () -> DmsgHttpResponse.file(dir, "x"));
        assertThrows(IOException.class, () -> DmsgHttpResponse.file(dir.resolve("missing"), "x"));

        DmsgHttpResponse t = DmsgHttpResponse.text(404, "nope").header("content-type", "text/x");
        assertEquals(Map.of("content-type", "text/x"), t.headers());
        assertEquals("{}", new String(DmsgHttpResponse.json(200, "{}").bodyBytes(), StandardCharsets.UTF_8));
        assertEquals("application/json", DmsgHttpResponse.json(200, "{}").header("Content-Type"));
        for (String[] bad : new String[][] {{"Content-Length", "1"}, {"transfer-encoding", "chunked"},
                {"Bad Name", "v"}, {"X", "a\r\nInjected: 1"}, {"", "v"}}) {
            assertThrows(IllegalArgumentException.class, () -> t.header(bad[0], bad[1]), bad[0]);
        }
        assertThrows(IllegalArgumentException.class, () -> DmsgHttpResponse.text(100, "x"));
    }

    @Test
    void datesAndReasons() {
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", HttpCodec.httpDate(Instant.parse("1994-11-06T08:49:37Z")));
        assertEquals("Tue, 03 Jun 2008 11:05:30 GMT", HttpCodec.httpDate(Instant.parse("2008-06-03T11:05:30Z")));
        assertEquals("Not Found", HttpCodec.reason(404));
        assertEquals("", HttpCodec.reason(299));
        assertTrue(HttpCodec.isBodiless(204));
        assertFalse(HttpCodec.isBodiless(200));
    }

    @Test
    void clientTargets() {
        String pk = io.skywire.core.crypto.KeyPair.generate().pk().hex();
        DmsgHttpClient.Target t = DmsgHttpClient.target(java.net.URI.create("dmsg://" + pk + ":8080/a%20b?c=d"));
        assertEquals(pk, t.pk().hex());
        assertEquals(8080, t.port());
        assertEquals("/a%20b?c=d", t.requestTarget());
        assertEquals(80, DmsgHttpClient.target(java.net.URI.create("dmsg://" + pk)).port());
        assertEquals("/", DmsgHttpClient.target(java.net.URI.create("http://" + pk + ":")).requestTarget());
        for (String bad : List.of("/relative", "ftp://" + pk + "/", "dmsg://nothex:80/", "dmsg://" + pk + ":0/",
                "dmsg://" + pk + ":65536/", "dmsg://" + pk + ":8x/", "dmsg://u@" + pk + "/", "dmsg://" + pk + "/#f",
                "dmsg://" + "0".repeat(66) + ":80/")) {
            assertThrows(IllegalArgumentException.class, () -> DmsgHttpClient.target(java.net.URI.create(bad)), bad);
        }
    }
}
