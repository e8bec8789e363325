package io.skywire.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skywire.core.crypto.KeyPair;
import io.skywire.core.crypto.Secp256k1;
import io.skywire.core.dmsg.disc.DiscoveryClient;
import io.skywire.core.dmsg.disc.Entry;
import io.skywire.core.dmsg.session.DmsgClient;
import io.skywire.core.dmsg.session.DmsgListener;
import io.skywire.core.dmsg.session.DmsgStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skywire dmsg disc} and {@code skywire dmsg server start} as real processes; two dmsg clients find
 * the server through discovery and move data both ways through it.
 */
@Timeout(120)
class DmsgSystemIT {
    @TempDir
    Path work;

    Process disc;
    Process server;

    @AfterEach
    void stop() throws Exception {
        for (Process p : new Process[] {server, disc}) {
            if (p != null && p.isAlive()) {
                p.destroy();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        }
    }

    Process start(String log, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(Cli.bin().toString()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve(log).toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    }

    String logs() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (String f : new String[] {"disc.log", "server.log"}) {
            Path p = work.resolve(f);
            sb.append("--- ").append(f).append('\n').append(Files.exists(p) ? Files.readString(p) : "").append('\n');
        }
        return sb.toString();
    }

    @Test
    void clientsFindTheServerThroughDiscoveryAndTalkThroughIt() throws Exception {
        int discPort = TestSupport.freePort();
        int serverPort = TestSupport.freePort();
        String discUrl = "http://127.0.0.1:" + discPort;
        disc = start("disc.log", "dmsg", "disc", "-a", "127.0.0.1:" + discPort, "-t");
        KeyPair serverKeys = KeyPair.generate();
        server = start("server.log", "dmsg", "server", "start", "-a", "127.0.0.1:" + serverPort, "--disc", discUrl,
                "--sk", serverKeys.sk().hex());

        DiscoveryClient dc = new DiscoveryClient(discUrl, Duration.ofSeconds(5));
        Entry entry = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (entry == null && System.nanoTime() < deadline) {
            if (!disc.isAlive() || !server.isAlive()) {
                throw new AssertionError("a service exited\n" + logs());
            }
            try {
                List<Entry> servers = dc.availableServers();
                entry = servers.isEmpty() ? null : servers.get(0);
            } catch (Exception notYet) {
                // discovery still starting
            }
            if (entry == null) {
                Thread.sleep(200);
            }
        }
        assertTrue(entry != null, "the server registered in discovery\n" + logs());
        assertEquals(serverKeys.pk(), entry.staticPk());
        assertEquals("official", entry.server().serverType()); // stamped by the discovery (no --auth)
        assertTrue(entry.withServerType("").verifySignature());
        String[] hp = entry.server().address().split(":");
        InetSocketAddress addr = new InetSocketAddress(hp[0], Integer.parseInt(hp[1]));

        KeyPair a = KeyPair.generate();
        KeyPair b = KeyPair.generate();
        try (DmsgClient ca = DmsgClient.connect(a, addr, entry.staticPk());
             DmsgClient cb = DmsgClient.connect(b, addr, entry.staticPk());
             DmsgListener l = cb.listen(80);
             java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            byte[] up = new byte[4 << 20];
            byte[] down = new byte[3 << 20];
            new Random(1).nextBytes(up);
            new Random(2).nextBytes(down);
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> {
                try (DmsgStream s = l.accept(Duration.ofSeconds(20))) {
                    CompletableFuture<Void> send = CompletableFuture.runAsync(() -> {
                        try {
                            s.outputStream().write(down);
                            s.closeWrite();
                        } catch (Exception e) {
                            throw new RuntimeException(e);
                        }
                    }, threads);
                    byte[] got = s.inputStream().readAllBytes();
                    send.get(30, TimeUnit.SECONDS);
                    return got;
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }, threads);
            try (DmsgStream s = ca.dial(b.pk(), 80, Duration.ofSeconds(20))) {
                CompletableFuture<byte[]> back = CompletableFuture.supplyAsync(() -> {
                    try {
                        return s.inputStream().readAllBytes();
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                }, threads);
                s.outputStream().write(up);
                s.closeWrite();
                assertArrayEquals(Secp256k1.sha256(down), Secp256k1.sha256(back.get(60, TimeUnit.SECONDS)));
            }
            assertArrayEquals(Secp256k1.sha256(up), Secp256k1.sha256(received.get(60, TimeUnit.SECONDS)));
        }
        assertTrue(logs().contains("dmsg server " + serverKeys.pk().hex() + " listening on 127.0.0.1:" + serverPort),
                logs());
    }

    @Test
    void svcLocalRunsTheDeploymentAndWritesAServicesConfigForConfigGen() throws Exception {
        int discPort = TestSupport.freePort();
        int serverPort = TestSupport.freePort();
        disc = start("disc.log", "svc", "local", "--disc-addr", "127.0.0.1:" + discPort,
                "--server-addr", "127.0.0.1:" + serverPort, "-o", "local-services.json");
        DiscoveryClient dc = new DiscoveryClient("http://127.0.0.1:" + discPort, Duration.ofSeconds(5));
        List<Entry> servers = List.of();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (servers.isEmpty() && System.nanoTime() < deadline) {
            if (!disc.isAlive()) {
                throw new AssertionError("svc local exited\n" + logs());
            }
            try {
                servers = dc.availableServers();
            } catch (Exception notYet) {
                Thread.sleep(200);
            }
        }
        assertEquals(1, servers.size(), logs());
        assertEquals("127.0.0.1:" + serverPort, servers.get(0).server().address());
        String log = Files.readString(work.resolve("disc.log"));
        assertEquals(1, log.split("listening on 127.0.0.1:" + serverPort, -1).length - 1, log);

        Cli.Result gen = Cli.run(work, "cli", "config", "gen", "--svcconf", "local-services.json", "-o", "v.json");
        assertEquals(0, gen.code(), gen.toString());
        assertTrue(gen.err().contains("warning: no route setup nodes"), gen.err());
        com.fasterxml.jackson.databind.JsonNode cfg = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(work.resolve("v.json").toFile());
        assertEquals("http://127.0.0.1:" + discPort, cfg.at("/dmsg/discovery").asText());
    }

    @Test
    void badFlagsAndBusyPortFailWithOneLine() throws Exception {
        Cli.Result badSk = Cli.run(work, "dmsg", "server", "start", "--sk", "nothex");
        assertEquals(2, badSk.code(), badSk.toString());
        assertTrue(badSk.err().startsWith("error: invalid --sk"), badSk.err());
        Cli.Result badStreams = Cli.run(work, "dmsg", "server", "start", "--max-streams", "0");
        assertEquals(2, badStreams.code(), badStreams.toString());
        assertTrue(badStreams.err().startsWith("error: invalid --max-streams \"0\""), badStreams.err());
        try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Cli.Result r = Cli.run(work, "dmsg", "server", "start", "-a", "127.0.0.1:" + busy.getLocalPort());
            assertEquals(1, r.code(), r.toString());
            assertTrue(r.err().contains("error: dmsg server cannot bind"), r.toString());
        }
    }
}
