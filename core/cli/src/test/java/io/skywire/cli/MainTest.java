package io.skywire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

class MainTest {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(String... args) throws Exception {
        out.reset();
        err.reset();
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void bannerVersionAndHelp() throws Exception {
        assertEquals(0, run());
        assertTrue(out().startsWith(BuildInfo.BANNER), out());
        assertTrue(out().contains("Available Commands:"));
        assertEquals(0, run("--bv"));
        assertTrue(out().strip().startsWith("v"), out());
        assertEquals(0, run("-v"));
        assertTrue(out().startsWith("skywire version "), out());
        assertEquals(0, run("-d"));
        assertTrue(out().contains("mod\tio.skywire/skywire"), out());
    }

    @Test
    void unknownCommandsAndFlagsAreUsageErrors() throws Exception {
        assertEquals(2, run("nope"));
        assertTrue(err().startsWith("error: unknown command \"nope\" for \"skywire\"\n"), err());
        assertTrue(err().contains("Usage:"));
        assertEquals(2, run("cli", "--what"));
        assertTrue(err().startsWith("error: unknown flag --what for \"skywire cli\""), err());
        assertEquals(2, run("cli", "visor", "pk", "--what"));
        assertTrue(err().startsWith("error: Unrecognized option: --what"), err());
        assertEquals(2, run("cli", "visor", "app", "start"));
        assertTrue(err().startsWith("error: missing app name"), err());
        assertEquals(2, run("cli", "visor", "app", "arg", "autostart", "hello", "maybe"));
        assertTrue(err().startsWith("error: invalid value \"maybe\": expected true or false"), err());
        assertEquals(2, run("cli", "visor", "info", "extra"));
    }

    @Test
    void groupsPrintUsageAndLeavesTheirHelp() throws Exception {
        assertEquals(0, run("cli"));
        assertTrue(out().contains("config") && out().contains("visor"), out());
        assertEquals(0, run("cli", "visor", "app", "--help"));
        assertTrue(out().contains("ls") && out().contains("start") && out().contains("stop"), out());
        assertEquals(0, run("cli", "visor", "pk", "--help"));
        assertTrue(out().contains("--rpc"), out());
        assertEquals(0, run("svc", "--help"));
        assertFalse(out().isBlank());
    }

    @Test
    void rpcToNothingSaysWhatToDo() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertEquals(1, run("cli", "visor", "info", "--rpc", "127.0.0.1:" + port));
        assertTrue(err().startsWith("error: cannot reach the visor at 127.0.0.1:" + port), err());
        assertEquals(1, run("cli", "visor", "app", "ls", "--rpc", "no-port"));
        assertTrue(err().startsWith("error: invalid --rpc address \"no-port\""), err());
    }

    @Test
    void logLevelsUseGoNames() {
        assertEquals(Level.FINE, LogSetup.parse("debug"));
        assertEquals(Level.INFO, LogSetup.parse(""));
        assertEquals(Level.WARNING, LogSetup.parse("WARN"));
        assertEquals(Level.SEVERE, LogSetup.parse("fatal"));
        assertEquals(Level.FINEST, LogSetup.parse("trace"));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> LogSetup.parse("loud"));
        assertTrue(e.getMessage().contains("trace, debug, info, warn, error"));
    }
}
