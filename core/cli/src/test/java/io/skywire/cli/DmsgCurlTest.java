package io.skywire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.logging.Level;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.skywire.core.crypto.KeyPair;

/** {@code skywire dmsg curl}: flags, URL and key validation, output paths, progress; no dmsg network needed. */
@Timeout(30)
class DmsgCurlTest {
    private static final String PK = KeyPair.generate().pk().hex();
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(String... args) throws Exception {
        out.reset();
        err.reset();
        String[] full = new String[args.length + 2];
        full[0] = "dmsg";
        full[1] = "curl";
        System.arraycopy(args, 0, full, 2, args.length);
        return Main.run(full, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    static DmsgCurl.Settings settings(Map<String, String> env, String... args) throws Exception {
        CommandLine cl = DefaultParser.builder().get().parse(DmsgCurl.options(), args);
        return DmsgCurl.settings(cl, env);
    }

    @Test
    void helpListsGoFlags() throws Exception {
        assertEquals(0, run("--help"));
        String help = out.toString(StandardCharsets.UTF_8);
        assertTrue(help.startsWith("Usage: " + DmsgCurl.USAGE), help);
        for (String flag : new String[] {"-c,--dmsg-disc", "-e,--sess", "-l,--loglvl", "-d,--data", "-o,--out",
                "-r,--replace", "-t,--try", "-w,--wait", "-a,--agent", "-s,--sk", "--timeout", "-h,--help"}) {
            assertTrue(help.contains(flag), flag + " in\n" + help);
        }
        assertEquals(0, run("-h"));
        // listed under "skywire dmsg"
        assertEquals(0, Main.run(new String[] {"dmsg", "--help"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("curl"));
    }

    @Test
    void badUrlsAreOneLineUsageErrors() throws Exception {
        assertEquals(2, run());
        assertTrue(err().startsWith("error: no URL provided"), err());
        String[][] cases = {
            {"no-scheme", "missing a scheme"},
            {"ftp://" + PK + "/x", "unsupported URL scheme \"ftp\""},
            {"dmsg://nothex:80/x", "not a public key"},
            {"dmsg://" + "0".repeat(66) + ":80/", "null key"},
            {"dmsg://" + PK + ":0/", "invalid dmsg port \"0\""},
            {"dmsg://" + PK + ":70000/", "invalid dmsg port"},
            {"dmsg://" + PK + ":80/a b", "invalid URL"},
            {"dmsg://[oops/", "invalid URL"},
            {"dmsg:///path", "missing a host"},
        };
        for (String[] c : cases) {
            assertEquals(2, run(c[0]), c[0]);
            assertTrue(err().startsWith("error: invalid URL") || err().startsWith("error: "), err());
            assertTrue(err().contains(c[1]), c[1] + " in: " + err());
            assertEquals(1, err().strip().lines().count(), "one line: " + err());
        }
        assertEquals(2, run("dmsg://" + PK + "/a", "dmsg://" + PK + "/b"));
        assertTrue(err().startsWith("error: unexpected argument"), err());
    }

    @Test
    void badFlagValuesAreUsageErrors() throws Exception {
        String url = "dmsg://" + PK + ":80/x";
        String[][] cases = {
            {"--sk", "zz", "invalid --sk"},
            {"-s", "00", "invalid --sk"},
            {"-e", "0", "invalid --sess \"0\""},
            {"--sess", "x", "invalid --sess"},
            {"-t", "-1", "invalid --try"},
            {"-w", "soon", "invalid --wait"},
            {"-l", "loud", "invalid log level \"loud\""},
            {"--timeout", "5", "invalid --timeout \"5\""},
            {"--timeout", "-5s", "invalid --timeout \"-5s\": must be positive"},
            {"-c", "ftp://x", "invalid --dmsg-disc"},
            {"-c", "127.0.0.1:9090", "invalid --dmsg-disc"},
        };
        for (String[] c : cases) {
            assertEquals(2, run(c[0], c[1], url), String.join(" ", c));
            assertTrue(err().startsWith("error: " + c[2]), c[2] + " in: " + err());
        }
        assertEquals(2, run("--nope", url));
        assertTrue(err().startsWith("error: Unrecognized option: --nope"), err());
    }

    @Test
    void settingsAndDefaults() throws Exception {
        KeyPair k = KeyPair.generate();
        DmsgCurl.Settings s = settings(Map.of(), "dmsg://" + PK + "/f");
        assertEquals(DmsgCurl.DEFAULT_DISC, s.disc());
        assertEquals(1, s.sessions());
        assertEquals(1, s.tries());
        assertEquals(Duration.ZERO, s.waitBetween());
        assertEquals(Duration.ofSeconds(30), s.timeout());
        assertEquals(Level.SEVERE, s.logLevel());
        assertNull(s.out());
        assertNull(s.data());
        assertTrue(s.agent().startsWith("dmsgcurl/"));

        s = settings(Map.of("DMSGCURL_SK", k.sk().hex()), "-c", "http://10.0.0.1:9090", "-e", "2", "-t", "0", "-w",
                "3", "-o", "x.bin", "-r", "-d", "hi", "-a", "me/1", "--timeout", "1m", "dmsg://" + PK + ":8080/f");
        assertEquals(k.pk(), s.keys().pk(), "DMSGCURL_SK is used as Go's dmsgcurl does");
        assertEquals("http://10.0.0.1:9090", s.disc());
        assertEquals(2, s.sessions());
        assertEquals(0, s.tries());
        assertEquals(Duration.ofSeconds(3), s.waitBetween());
        assertEquals(Path.of("x.bin"), s.out());
        assertTrue(s.replace());
        assertEquals("hi", new String(s.data(), StandardCharsets.UTF_8));
        assertEquals("me/1", s.agent());
        assertEquals(Duration.ofMinutes(1), s.timeout());
        // --sk wins over the environment; a bad DMSGCURL_SK is named
        assertEquals(k.pk(), settings(Map.of("DMSGCURL_SK", "junk"), "-s", k.sk().hex(), "dmsg://" + PK).keys().pk());
        DmsgCurl.BadUsage bad = assertThrows(DmsgCurl.BadUsage.class,
                () -> settings(Map.of("DMSGCURL_SK", "junk"), "dmsg://" + PK));
        assertTrue(bad.getMessage().startsWith("invalid DMSGCURL_SK"), bad.getMessage());
    }

    @Test
    void outputPaths(@TempDir Path dir) throws Exception {
        URI u = URI.create("dmsg://" + PK + "/logs/today.csv");
        assertEquals(dir.resolve("today.csv"), DmsgCurl.outputFile(dir, u));
        assertEquals(dir.resolve("index.html"), DmsgCurl.outputFile(dir, URI.create("dmsg://" + PK + "/")));
        assertEquals(dir.resolve("new.bin"), DmsgCurl.outputFile(dir.resolve("new.bin"), u));

        // an existing file is refused before anything connects; nothing is touched
        Path existing = dir.resolve("keep.txt");
        Files.writeString(existing, "keep");
        assertEquals(1, run("-o", existing.toString(), "-c", "http://127.0.0.1:1", u.toString()));
        assertTrue(err().startsWith("error: " + existing + " already exists (use -r to replace it)"), err());
        assertEquals("keep", Files.readString(existing));
    }

    @Test
    void unreachableDiscoveryFailsFast() throws Exception {
        int port;
        try (ServerSocket ss = new ServerSocket(0)) {
            port = ss.getLocalPort();
        }
        long t0 = System.nanoTime();
        assertEquals(1, run("-c", "http://127.0.0.1:" + port, "dmsg://" + PK + "/x"));
        assertTrue(err().startsWith("error: dmsg discovery http://127.0.0.1:" + port + " is unreachable"), err());
        assertEquals(1, err().strip().lines().count(), err());
        assertTrue(System.nanoTime() - t0 < 10_000_000_000L);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void progressLines() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(b, true, StandardCharsets.UTF_8);
        DmsgCurl.Progress small = new DmsgCurl.Progress(ps, false);
        small.accept(0L, 1000L);
        small.accept(1000L, 1000L);
        small.end();
        assertEquals("", b.toString(StandardCharsets.UTF_8), "small downloads are quiet when not on a terminal");

        DmsgCurl.Progress large = new DmsgCurl.Progress(ps, false);
        large.accept(0L, DmsgCurl.LARGE * 2);
        large.accept(DmsgCurl.LARGE, DmsgCurl.LARGE * 2); // within 2 s of the last line: skipped
        large.accept(DmsgCurl.LARGE * 2, DmsgCurl.LARGE * 2);
        assertEquals("Downloading: 0/" + DmsgCurl.LARGE * 2 + "B (0%)\nDownloading: " + DmsgCurl.LARGE * 2 + "/"
                + DmsgCurl.LARGE * 2 + "B (100%)\n", b.toString(StandardCharsets.UTF_8));

        b.reset();
        DmsgCurl.Progress tty = new DmsgCurl.Progress(ps, true);
        tty.accept(5L, -1L);
        tty.end();
        assertEquals("Downloading: 5B\rDownloading: 5B\n", b.toString(StandardCharsets.UTF_8));
    }
}
