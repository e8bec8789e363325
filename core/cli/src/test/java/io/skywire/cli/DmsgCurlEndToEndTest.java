package io.skywire.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.skywire.core.crypto.KeyPair;
import io.skywire.core.dmsg.client.DmsgNetwork;
import io.skywire.core.dmsg.client.DmsgNetworkListener;
import io.skywire.core.dmsg.disc.DiscoveryClient;
import io.skywire.core.dmsg.http.DmsgHttpResponse;
import io.skywire.core.dmsg.http.DmsgHttpServer;
import io.skywire.core.dmsg.session.DmsgServer;
import io.skywire.core.dmsg.testing.TinyDiscovery;

/**
 * {@code skywire dmsg curl} against a dmsg deployment in this JVM: an in-memory discovery, a real DmsgServer and a
 * DmsgNetwork serving files with {@link DmsgHttpServer}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(90)
class DmsgCurlEndToEndTest {
    @TempDir
    static Path served;
    @TempDir
    static Path downloads;
    private TinyDiscovery disc;
    private DiscoveryClient dc;
    private DmsgServer dmsgServer;
    private DmsgNetwork site;
    private DmsgNetworkListener listener;
    private DmsgHttpServer http;
    private byte[] big;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    void setUp() throws Exception {
        disc = new TinyDiscovery();
        dc = new DiscoveryClient(disc.url(), Duration.ofSeconds(5));
        dmsgServer = new DmsgServer(KeyPair.generate(), new InetSocketAddress("127.0.0.1", 0),
                DmsgServer.Config.defaults(), dc, null).start();
        long until = System.nanoTime() + 5_000_000_000L;
        while (!disc.entries.containsKey(dmsgServer.publicKey()) && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        site = new DmsgNetwork(KeyPair.generate(), dc, DmsgNetwork.Config.defaults().withSessionCount(1)).start();
        assertTrue(site.awaitReady(Duration.ofSeconds(10)), "site ready: " + site.lastError());
        big = new byte[2 * 1024 * 1024 + 3];
        new SplittableRandom(3).nextBytes(big);
        Files.write(served.resolve("big.bin"), big);
        Files.writeString(served.resolve("hello.txt"), "hello over dmsg\n");
        listener = site.listen(80);
        http = new DmsgHttpServer(listener::accept, req -> {
            if (req.path().equals("/echo")) {
                return DmsgHttpResponse.of(200, "text/plain", req.body())
                        .header("X-Agent", String.valueOf(req.header("user-agent")));
            }
            if (req.path().equals("/agent")) {
                return DmsgHttpResponse.text(200, String.valueOf(req.header("user-agent")));
            }
            if (req.path().equals("/fail")) {
                return DmsgHttpResponse.text(503, "try later");
            }
            Path f = served.resolve(req.path().substring(1));
            if (req.path().lastIndexOf('/') != 0 || !Files.isRegularFile(f)) {
                return DmsgHttpResponse.text(404, "404 page not found");
            }
            return DmsgHttpResponse.file(f, "application/octet-stream");
        }).start();
    }

    @AfterAll
    void tearDown() {
        if (http != null) {
            http.close();
        }
        if (listener != null) {
            listener.close();
        }
        if (site != null) {
            site.close();
        }
        if (dmsgServer != null) {
            dmsgServer.close();
        }
        if (dc != null) {
            dc.close();
        }
        if (disc != null) {
            disc.close();
        }
    }

    private String url(String path) {
        return "dmsg://" + site.publicKey().hex() + ":80" + path;
    }

    int curl(String... args) throws Exception {
        out.reset();
        err.reset();
        String[] full = Stream.concat(Stream.of("dmsg", "curl", "-c", disc.url(), "--timeout", "15s"),
                Stream.of(args)).toArray(String[]::new);
        return Main.run(full, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static byte[] sha256(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }

    private List<Path> leftovers() throws IOException {
        try (Stream<Path> s = Files.list(downloads)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".part")).toList();
        }
    }

    @Test
    void toStdout() throws Exception {
        assertEquals(0, curl(url("/hello.txt")), err());
        assertEquals("hello over dmsg\n", out.toString(StandardCharsets.UTF_8));
        assertEquals("", err());
        assertEquals(0, curl(url("/big.bin")), err());
        assertArrayEquals(sha256(big), sha256(out.toByteArray()));
        // -d posts, -a names the agent
        assertEquals(0, curl("-d", "posted text", url("/echo")), err());
        assertEquals("posted text", out.toString(StandardCharsets.UTF_8));
        assertEquals(0, curl("-a", "tester/9", url("/agent")), err());
        assertEquals("tester/9", out.toString(StandardCharsets.UTF_8));
        assertEquals(0, curl(url("/agent")), err());
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("dmsgcurl/"), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void toFileAtomically() throws Exception {
        Path f = downloads.resolve("sub/big.bin");
        assertEquals(0, curl("-o", f.toString(), url("/big.bin")), err());
        assertArrayEquals(sha256(big), sha256(Files.readAllBytes(f)));
        assertEquals("", out.toString(StandardCharsets.UTF_8), "nothing on stdout with -o");
        // an existing file needs -r
        assertEquals(1, curl("-o", f.toString(), url("/hello.txt")));
        assertTrue(err().contains("already exists (use -r to replace it)"), err());
        assertArrayEquals(sha256(big), sha256(Files.readAllBytes(f)));
        assertEquals(0, curl("-r", "-o", f.toString(), url("/hello.txt")), err());
        assertEquals("hello over dmsg\n", Files.readString(f));
        // a directory: the URL's file name inside it
        assertEquals(0, curl("-o", downloads.toString(), url("/hello.txt")), err());
        assertEquals("hello over dmsg\n", Files.readString(downloads.resolve("hello.txt")));
        assertEquals(List.of(), leftovers());
        try (Stream<Path> s = Files.list(f.getParent())) {
            assertEquals(List.of(f), s.toList(), "no temporary files left");
        }
    }

    @Test
    void httpErrorsAreOneLineAndWriteNothing() throws Exception {
        String u = url("/missing.bin");
        assertEquals(1, curl(u));
        assertEquals("error: " + u + ": 404 Not Found\n", err());
        assertEquals("", out.toString(StandardCharsets.UTF_8), "the error page is not written");
        Path f = downloads.resolve("missing.bin");
        assertEquals(1, curl("-o", f.toString(), u));
        assertEquals("error: " + u + ": 404 Not Found\n", err());
        assertFalse(Files.exists(f));
        assertEquals(List.of(), leftovers());
        // 5xx is retried with -t, then reported
        assertEquals(1, curl("-t", "2", url("/fail")));
        assertTrue(err().startsWith("attempt 1/2 failed: 503 Service Unavailable; retrying\n"), err());
        assertTrue(err().endsWith("error: " + url("/fail") + ": 503 Service Unavailable\n"), err());
        // nobody listening on that dmsg port
        assertEquals(1, curl("dmsg://" + site.publicKey().hex() + ":81/x"));
        assertTrue(err().startsWith("error: dmsg://"), err());
        assertEquals(1, err().strip().lines().count(), err());
        // a key the discovery does not know
        assertEquals(1, curl("dmsg://" + KeyPair.generate().pk().hex() + ":80/x"));
        assertTrue(err().contains("not in discovery"), err());
    }

    @Test
    void discoveryWithoutServers() throws Exception {
        try (TinyDiscovery empty = new TinyDiscovery()) {
            out.reset();
            err.reset();
            int code = Main.run(new String[] {"dmsg", "curl", "-c", empty.url(), url("/hello.txt")},
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
            assertEquals(1, code);
            assertTrue(err().startsWith("error: dmsg discovery " + empty.url() + " lists no dmsg servers"), err());
        }
    }
}
