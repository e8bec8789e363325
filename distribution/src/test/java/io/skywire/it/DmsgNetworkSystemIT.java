package io.skywire.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skywire.core.crypto.KeyPair;
import io.skywire.core.crypto.PubKey;
import io.skywire.core.crypto.Secp256k1;
import io.skywire.core.dmsg.client.DmsgNetwork;
import io.skywire.core.dmsg.disc.DiscoveryClient;
import io.skywire.core.dmsg.disc.Entry;
import io.skywire.core.dmsg.http.DmsgHttpClient;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #3's multi-process test: {@code skywire dmsg disc}, two {@code skywire dmsg server start} and three
 * {@code skywire visor} processes on loopback. The visors register in discovery with a session to one of the
 * servers and are reachable over dmsg: their dmsghttp log servers serve files (checked by SHA-256) to a dmsg client
 * and to {@code skywire dmsg curl}, and their hello apps greet each other over dmsg both ways (Gogo
 * {@code hello:greet <name> <pk> dmsg}). Then the fault test: one server is killed in the middle of a download
 * and every visor that was on it holds a session with the other server, and is reachable again, within 5 s.
 */
@Timeout(300)
class DmsgNetworkSystemIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int VISORS = 3;

    @TempDir
    Path work;

    final List<Process> processes = new ArrayList<>();
    String discUrl;
    final Map<PubKey, Process> servers = new LinkedHashMap<>();
    final List<Visor> visors = new ArrayList<>();

    record Visor(int index, KeyPair keys, Path dir, String rpc, Process process, byte[] file) {
        String pk() {
            return keys.pk().hex();
        }
    }

    @AfterEach
    void stopAll() throws Exception {
        for (Process p : processes.reversed()) {
            if (p.isAlive()) {
                p.destroy();
            }
        }
        for (Process p : processes) {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    Process start(Path dir, String log, boolean stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Cli.bin().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(dir.resolve(log + ".out").toFile()).redirectError(dir.resolve(log + ".log").toFile());
        if (!stdin) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    String logs() throws Exception {
        StringBuilder sb = new StringBuilder();
        try (var s = Files.walk(work)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".log") || f.toString().endsWith(".out")).toList()) {
                String text = Files.readString(p);
                sb.append("--- ").append(work.relativize(p)).append('\n')
                        .append(text.length() > 6000 ? text.substring(text.length() - 6000) : text).append('\n');
            }
        }
        return sb.toString();
    }

    void deployment() throws Exception {
        int discPort = TestSupport.freePort();
        discUrl = "http://127.0.0.1:" + discPort;
        start(work, "disc", false, "dmsg", "disc", "-a", "127.0.0.1:" + discPort, "-t");
        for (int i = 1; i <= 2; i++) {
            KeyPair k = KeyPair.generate();
            int port = TestSupport.freePort();
            servers.put(k.pk(), start(work, "server" + i, false, "dmsg", "server", "start", "-a",
                    "127.0.0.1:" + port, "--disc", discUrl, "--sk", k.sk().hex()));
        }
        DiscoveryClient dc = new DiscoveryClient(discUrl, Duration.ofSeconds(5));
        awaitTrue("both servers in discovery", Duration.ofSeconds(60), () -> {
            try {
                return dc.availableServers().size() == 2;
            } catch (Exception notYet) {
                return false;
            }
        });
        Random rnd = new Random(7);
        for (int i = 1; i <= VISORS; i++) {
            KeyPair k = KeyPair.generate();
            Path dir = Files.createDirectories(work.resolve("visor" + i));
            int rpcPort = TestSupport.freePort();
            String cfg = TestSupport.config(dir.resolve("local"), rpcPort)
                    .replace(TestSupport.SK, k.sk().hex()).replace(TestSupport.PK, k.pk().hex())
                    .replace("\"discovery\": \"http://127.0.0.1:9090\", \"sessions_count\": 2",
                            "\"discovery\": \"" + discUrl + "\", \"sessions_count\": 1");
            assertTrue(cfg.contains(discUrl), cfg);
            Files.writeString(dir.resolve("skywire-config.json"), cfg);
            Files.createDirectories(dir.resolve("apps"));
            Files.copy(TestSupport.helloJar(), dir.resolve("apps/hello-app.jar"));
            byte[] file = new byte[(8 << 20) + i];
            rnd.nextBytes(file);
            Files.createDirectories(dir.resolve("local/custom"));
            Files.write(dir.resolve("local/custom/data.bin"), file);
            // visor 1 runs the Gogo shell on its stdin (used at the end to greet the others)
            Process p = i == 1 ? start(dir, "visor", true, "visor", "-c", "skywire-config.json", "--shell")
                    : start(dir, "visor", false, "visor", "-c", "skywire-config.json");
            visors.add(new Visor(i, k, dir, "127.0.0.1:" + rpcPort, p, file));
        }
        for (Visor v : visors) {
            awaitTrue("visor " + v.index() + " has a dmsg session and its entry in discovery", Duration.ofSeconds(60),
                    () -> {
                        if (!v.process().isAlive()) {
                            throw new AssertionError("visor " + v.index() + " exited\n" + logs());
                        }
                        String server = dmsgServer(v);
                        if (server == null || server.equals(PubKey.NULL.hex())) {
                            return false;
                        }
                        Entry e = dc.entry(v.keys().pk()).orElse(null);
                        return e != null && e.client() != null && e.verifySignature()
                                && e.client().delegatedServers().stream().map(PubKey::hex).toList().contains(server);
                    });
        }
    }

    String dmsgServer(Visor v) throws Exception {
        Cli.Result r = Cli.run(v.dir(), "cli", "visor", "info", "--json", "--rpc", v.rpc());
        if (r.code() != 0) {
            return null;
        }
        return JSON.readTree(r.out()).path("dmsg_server").asText();
    }

    interface Check {
        boolean ok() throws Exception;
    }

    void awaitTrue(String what, Duration timeout, Check c) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (c.ok()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out after " + timeout + " waiting for: " + what + "\n" + logs());
    }

    static String sha(byte[] b) {
        return HexFormat.of().formatHex(Secp256k1.sha256(b));
    }

    /** Fetches dmsg://pk:80/path with the probe client; returns the status and the body. */
    static DmsgHttpClient.Result fetch(DmsgNetwork probe, String pk, String path, OutputStream sink) throws Exception {
        return new DmsgHttpClient(probe).get(URI.create("dmsg://" + pk + ":80" + path), Duration.ofSeconds(30), sink,
                (n, total) -> { });
    }

    @Test
    void visorsAreReachableOverDmsgAndSurviveTheLossOfAServer() throws Exception {
        deployment();
        DiscoveryClient dc = new DiscoveryClient(discUrl, Duration.ofSeconds(5));
        try (DmsgNetwork probe = new DmsgNetwork(KeyPair.generate(), dc,
                DmsgNetwork.Config.defaults().withSessionCount(2)).start()) {
            assertTrue(probe.awaitReady(Duration.ofSeconds(20)), "probe client ready\n" + logs());

            // 1. every visor's log server: a file from dmsghttp_server_path, /health, 404
            for (Visor v : visors) {
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                DmsgHttpClient.Result r = fetch(probe, v.pk(), "/data.bin", body);
                assertEquals(200, r.status(), "visor " + v.index());
                assertEquals(sha(v.file()), sha(body.toByteArray()), "visor " + v.index() + " file over dmsg");
                ByteArrayOutputStream health = new ByteArrayOutputStream();
                assertEquals(200, fetch(probe, v.pk(), "/health", health).status());
                assertTrue(health.toString().contains("started_at"), health.toString());
                assertEquals(404, fetch(probe, v.pk(), "/missing.txt", OutputStream.nullOutputStream()).status());
            }

            // 2. skywire dmsg curl, a separate client process, fetches visor 2's file
            Cli.Result curl = Cli.run(work, "dmsg", "curl", "-c", discUrl, "-o", "curl.bin",
                    "dmsg://" + visors.get(1).pk() + ":80/data.bin");
            assertEquals(0, curl.code(), curl.toString() + "\n" + logs());
            assertArrayEquals(Secp256k1.sha256(visors.get(1).file()),
                    Secp256k1.sha256(Files.readAllBytes(work.resolve("curl.bin"))));

            // 3. the fault test: kill the server visor 1 is on while its file is being downloaded
            Visor v1 = visors.get(0);
            PubKey doomed = PubKey.fromHex(dmsgServer(v1));
            Process doomedProcess = servers.get(doomed);
            assertTrue(doomedProcess != null, "visor 1's server " + doomed + " is one of ours: " + servers.keySet());
            List<Visor> affected = new ArrayList<>();
            for (Visor v : visors) {
                if (dmsgServer(v).equals(doomed.hex())) {
                    affected.add(v);
                }
            }
            java.util.concurrent.atomic.AtomicLong got = new java.util.concurrent.atomic.AtomicLong();
            Thread download = Thread.ofVirtual().start(() -> {
                try {
                    // slow reader: the transfer is still running when the server dies
                    fetch(probe, v1.pk(), "/data.bin", new OutputStream() {
                        @Override
                        public void write(int b) {
                            got.incrementAndGet();
                        }

                        @Override
                        public void write(byte[] b, int off, int len) {
                            got.addAndGet(len);
                            try {
                                Thread.sleep(Math.max(1, len / 1000)); // about 1 MB/s
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    });
                } catch (Exception expected) {
                    // the stream dies with its server
                }
            });
            awaitTrue("the download started", Duration.ofSeconds(20), () -> got.get() > 0);
            doomedProcess.destroyForcibly();
            long killed = System.nanoTime();
            assertTrue(doomedProcess.waitFor(10, TimeUnit.SECONDS));
            // re-established = a session with the surviving server, advertised in the visor's discovery entry
            for (Visor v : affected) {
                awaitTrue("visor " + v.index() + " re-established a session with the other server and posted it",
                        Duration.ofSeconds(5).minusNanos(System.nanoTime() - killed), () -> {
                            Entry e = dc.entry(v.keys().pk()).orElseThrow();
                            List<PubKey> ds = e.client().delegatedServers();
                            return !ds.isEmpty() && !ds.contains(doomed);
                        });
            }
            long reconnectMillis = (System.nanoTime() - killed) / 1_000_000;
            assertTrue(reconnectMillis < 5000, "re-established in " + reconnectMillis + " ms");
            System.out.println("dmsg fault test: " + affected.size() + " visor(s) re-established in " + reconnectMillis
                    + " ms after their server was killed");
            download.join(Duration.ofSeconds(60));
            assertTrue(got.get() < v1.file().length, "the download was cut by the server's death, got " + got.get());

            // every visor reports the surviving server and is reachable again
            for (Visor v : visors) {
                String s = dmsgServer(v);
                assertTrue(s != null && !s.equals(doomed.hex()) && !s.equals(PubKey.NULL.hex()),
                        "visor " + v.index() + " info names a live server: " + s);
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                assertEquals(200, fetch(probe, v.pk(), "/data.bin", body).status());
                assertEquals(sha(v.file()), sha(body.toByteArray()), "visor " + v.index() + " after the fault");
            }

            // 4. apps over dmsg, both ways: visor 1's Gogo shell greets visors 2 and 3, they answer
            try (var stdin = v1.process().getOutputStream()) {
                stdin.write(("hello:greet one " + visors.get(1).pk() + " dmsg\n"
                        + "hello:greet two " + visors.get(2).pk() + " dmsg\n").getBytes());
            }
            assertTrue(v1.process().waitFor(60, TimeUnit.SECONDS), "visor 1 stops at the end of its stdin\n" + logs());
            String out = Files.readString(v1.dir().resolve("visor.out"));
            assertTrue(out.contains("hi one from " + visors.get(1).pk() + " (hello-app "), out + "\n" + logs());
            assertTrue(out.contains("hi two from " + visors.get(2).pk() + " (hello-app "), out + "\n" + logs());
        }
    }
}
