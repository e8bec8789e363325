package io.skywire.core.dmsg.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.skywire.core.dmsg.client.DmsgNetwork;
import io.skywire.core.dmsg.client.DmsgNetworkListener;
import io.skywire.core.dmsg.session.DmsgStream;

/**
 * dmsghttp over a real dmsg deployment in this JVM: discovery, one DmsgServer, a serving and a fetching
 * {@link DmsgNetwork}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class DmsgHttpEndToEndTest {
    private static final int PORT = 80;
    private static final Duration T = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private TestDmsgNet net;
    private DmsgNetwork serving;
    private DmsgNetwork fetching;
    private DmsgHttpServer server;
    private DmsgHttpClient client;
    private final List<AutoCloseable> extra = new CopyOnWriteArrayList<>();

    @BeforeAll
    void setUp() throws Exception {
        net = new TestDmsgNet();
        serving = net.network();
        fetching = net.network();
        DmsgNetworkListener l = serving.listen(PORT);
        extra.add(l);
        server = new DmsgHttpServer(l::accept, this::handle).start();
        client = new DmsgHttpClient(fetching).userAgent("e2e-test");
    }

    @AfterAll
    void tearDown() {
        if (server != null) {
            server.close();
        }
        for (AutoCloseable c : extra) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort
            }
        }
        if (net != null) {
            net.close();
        }
    }

    /** The test site: files under /files/, an echo, failures on demand. */
    private DmsgHttpResponse handle(DmsgHttpRequest req) throws IOException {
        String p = req.path();
        if (p.startsWith("/files/")) {
            if (!req.method().equals("GET") && !req.method().equals("HEAD")) {
                return DmsgHttpResponse.text(405, "405 method not allowed").header("Allow", "GET, HEAD");
            }
            String name = p.substring("/files/".length());
            Path f = dir.resolve(name);
            if (name.isEmpty() || name.contains("/") || name.startsWith(".") || !Files.isRegularFile(f)) {
                return DmsgHttpResponse.text(404, "404 page not found");
            }
            return DmsgHttpResponse.file(f, "application/octet-stream");
        }
        return switch (p) {
            case "/echo" -> DmsgHttpResponse.of(200, req.header("content-type"), req.body())
                    .header("X-Method", req.method()).header("X-Query", req.rawQuery())
                    .header("X-Remote", req.remote().pk().hex()).header("X-Agent", String.valueOf(req.header("User-Agent")));
            case "/boom" -> throw new IOException("boom");
            case "/crash" -> throw new IllegalStateException("crash");
            case "/null" -> null;
            case "/bye" -> DmsgHttpResponse.text(200, "bye").header("Connection", "close");
            default -> DmsgHttpResponse.text(404, "404 page not found");
        };
    }

    private static byte[] random(int n, long seed) {
        byte[] d = new byte[n];
        new SplittableRandom(seed).nextBytes(d);
        return d;
    }

    private static String sha256(byte[] d) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(d));
    }

    private URI url(String path) {
        return URI.create("dmsg://" + serving.publicKey().hex() + ":" + PORT + path);
    }

    private static void waitFor(String what, BooleanSupplier cond) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > until) {
                fail("timed out waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void fetchesFilesWithMatchingSha256() throws Exception {
        for (int size : new int[] {0, 1, 4070, 4071, 3 * 1024 * 1024 + 5}) {
            byte[] data = random(size, size);
            Files.write(dir.resolve("f" + size + ".bin"), data);
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            List<long[]> progress = new ArrayList<>();
            DmsgHttpClient.Result r = client.get(url("/files/f" + size + ".bin"), T, sink,
                    (got, total) -> progress.add(new long[] {got, total}));
            assertEquals(200, r.status(), "status for " + size);
            assertEquals(size, r.bodyBytes());
            assertEquals(sha256(data), sha256(sink.toByteArray()), "SHA-256 of " + size + " bytes");
            assertEquals(Long.toString(size), r.headers().get("content-length"));
            assertEquals("application/octet-stream", r.headers().get("content-type"));
            assertNotNull(r.headers().get("date"));
            if (size > 0) {
                long[] last = progress.get(progress.size() - 1);
                assertArrayEquals(new long[] {size, size}, last);
                assertEquals(0, progress.get(0)[0]);
            }
        }
    }

    @Test
    void notFoundAndMethodNotAllowed() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        DmsgHttpClient.Result r = client.get(url("/files/missing.bin"), T, sink, null);
        assertEquals(404, r.status());
        assertEquals("404 Not Found", r.statusText());
        assertEquals("404 page not found", sink.toString(StandardCharsets.UTF_8));
        assertEquals(404, client.get(url("/null"), T, OutputStream.nullOutputStream(), null).status());
        Files.write(dir.resolve("x.txt"), new byte[] {1});
        DmsgHttpClient.Result del = client.fetch("DELETE", url("/files/x.txt"), null, null, T, s -> null, null);
        assertEquals(405, del.status());
        assertEquals("GET, HEAD", del.headers().get("allow"));
        // HEAD: the length of the body that GET would send, and no body
        Files.write(dir.resolve("h.bin"), random(12345, 9));
        ByteArrayOutputStream none = new ByteArrayOutputStream();
        DmsgHttpClient.Result head = client.fetch("HEAD", url("/files/h.bin"), null, null, T, s -> none, null);
        assertEquals(200, head.status());
        assertEquals("12345", head.headers().get("content-length"));
        assertEquals(0, none.size());
    }

    @Test
    void postBodiesQueriesAndTheCallersKey() throws Exception {
        byte[] body = random(100_000, 5);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        DmsgHttpClient.Result r = client.fetch("POST", url("/echo?a=1&b=%2F"), body, "application/x-test", T,
                s -> sink, null);
        assertEquals(200, r.status());
        assertArrayEquals(body, sink.toByteArray());
        assertEquals("POST", r.headers().get("x-method"));
        assertEquals("a=1&b=%2F", r.headers().get("x-query"));
        assertEquals("application/x-test", r.headers().get("content-type"));
        assertEquals(fetching.publicKey().hex(), r.headers().get("x-remote"), "the handler sees the caller's key");
        assertEquals("e2e-test", r.headers().get("x-agent"));
    }

    @Test
    void handlerFailuresAre500AndTheServerLivesOn() throws Exception {
        for (String p : List.of("/boom", "/crash")) {
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            assertEquals(500, client.get(url(p), T, sink, null).status());
            assertEquals("500 internal server error", sink.toString(StandardCharsets.UTF_8));
        }
        // the same stream keeps serving after a 500
        try (Raw raw = new Raw(fetching.dial(serving.publicKey(), PORT, T))) {
            raw.send("GET /boom HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(500, raw.response().status);
            raw.send("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(200, raw.response().status);
        }
        assertEquals(200, client.get(url("/echo"), T, OutputStream.nullOutputStream(), null).status());
    }

    @Test
    void keepAliveServesSeveralRequestsOnOneStream() throws Exception {
        byte[] data = random(200_000, 11);
        Files.write(dir.resolve("ka.bin"), data);
        long before = server.requestsServed();
        try (Raw raw = new Raw(fetching.dial(serving.publicKey(), PORT, T))) {
            raw.send("GET /files/ka.bin HTTP/1.1\r\nHost: x\r\n\r\n");
            Resp a = raw.response();
            assertEquals(200, a.status);
            assertEquals(sha256(data), sha256(a.body));
            assertEquals(null, a.fields.get("connection"));
            // HEAD in between: a Content-Length, no body, the next response follows at once
            raw.send("HEAD /files/ka.bin HTTP/1.1\r\nHost: x\r\n\r\n");
            Resp h = raw.response("HEAD");
            assertEquals("200000", h.fields.get("content-length"));
            assertEquals(0, h.body.length);
            // two pipelined requests, the second asking to close
            raw.send("GET /echo?1 HTTP/1.1\r\nHost: x\r\n\r\nGET /echo?2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertEquals("1", raw.response().fields.get("x-query"));
            Resp last = raw.response();
            assertEquals("2", last.fields.get("x-query"));
            assertEquals("close", last.fields.get("connection"));
            assertEquals(-1, raw.in.read(), "the server closed the stream after Connection: close");
        }
        assertEquals(before + 4, server.requestsServed());
        // HTTP/1.0 closes unless asked; a handler's Connection: close closes too
        try (Raw raw = new Raw(fetching.dial(serving.publicKey(), PORT, T))) {
            raw.send("GET /echo HTTP/1.0\r\n\r\n");
            assertEquals(200, raw.response().status);
            assertEquals(-1, raw.in.read());
        }
        try (Raw raw = new Raw(fetching.dial(serving.publicKey(), PORT, T))) {
            raw.send("GET /bye HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("close", raw.response().fields.get("connection"));
            assertEquals(-1, raw.in.read());
        }
    }

    @Test
    void chunkedRequestBodyWithExpectContinue() throws Exception {
        try (Raw raw = new Raw(fetching.dial(serving.publicKey(), PORT, T))) {
            raw.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n"
                    + "Content-Type: text/plain\r\n\r\n");
            Resp cont = raw.responseHeadOnly();
            assertEquals(100, cont.status);
            raw.send("6\r\nhello \r\n5\r\nworld\r\n0\r\n\r\n");
            Resp r = raw.response();
            assertEquals(200, r.status);
            assertEquals("hello world", new String(r.body, StandardCharsets.UTF_8));
        }
    }

    @Test
    void malformedAndOversizeRequestsAreRefusedAndClosed() throws Exception {
        String[][] cases = {
            {"HELLO\r\n\r\n", "400"},
            {"GET / HTTP/1.1\r\nBad Header\r\n\r\n", "400"},
            {"GET / HTTP/3.0\r\n\r\n", "505"},
            {"GET / HTTP/1.1\r\nX: " + "a".repeat(9000) + "\r\n\r\n", "431"},
            {"POST /echo HTTP/1.1\r\nContent-Length: 99999999999\r\n\r\n", "413"},
            {"POST /echo HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", "501"},
            {"POST /echo HTTP/1.1\r\nExpect: magic\r\nContent-Length: 1\r\n\r\nx", "417"},
        };
        for (String[] c : cases) {
            try (Raw raw = new Raw(fetching.dial(serving.publicKey(), PORT, T))) {
                raw.send(c[0]);
                Resp r = raw.response();
                assertEquals(Integer.parseInt(c[1]), r.status, c[0].substring(0, Math.min(40, c[0].length())));
                assertEquals("close", r.fields.get("connection"));
                assertTrue(new String(r.body, StandardCharsets.UTF_8).startsWith(c[1] + " "));
                assertEquals(-1, raw.in.read(), "closed after " + c[1]);
            }
        }
        // the server still serves
        assertEquals(200, client.get(url("/echo"), T, OutputStream.nullOutputStream(), null).status());
    }

    @Test
    void idleAndSlowStreamsAreClosed() throws Exception {
        DmsgNetworkListener l = serving.listen(81);
        extra.add(l);
        DmsgHttpServer.Limits limits = new DmsgHttpServer.Limits(8192, Duration.ofMillis(400),
                Duration.ofMillis(600), Duration.ofMillis(400), 1024, Duration.ofSeconds(5));
        DmsgHttpServer s = new DmsgHttpServer(l::accept, this::handle, limits).start();
        extra.add(s);
        // silent from the start: closed after the header timeout
        try (Raw raw = new Raw(fetching.dial(serving.publicKey(), 81, T))) {
            long t0 = System.nanoTime();
            assertEquals(-1, raw.in.read());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 3000, "closed after " + ms + " ms");
        }
        // a head that never ends (slowloris)
        try (Raw raw = new Raw(fetching.dial(serving.publicKey(), 81, T))) {
            raw.send("GET / HTTP/1.1\r\nX: 1\r\n");
            assertEquals(-1, raw.in.read());
        }
        // a body that never comes
        try (Raw raw = new Raw(fetching.dial(serving.publicKey(), 81, T))) {
            raw.send("POST /echo HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc");
            assertEquals(-1, raw.in.read());
        }
        // idle after a request: kept for the idle timeout, then closed
        try (Raw raw = new Raw(fetching.dial(serving.publicKey(), 81, T))) {
            raw.send("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(200, raw.response().status);
            long t0 = System.nanoTime();
            assertEquals(-1, raw.in.read());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 300 && ms < 3000, "idle close after " + ms + " ms");
        }
        // a body over this server's limit
        try (Raw raw = new Raw(fetching.dial(serving.publicKey(), 81, T))) {
            raw.send("POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n800\r\n" + "x".repeat(2048) + "\r\n0\r\n\r\n");
            assertEquals(413, raw.response().status);
        }
        waitFor("connections closed", () -> s.connectionCount() == 0);
    }

    @Test
    void closeStopsAcceptingAndCutsOpenStreams() throws Exception {
        DmsgNetworkListener l = serving.listen(82);
        extra.add(l);
        DmsgHttpServer s = new DmsgHttpServer(l::accept, this::handle).start();
        Raw raw = new Raw(fetching.dial(serving.publicKey(), 82, T));
        raw.send("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
        assertEquals(200, raw.response().status);
        waitFor("one open stream", () -> s.connectionCount() == 1);
        s.close();
        try {
            assertEquals(-1, raw.in.read());
        } catch (IOException e) {
            // reset is fine too
        }
        raw.close();
        assertEquals(0, s.connectionCount());
        l.close();
    }

    /** Client side against servers that misbehave. */
    @Test
    void clientRefusesMalformedTruncatedAndSlowResponses() throws Exception {
        int port = 90;
        String[][] cases = {
            {"garbage\r\n\r\n", "malformed response"},
            {"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc", "truncated"},
            {"HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", "Content-Length"},
            {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nab", "truncated"},
            {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n", "chunk size"},
            {"", "without answering"},
            {"HTTP/1.1 200 OK\r\nX: " + "a".repeat(70_000) + "\r\n\r\n", "larger than"},
        };
        for (String[] c : cases) {
            int p = ++port;
            startRawServer(p, List.of(c[0]));
            IOException e = assertThrows(IOException.class, () -> client.get(URI.create("dmsg://"
                    + serving.publicKey().hex() + ":" + p), T, OutputStream.nullOutputStream(), null));
            assertTrue(e.getMessage().contains(c[1]), c[1] + " in: " + e.getMessage());
        }
        // chunked, informational responses and read-to-EOF bodies are understood
        startRawServer(++port, List.of("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
                + "\r\n5\r\nhello\r\n1;x=y\r\n!\r\n0\r\nTrailer: t\r\n\r\n"));
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        DmsgHttpClient.Result r = client.get(URI.create("dmsg://" + serving.publicKey().hex() + ":" + port), T, sink,
                null);
        assertEquals("hello!", sink.toString(StandardCharsets.UTF_8));
        assertEquals(6, r.bodyBytes());
        startRawServer(++port, List.of("HTTP/1.0 203 Whatever\r\n\r\nto the end"));
        sink.reset();
        r = client.get(URI.create("dmsg://" + serving.publicKey().hex() + ":" + port + "/"), T, sink, null);
        assertEquals(203, r.status());
        assertEquals("to the end", sink.toString(StandardCharsets.UTF_8));

        // a server that never answers: the client gives up after its timeout
        startRawServer(++port, List.of("<silence>"));
        long t0 = System.nanoTime();
        int silent = port;
        assertThrows(SocketTimeoutException.class, () -> client.get(URI.create("dmsg://"
                + serving.publicKey().hex() + ":" + silent + "/"), Duration.ofMillis(700), OutputStream.nullOutputStream(),
                null));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 5000, "gave up after " + ms + " ms");
        // nobody listening: the dial's error
        assertThrows(IOException.class, () -> client.get(URI.create("dmsg://" + serving.publicKey().hex() + ":9999/"),
                T, OutputStream.nullOutputStream(), null));
        // a bad URL
        assertThrows(IOException.class, () -> client.get(URI.create("ftp://x/"), T, OutputStream.nullOutputStream(),
                null));
    }

    /** Serves each accepted stream: reads the request head, writes {@code answers[0]} as is, closes. */
    private void startRawServer(int port, List<String> answers) throws IOException {
        DmsgNetworkListener l = serving.listen(port);
        extra.add(l);
        Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    DmsgStream s = l.accept();
                    extra.add(s);
                    HttpCodec.readHead(new BufferedInputStream(s.inputStream()), 65536, true);
                    if (answers.get(0).equals("<silence>")) {
                        continue;
                    }
                    s.outputStream().write(answers.get(0).getBytes(StandardCharsets.ISO_8859_1));
                    s.close();
                }
            } catch (IOException e) {
                // listener closed
            }
        });
    }

    /** A response read off a raw stream. */
    private record Resp(int status, HttpCodec.Fields fields, byte[] body) {
    }

    /** A dialed stream spoken to by hand. */
    private static final class Raw implements AutoCloseable {
        final DmsgStream s;
        final InputStream in;

        Raw(DmsgStream s) {
            this.s = s;
            this.in = new BufferedInputStream(s.inputStream());
            s.setReadDeadline(Instant.now().plusSeconds(10));
        }

        void send(String text) throws IOException {
            s.outputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        }

        Resp responseHeadOnly() throws IOException {
            List<String> head = HttpCodec.readHead(in, 65536, false);
            assertNotNull(head, "a response");
            HttpCodec.StatusLine sl = HttpCodec.parseStatusLine(head.get(0));
            return new Resp(sl.status(), HttpCodec.parseFields(head, 1), new byte[0]);
        }

        Resp response() throws IOException {
            return response("GET");
        }

        Resp response(String method) throws IOException {
            Resp h = responseHeadOnly();
            long len = HttpCodec.responseBodyLength(method, h.status, h.fields);
            assertTrue(len >= 0, "our server always sends a length");
            byte[] body = new HttpCodec.FixedLengthInputStream(in, len).readAllBytes();
            return new Resp(h.status, h.fields, body);
        }

        @Override
        public void close() {
            s.close();
        }
    }

    @Test
    void progressTotalIsMinusOneWithoutLength() throws Exception {
        startRawServer(120, List.of("HTTP/1.1 200 OK\r\n\r\nabcdef"));
        AtomicLong total = new AtomicLong(7);
        client.get(URI.create("dmsg://" + serving.publicKey().hex() + ":120/"), T, OutputStream.nullOutputStream(),
                (g, t) -> total.set(t));
        assertEquals(-1, total.get());
    }
}
