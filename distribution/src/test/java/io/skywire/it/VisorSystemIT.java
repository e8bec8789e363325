package io.skywire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's flow with real processes: {@code skywire cli config gen}, {@code skywire visor}, driven by
 * {@code skywire cli}; an app bundle hot-swapped through the watched apps/ directory; Ctrl-C.
 */
@Timeout(180)
class VisorSystemIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    Process visor;

    @AfterEach
    void killVisor() throws Exception {
        if (visor != null && visor.isAlive()) {
            visor.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    Process startVisor(String... extra) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(Cli.bin().toString(), "visor"));
        cmd.addAll(java.util.List.of(extra));
        return new ProcessBuilder(cmd).directory(work.toFile())
                .redirectOutput(work.resolve("visor.out").toFile())
                .redirectError(work.resolve("visor.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    }

    String log() throws Exception {
        return Files.exists(work.resolve("visor.log")) ? Files.readString(work.resolve("visor.log")) : "";
    }

    Cli.Result await(String what, Predicate<Cli.Result> ok, String... args) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Cli.Result r = null;
        while (System.nanoTime() < deadline) {
            if (visor != null && !visor.isAlive()) {
                throw new AssertionError("visor exited with " + visor.exitValue() + " while waiting for " + what
                        + "\n" + log());
            }
            r = Cli.run(work, args);
            if (ok.test(r)) {
                return r;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out waiting for " + what + "; last: " + r + "\nvisor log:\n" + log());
    }

    JsonNode app(String rpc, String name) throws Exception {
        Cli.Result r = Cli.run(work, "cli", "visor", "app", "ls", "--rpc", rpc, "--json");
        assertEquals(0, r.code(), r.toString());
        for (JsonNode a : JSON.readTree(r.out())) {
            if (a.get("name").asText().equals(name)) {
                return a;
            }
        }
        return null;
    }

    @Test
    void configGenThenVisorDrivenByCliWithHotSwapAndCtrlC() throws Exception {
        // 1. config gen, as the README does
        Cli.Result gen = Cli.run(work, "cli", "config", "gen", "-o", "skywire-config.json");
        assertEquals(0, gen.code(), gen.toString());
        Path cfgFile = work.resolve("skywire-config.json");
        ObjectNode cfg = (ObjectNode) JSON.readTree(cfgFile.toFile());
        String pk = cfg.get("pk").asText();
        assertTrue(pk.matches("0[23][0-9a-f]{64}"), pk);
        int port = TestSupport.freePort();
        String rpc = "127.0.0.1:" + port;
        cfg.put("cli_addr", rpc);
        JSON.writerWithDefaultPrettyPrinter().writeValue(cfgFile.toFile(), cfg);

        // 2. an app bundle in apps/ before start
        Files.createDirectories(work.resolve("apps"));
        Files.copy(TestSupport.helloJar(), work.resolve("apps/hello-app.jar"));

        // 3. the visor as a real process
        long t0 = System.nanoTime();
        visor = startVisor("-c", "skywire-config.json", "--no-shell", "-l", "debug");
        Cli.Result pkResult = await("visor pk", r -> r.code() == 0, "cli", "visor", "pk", "--rpc", rpc);
        System.out.println("visor answered after " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        assertEquals(pk, pkResult.out().strip());
        assertEquals(pk, Cli.run(work, "cli", "visor", "pk", "-i", "skywire-config.json").out().strip());
        assertTrue(log().contains("startup time"), "debug log shows startup time:\n" + log());

        Cli.Result info = Cli.run(work, "cli", "visor", "info", "--rpc", rpc);
        assertEquals(0, info.code(), info.toString());
        assertTrue(info.out().contains("Public key: " + pk), info.out());

        // 4. app lifecycle through the CLI
        await("hello running", r -> r.out().matches("(?s).*hello\\s+7\\s+\\S+\\s+running.*"),
                "cli", "visor", "app", "ls", "--rpc", rpc);
        Cli.Result ls = Cli.run(work, "cli", "visor", "app", "ls", "--rpc", rpc);
        assertTrue(ls.out().startsWith("app"), ls.out());
        assertTrue(ls.out().matches("(?s).*skychat\\s+1\\s+true\\s+stopped\\s+not installed.*"), ls.out());
        assertEquals("OK", Cli.run(work, "cli", "visor", "app", "stop", "hello", "--rpc", rpc).out().strip());
        assertEquals(0, app(rpc, "hello").get("status").asInt());
        assertEquals("OK", Cli.run(work, "cli", "visor", "app", "start", "hello", "--rpc", rpc).out().strip());
        assertEquals(1, app(rpc, "hello").get("status").asInt());
        Cli.Result unknown = Cli.run(work, "cli", "visor", "app", "start", "nope", "--rpc", rpc);
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().startsWith("error: unknown app \"nope\""), unknown.err());
        Cli.Result notInstalled = Cli.run(work, "cli", "visor", "app", "start", "vpn-server", "--rpc", rpc);
        assertEquals(1, notInstalled.code());
        assertTrue(notInstalled.err().contains("not installed"), notInstalled.err());

        // 5. local/ files
        Path local = work.resolve("local");
        JsonNode nodeInfo = JSON.readTree(local.resolve("node-info.json").toFile());
        assertEquals(pk, nodeInfo.get("public_key").asText());
        assertTrue(Files.exists(local.resolve("node-info.sha")));
        assertTrue(Files.readString(local.resolve("apps-pid.txt")).contains("hello " + visor.pid()));

        // 6. auto_start persisted to the config file
        assertEquals(0, Cli.run(work, "cli", "visor", "app", "arg", "autostart", "skychat", "false", "--rpc", rpc).code());
        JsonNode saved = JSON.readTree(cfgFile.toFile());
        for (JsonNode a : saved.at("/launcher/apps")) {
            if (a.get("name").asText().equals("skychat")) {
                assertFalse(a.get("auto_start").asBoolean());
            }
        }
        assertEquals(pk, saved.get("pk").asText());

        // 7. hot swap: replace the jar in apps/ (atomically, as a user's mv does)
        Path v2 = TestSupport.withBundleVersion(TestSupport.helloJar(), "1.1.1", work.resolve("hello-v2.tmp"));
        Files.move(v2, work.resolve("apps/hello-app.jar"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        await("hello 1.1.1 running", r -> r.out().matches(
                "(?s).*\"name\"\\s*:\\s*\"hello\".*?\"status\"\\s*:\\s*1.*?\"bundle\"\\s*:\\s*\"com.example.skywire.hello 1.1.1\".*"),
                "cli", "visor", "app", "ls", "--rpc", rpc, "--json");
        assertTrue(visor.isAlive());
        assertEquals(pk, Cli.run(work, "cli", "visor", "pk", "--rpc", rpc).out().strip());

        // 8. removing the jar uninstalls it; the visor keeps running
        Files.delete(work.resolve("apps/hello-app.jar"));
        await("hello uninstalled", r -> r.out().matches("(?s).*hello\\s+7\\s+\\S+\\s+stopped\\s+not installed.*"),
                "cli", "visor", "app", "ls", "--rpc", rpc);

        // 9. Ctrl-C stops it cleanly
        new ProcessBuilder("kill", "-INT", Long.toString(visor.pid())).start().waitFor();
        assertTrue(visor.waitFor(20, TimeUnit.SECONDS), "visor stops within 20 s of SIGINT\n" + log());
        assertTrue(log().contains("visor stopped"), log());
        Cli.Result gone = Cli.run(work, "cli", "visor", "pk", "--rpc", rpc);
        assertEquals(1, gone.code());
        assertTrue(gone.err().contains("cannot reach the visor"), gone.err());
    }

    @Test
    void haltOverRpcExitsZeroAndBusyPortFailsClearly() throws Exception {
        int port = TestSupport.freePort();
        Files.writeString(work.resolve("skywire-config.json"), TestSupport.config(work.resolve("local"), port));
        visor = startVisor("--no-shell");
        String rpc = "127.0.0.1:" + port;
        await("visor up", r -> r.code() == 0, "cli", "visor", "pk", "--rpc", rpc);
        assertEquals(TestSupport.PK, Cli.run(work, "cli", "visor", "pk", "--rpc", rpc).out().strip());

        // a second visor on the same cli_addr fails with one clear line and exit 1
        Path other = Files.createDirectories(work.resolve("second"));
        Files.writeString(other.resolve("skywire-config.json"), TestSupport.config(other.resolve("local"), port));
        Process second = new ProcessBuilder(Cli.bin().toString(), "visor", "--no-shell").directory(other.toFile())
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        assertTrue(second.waitFor(60, TimeUnit.SECONDS), "second visor gives up");
        String secondOut = TestSupport.readAll(second.getInputStream());
        assertEquals(1, second.exitValue(), secondOut);
        assertTrue(secondOut.contains("error: cannot serve the CLI endpoint on 127.0.0.1:" + port), secondOut);

        assertEquals("OK", Cli.run(work, "cli", "visor", "halt", "--rpc", rpc).out().strip());
        assertTrue(visor.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, visor.exitValue(), log());
    }

    @Test
    void gogoShellDrivesTheVisorAndEofStopsIt() throws Exception {
        int port = TestSupport.freePort();
        String rpc = "127.0.0.1:" + port;
        Files.writeString(work.resolve("skywire-config.json"), TestSupport.config(work.resolve("local"), port));
        Files.createDirectories(work.resolve("apps"));
        Files.copy(TestSupport.helloJar(), work.resolve("apps/hello-app.jar"));
        visor = new ProcessBuilder(Cli.bin().toString(), "visor", "--shell").directory(work.toFile())
                .redirectOutput(work.resolve("visor.out").toFile())
                .redirectError(work.resolve("visor.log").toFile()).start();
        await("hello running", r -> r.out().matches("(?s).*hello\\s+7\\s+\\S+\\s+running.*"),
                "cli", "visor", "app", "ls", "--rpc", rpc);
        try (var stdin = visor.getOutputStream()) {
            stdin.write("visor:status\napp:ls\nhello:greet gogo\napp:stop hello\nvisor:pk\n".getBytes());
        }
        // gosh stops the framework at end of input, like a user's Ctrl-D
        assertTrue(visor.waitFor(30, TimeUnit.SECONDS), "visor stops after the shell's stdin closes\n" + log());
        assertEquals(0, visor.exitValue(), log());
        String out = Files.readString(work.resolve("visor.out"));
        assertTrue(out.contains("Public key:     " + TestSupport.PK), out);
        assertTrue(out.matches("(?s).*hello\\s+7\\s+true\\s+running\\s+com.example.skywire.hello 1.1.0.*"), out);
        assertTrue(out.contains("hi gogo from " + TestSupport.PK + " (hello-app 1.1.0)"), out);
        assertTrue(out.contains("stopped hello"), out);
        assertTrue(log().contains("visor stopped"), log());
    }

    @Test
    void topLevelCommandSurface() throws Exception {
        Cli.Result help = Cli.run(work);
        assertEquals(0, help.code());
        assertTrue(help.out().contains("┌─┐┬┌─┬ ┬┬ ┬┬┬─┐┌─┐"), help.out());
        for (String c : new String[] {"visor", "cli", "svc", "dmsg", "app", "--bv", "--info", "--version"}) {
            assertTrue(help.out().contains(c), c + " in\n" + help.out());
        }
        Cli.Result v = Cli.run(work, "-v");
        assertTrue(v.out().startsWith("skywire version v0.1.0"), v.out());
        assertEquals("v0.1.0-SNAPSHOT", Cli.run(work, "--bv").out().strip());
        assertTrue(Cli.run(work, "-d").out().contains("dep\tbundle/"), "build info lists the bundles");
        for (String[] bad : new String[][] {{"bogus"}, {"--bogus"}, {"cli", "visor", "nope"}, {"visor", "--nope"},
                {"cli", "visor", "app", "ls", "--nope"}}) {
            Cli.Result r = Cli.run(work, bad);
            assertEquals(2, r.code(), String.join(" ", bad) + ": " + r);
            assertTrue(r.err().startsWith("error: "), r.err());
            assertTrue(r.err().contains("Usage"), r.err());
        }
        for (String[] h : new String[][] {{"visor", "--help"}, {"cli", "--help"}, {"svc", "--help"},
                {"dmsg", "--help"}, {"app", "--help"}, {"cli", "visor", "app", "ls", "--help"}}) {
            Cli.Result r = Cli.run(work, h);
            assertEquals(0, r.code(), String.join(" ", h) + ": " + r);
            assertFalse(r.out().isBlank());
        }
        Cli.Result missing = Cli.run(work, "visor", "-c", "nowhere.json");
        assertEquals(1, missing.code());
        assertTrue(missing.err().startsWith("error: config file"), missing.err());
        assertEquals(1, missing.err().strip().lines().count(), missing.err());
        Files.writeString(work.resolve("broken.json"), "{\"pk\": ");
        Cli.Result broken = Cli.run(work, "visor", "-c", "broken.json");
        assertEquals(1, broken.code());
        assertEquals(1, broken.err().strip().lines().count(), broken.err());
        Cli.Result badLevel = Cli.run(work, "visor", "-c", "nowhere.json", "-l", "loud");
        assertTrue(badLevel.code() != 0);
    }
}
