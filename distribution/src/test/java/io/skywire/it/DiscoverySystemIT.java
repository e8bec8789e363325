package io.skywire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skywire.core.crypto.KeyPair;
import io.skywire.core.dmsg.disc.Entry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code skywire dmsg disc} as a real process, with the embedded store and with a real redis-server. */
@Timeout(120)
class DiscoverySystemIT {
    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path work;

    Process disc;
    Process redis;

    @AfterEach
    void stop() throws Exception {
        for (Process p : new Process[] {disc, redis}) {
            if (p != null && p.isAlive()) {
                p.destroy();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        }
    }

    Process start(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(Cli.bin().toString(), "dmsg", "disc"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("disc.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    }

    String log() throws Exception {
        return Files.readString(work.resolve("disc.log"));
    }

    HttpResponse<String> call(int port, String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    void awaitHealthy(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!disc.isAlive()) {
                throw new AssertionError("discovery exited " + disc.exitValue() + ":\n" + log());
            }
            try {
                if (call(port, "GET", "/health", null).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("discovery not healthy within 60 s:\n" + log());
    }

    static String serverEntry(KeyPair kp, long seq, String address, int sessions) {
        Entry e = Entry.server(kp.pk(), seq, System.currentTimeMillis() * 1_000_000L, address, sessions);
        return e.sign(kp.sk()).toJson();
    }

    static String clientEntry(KeyPair kp, long seq, KeyPair server) {
        Entry e = Entry.client(kp.pk(), seq, System.currentTimeMillis() * 1_000_000L, List.of(server.pk()));
        return e.sign(kp.sk()).toJson();
    }

    void exerciseApi(int port) throws Exception {
        KeyPair server = KeyPair.generate();
        KeyPair client = KeyPair.generate();
        // empty registry: Go's messages and codes
        var none = call(port, "GET", "/dmsg-discovery/available_servers", null);
        assertEquals(404, none.statusCode());
        assertEquals("no delegated dmsg servers available for remote", JSON.readTree(none.body()).get("message").asText());
        var missing = call(port, "GET", "/dmsg-discovery/entry/" + server.pk().hex(), null);
        assertEquals(404, missing.statusCode());
        assertEquals("{\"message\":\"entry of public key is not found\",\"code\":404}", missing.body());
        assertEquals(400, call(port, "GET", "/dmsg-discovery/entry/nonsense", null).statusCode());

        // a server registers (loopback allowed: test mode), a client too
        var set = call(port, "POST", "/dmsg-discovery/entry/", serverEntry(server, 0, "127.0.0.1:8081", 2048));
        assertEquals(200, set.statusCode(), set.body());
        assertEquals("wrote a new entry", JSON.readTree(set.body()).get("message").asText());
        assertEquals(200, call(port, "POST", "/dmsg-discovery/entry/" + client.pk().hex() + "?timeout=true",
                clientEntry(client, 0, server)).statusCode());
        JsonNode got = JSON.readTree(call(port, "GET", "/dmsg-discovery/entry/" + server.pk().hex(), null).body());
        assertEquals(server.pk().hex(), got.get("static").asText());
        assertEquals(2048, got.at("/server/availableSessions").asInt());
        JsonNode avail = JSON.readTree(call(port, "GET", "/dmsg-discovery/available_servers", null).body());
        assertEquals(1, avail.size());
        assertEquals(List.of(client.pk().hex()),
                JSON.convertValue(JSON.readTree(call(port, "GET", "/dmsg-discovery/entries", null).body()), List.class));

        // iteration rules: same sequence refused, next accepted
        var same = call(port, "POST", "/dmsg-discovery/entry/", serverEntry(server, 0, "127.0.0.1:8081", 2000));
        assertEquals(422, same.statusCode(), same.body());
        var next = call(port, "POST", "/dmsg-discovery/entry/", serverEntry(server, 1, "127.0.0.1:8081", 2000));
        assertEquals(200, next.statusCode(), next.body());
        assertEquals("wrote new entry iteration", JSON.readTree(next.body()).get("message").asText());

        // forged: signed by another key
        KeyPair mallory = KeyPair.generate();
        String forged = Entry.server(server.pk(), 2, System.currentTimeMillis() * 1_000_000L, "127.0.0.1:1", 1)
                .sign(mallory.sk()).toJson();
        assertEquals(401, call(port, "POST", "/dmsg-discovery/entry/", forged).statusCode());
        assertEquals(500, call(port, "POST", "/dmsg-discovery/entry/", "{not json").statusCode());
        assertEquals(2000, JSON.readTree(call(port, "GET", "/dmsg-discovery/entry/" + server.pk().hex(), null).body())
                .at("/server/availableSessions").asInt(), "rejected posts changed nothing");
        assertEquals(405, call(port, "PUT", "/dmsg-discovery/entries", "").statusCode());
    }

    @Test
    void embeddedStoreServesGoApi() throws Exception {
        int port = TestSupport.freePort();
        disc = start("-a", "127.0.0.1:" + port, "--test-mode");
        awaitHealthy(port);
        exerciseApi(port);
        assertTrue(log().contains("dmsg discovery listening on http://127.0.0.1:" + port + " (store: memory, test mode)"),
                log());
    }

    @Test
    void productionModeRefusesLoopbackServers() throws Exception {
        int port = TestSupport.freePort();
        disc = start("-a", "127.0.0.1:" + port);
        awaitHealthy(port);
        var r = call(port, "POST", "/dmsg-discovery/entry/", serverEntry(KeyPair.generate(), 0, "127.0.0.1:8081", 10));
        assertEquals(422, r.statusCode());
        assertEquals("advertising localhost listening address is not allowed in production mode",
                JSON.readTree(r.body()).get("message").asText());
    }

    @Test
    void redisStoreServesGoApiAndOutagesFailClearly() throws Exception {
        int redisPort = TestSupport.freePort();
        redis = new ProcessBuilder("redis-server", "--port", Integer.toString(redisPort), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", work.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("redis.log").toFile()).start();
        int port = TestSupport.freePort();
        disc = start("-a", "127.0.0.1:" + port, "-t", "--redis", "redis://127.0.0.1:" + redisPort);
        awaitHealthy(port);
        exerciseApi(port);
        assertTrue(log().contains("(store: redis redis://127.0.0.1:" + redisPort), log());
        disc.destroy();
        disc.waitFor(10, TimeUnit.SECONDS);

        // no Redis there: one line, exit 1
        Process down = new ProcessBuilder(Cli.bin().toString(), "dmsg", "disc", "-a", "127.0.0.1:" + port,
                "--redis", "redis://127.0.0.1:" + TestSupport.freePort()).redirectErrorStream(true).start();
        assertTrue(down.waitFor(60, TimeUnit.SECONDS));
        String out = TestSupport.readAll(down.getInputStream());
        assertEquals(1, down.exitValue(), out);
        assertTrue(out.contains("error: cannot reach Redis at 127.0.0.1:"), out);
    }
}
