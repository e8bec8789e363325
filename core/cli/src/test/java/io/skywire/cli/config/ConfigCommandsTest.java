package io.skywire.cli.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skywire.core.crypto.KeyPair;
import io.skywire.core.crypto.PubKey;
import io.skywire.core.crypto.SecKey;
import io.skywire.core.visor.config.VisorConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCommandsTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream outBuf = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBuf = new ByteArrayOutputStream();
    private final Map<String, String> vars = new HashMap<>();
    private String country;

    private int gen(String... args) {
        outBuf.reset();
        errBuf.reset();
        vars.putIfAbsent("HOME", dir.resolve("home").toString());
        vars.putIfAbsent("TMPDIR", "/tmp");
        Env env = new Env(vars, dir, () -> country, url -> {
            throw new IOException("no network in tests");
        });
        return ConfigCommands.gen(args, new PrintStream(outBuf, true, StandardCharsets.UTF_8),
                new PrintStream(errBuf, true, StandardCharsets.UTF_8), env);
    }

    private String out() {
        return outBuf.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return errBuf.toString(StandardCharsets.UTF_8);
    }

    private String firstErrLine() {
        return err().lines().findFirst().orElse("");
    }

    private Path cfg() {
        return dir.resolve("skywire-config.json");
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void writesDefaultConfigAndSaysSo() throws Exception {
        assertEquals(0, gen(), err());
        Path f = cfg();
        assertTrue(out().startsWith("Updated file '" + f + "' to:\n{\n\t\"version\""), out());
        String text = Files.readString(f);
        assertTrue(text.startsWith("{\n  \"version\": "), "the file is written with two spaces, as Go's config gen");
        VisorConfig c = VisorConfig.load(f);
        assertEquals(2, c.dmsg().sessionsCount());
        assertEquals("./local", c.localPath());
        assertNull(c.hypervisor());
        assertEquals(c.toJson(), out().substring(out().indexOf('\n') + 1).stripTrailing());
        assertEquals("", err());
    }

    @Test
    void existingFileWithoutRegenOrForceIsAnError() throws Exception {
        Files.writeString(cfg(), "keep me");
        assertEquals(1, gen());
        assertEquals("error: config file " + cfg() + " already exists: use -r (--regen) to regenerate it keeping its"
                + " keys, or -f (--force) to overwrite it with new keys", err().strip());
        assertEquals("keep me", Files.readString(cfg()));
    }

    @Test
    void forceOverwritesWithNewKeys() throws Exception {
        assertEquals(0, gen());
        PubKey first = VisorConfig.load(cfg()).pk();
        assertEquals(0, gen("-f"), err());
        assertNotEquals(first, VisorConfig.load(cfg()).pk());
    }

    @Test
    void regenKeepsKeysAndDropsHypervisorsWithoutX() throws Exception {
        PubKey hv = KeyPair.generate().pk();
        assertEquals(0, gen("-j", hv.hex()));
        VisorConfig before = VisorConfig.load(cfg());
        assertEquals(List.of(hv), before.hypervisors());
        assertEquals(0, gen("-r", "-i"), err());
        VisorConfig after = VisorConfig.load(cfg());
        assertEquals(before.pk(), after.pk());
        assertEquals(before.sk().hex(), after.sk().hex());
        assertEquals(List.of(), after.hypervisors());
        assertNotNull(after.hypervisor());
    }

    @Test
    void regenWithRetainKeepsHypervisorsAndPtyWhitelist() throws Exception {
        PubKey hv = KeyPair.generate().pk();
        PubKey pty = KeyPair.generate().pk();
        PubKey hv2 = KeyPair.generate().pk();
        assertEquals(0, gen("--hvpk", hv.hex(), "--dmsgpty", pty.hex()));
        PubKey pk = VisorConfig.load(cfg()).pk();
        assertEquals(0, gen("-rx", "-j", hv2.hex() + "," + hv.hex()), err());
        VisorConfig after = VisorConfig.load(cfg());
        assertEquals(pk, after.pk());
        assertEquals(List.of(hv2, hv), after.hypervisors());
        assertEquals(List.of(pty), after.dmsgpty().whitelist());
    }

    @Test
    void birxBundle() throws Exception {
        assertEquals(0, gen());
        PubKey pk = VisorConfig.load(cfg()).pk();
        country = "DE";
        assertEquals(0, gen("-birx"), err());
        VisorConfig c = VisorConfig.load(cfg());
        assertEquals(pk, c.pk());
        assertNotNull(c.hypervisor());
        assertTrue(c.transport().publicAutoconnect());
        assertTrue(c.dmsgDiscovery().startsWith("http://"));
    }

    @Test
    void bestProtoInChinaUsesDmsghttp() throws Exception {
        country = "CN";
        assertEquals(0, gen("-b", "-n"), err());
        assertTrue(out().contains("\"discovery\": \"dmsg://"), out());
        assertTrue(out().contains("\"public_autoconnect\": false"), out());
        assertTrue(out().contains("\"static\": "), out());
    }

    @Test
    void regenOnCorruptConfigLeavesItUntouched() throws Exception {
        byte[] corrupt = "{\n  \"sk\": \"abc\",\n  \"pk\": [\n".getBytes(StandardCharsets.UTF_8);
        Files.write(cfg(), corrupt);
        assertEquals(1, gen("-r"));
        assertTrue(firstErrLine().startsWith("error: cannot regenerate: config file " + cfg()), err());
        assertEquals(1, err().lines().count(), err());
        assertArrayEquals(corrupt, Files.readAllBytes(cfg()));
        assertEquals(List.of(cfg()), files());
    }

    @Test
    void regenOnConfigWithBadKeyLeavesItUntouched() throws Exception {
        byte[] bad = "{\"sk\": \"nothex\"}".getBytes(StandardCharsets.UTF_8);
        Files.write(cfg(), bad);
        assertEquals(1, gen("-r"));
        assertTrue(firstErrLine().contains("\"sk\""), err());
        assertArrayEquals(bad, Files.readAllBytes(cfg()));
    }

    @Test
    void regenWithoutFileMakesNewKeys() throws Exception {
        assertEquals(0, gen("-r"), err());
        assertTrue(err().startsWith("warning: -r: "), err());
        assertNotNull(VisorConfig.load(cfg()).pk());
    }

    @Test
    void packagePathsWithExplicitOut() throws Exception {
        Path f = dir.resolve("pkg.json");
        assertEquals(0, gen("-p", "-i", "-o", f.toString()), err());
        VisorConfig c = VisorConfig.load(f);
        assertEquals("/opt/skywire/local", c.localPath());
        assertEquals("/opt/skywire/bin", c.launcher().binPath());
        assertEquals("/opt/skywire/local/transport_logs", c.transport().logStore().location());
        assertEquals("/opt/skywire/users.db", c.hypervisor().dbPath());
        assertTrue(c.hypervisor().enableAuth());
    }

    @Test
    void userPathsWriteIntoHome() throws Exception {
        Files.createDirectories(dir.resolve("home"));
        assertEquals(0, gen("-u"), err());
        Path f = dir.resolve("home/skywire-config.json");
        VisorConfig c = VisorConfig.load(f);
        assertEquals(dir.resolve("home") + "/.skywire/local", c.localPath());
        assertNotNull(c.hypervisor(), "-u enables the local hypervisor, as in Go");
    }

    @Test
    void hypervisorSection() throws Exception {
        assertEquals(0, gen("-i", "-n"), err());
        VisorConfig c = VisorConfig.parse(out(), "stdout");
        assertEquals(128, c.hypervisor().cookies().hashKey().length());
        assertEquals(64, c.hypervisor().cookies().blockKey().length());
        assertEquals(dir + "/users.db", c.hypervisor().dbPath());
        assertEquals(List.of(), files(), "-n writes no file");
    }

    @Test
    void stdoutSquash() throws Exception {
        assertEquals(0, gen("-nN"), err());
        assertEquals(1, out().strip().lines().count());
        assertTrue(out().startsWith("{\"version\":"));
    }

    @Test
    void unknownFlagIsUsageError() {
        assertEquals(2, gen("--bogus"));
        assertEquals("error: unknown flag: --bogus", firstErrLine());
        assertTrue(err().contains("Usage:\n  skywire cli config gen [flags]"), err());
        assertEquals("", out());
    }

    @Test
    void missingFlagValueIsUsageError() {
        assertEquals(2, gen("-o"));
        assertEquals("error: flag needs an argument: --out", firstErrLine());
    }

    @Test
    void positionalArgumentIsUsageError() {
        assertEquals(2, gen("extra"));
        assertTrue(firstErrLine().startsWith("error: unexpected argument \"extra\""), err());
    }

    @Test
    void badHypervisorKeyNamesFlag() throws Exception {
        assertEquals(2, gen("--hvpk", "02abc"));
        assertTrue(firstErrLine().startsWith("error: invalid value for -j/--hvpks: invalid public key \"02abc\""), err());
        assertEquals(List.of(), files());
        assertEquals(2, gen("-j", KeyPair.generate().pk().hex() + ",zz"));
        assertTrue(firstErrLine().contains("-j/--hvpks"), err());
    }

    @Test
    void badSecretKeyNamesFlag() throws Exception {
        assertEquals(2, gen("-s", "1234"));
        assertTrue(firstErrLine().startsWith("error: invalid value for -s/--sk: invalid secret key"), err());
        assertEquals(List.of(), files());
    }

    @Test
    void givenSecretKeyIsUsed() throws Exception {
        SecKey sk = KeyPair.generate().sk();
        assertEquals(0, gen("-s", sk.hex()), err());
        assertEquals(sk.pubKey(), VisorConfig.load(cfg()).pk());
    }

    @Test
    void badPortIsUsageError() {
        assertEquals(2, gen("--stcpr", "70000"));
        assertTrue(firstErrLine().contains("--stcpr"), err());
        assertEquals(2, gen("--minsess", "x"));
        assertTrue(firstErrLine().contains("expected an integer"), err());
    }

    @Test
    void conflictingFlags() {
        assertEquals(2, gen("-r", "-f"));
        assertTrue(firstErrLine().startsWith("error: -f/--force cannot be used with -r/--regen"), err());
        assertEquals(2, gen("-p", "-u"));
    }

    @Test
    void unwritableLocationWritesNothing() throws Exception {
        Path file = dir.resolve("plain-file");
        Files.writeString(file, "x");
        assertEquals(1, gen("-o", file.resolve("skywire.json").toString()));
        assertTrue(firstErrLine().startsWith("error: cannot write config file " + file.resolve("skywire.json")), err());
        assertEquals(1, err().lines().count(), err());
        assertEquals(List.of(file), files());

        assertEquals(1, gen("-o", dir.resolve("no/such/dir/c.json").toString()));
        assertTrue(firstErrLine().contains("does not exist"), err());
    }

    @Test
    void readOnlyDirectoryWritesNothing() throws Exception {
        Assumptions.assumeFalse("root".equals(System.getProperty("user.name")), "root ignores permissions");
        Path ro = Files.createDirectory(dir.resolve("ro"));
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assertEquals(1, gen("-o", ro.resolve("c.json").toString()));
            assertTrue(firstErrLine().contains("permission denied"), err());
            try (Stream<Path> s = Files.list(ro)) {
                assertEquals(0, s.count());
            }
        } finally {
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void envTemplate() {
        assertEquals(0, gen("-q"));
        for (String v : List.of("PKGENV", "USRENV", "SVCCONF", "DMSGCONF", "OUTPUT", "BINPATH", "SVCCONFADDR",
                "TESTENV", "DMSGHTTP", "MINDMSGSESS", "BESTPROTO", "VISORISPUBLIC", "DISABLEPUBLICAUTOCONN",
                "TPSETUPPKS", "SUDPHPORT", "STCPRPORT", "ROUTESETUPPKS", "HYPERVISORPKS", "DMSGPTYPKS", "SURVEYPKS",
                "ISHYPERVISOR", "DISPLAYNODEIP", "VPNSERVER", "PROXYCLIENTPK", "STARTPROXYCLIENT", "NOPROXYSERVER",
                "PROXYSEVERPASS", "PROXYCLIENTPASS", "VPNKS", "ADDVPNPK", "VPNCLIENTPASS", "VPNSEVERPASS",
                "VPNSEVERSECURE", "VPNSEVERNETIFC", "SK", "VERSION", "LOGLVL")) {
            assertTrue(out().contains("\n#" + v + "="), v);
        }
        // everything is commented out: the template parses to no variables
        assertEquals(Map.of(), SkyEnv.parse(out().lines().toList()).vars());
    }

    @Test
    void skyenvSetsDefaults() throws Exception {
        PubKey hv1 = KeyPair.generate().pk();
        PubKey hv2 = KeyPair.generate().pk();
        Path envFile = dir.resolve("skywire.conf");
        Files.writeString(envFile, String.join("\n",
                "# my settings",
                "ISHYPERVISOR=true",
                "HYPERVISORPKS=('" + hv1.hex() + "' \"" + hv2.hex() + "\")",
                "export LOGLVL=debug",
                "VISORISPUBLIC=true  # be public",
                "OUTPUT='" + dir.resolve("from-env.json") + "'",
                "STCPRPORT=7777",
                "VPNSERVER=1",
                ""));
        vars.put("SKYENV", envFile.toString());
        assertEquals(0, gen(), err());
        VisorConfig c = VisorConfig.load(dir.resolve("from-env.json"));
        assertNotNull(c.hypervisor());
        assertEquals(List.of(hv1, hv2), c.hypervisors());
        assertEquals("debug", c.logLevel());
        assertTrue(c.isPublic());
        assertEquals(7777, c.transport().stcprPort());
        assertTrue(c.launcher().app("vpn-server").autoStart());

        // flags still win over the env file
        assertEquals(0, gen("-f", "--loglvl", "warn", "--ishv=false", "-o", dir.resolve("flags.json").toString()), err());
        VisorConfig d = VisorConfig.load(dir.resolve("flags.json"));
        assertEquals("warn", d.logLevel());
        assertNull(d.hypervisor());
    }

    @Test
    void skyenvBadValueIsUsageError() throws Exception {
        Path envFile = dir.resolve("skywire.conf");
        Files.writeString(envFile, "ISHYPERVISOR=maybe\n");
        vars.put("SKYENV", envFile.toString());
        assertEquals(2, gen("-n"));
        assertTrue(firstErrLine().startsWith("error: ISHYPERVISOR=maybe in SKYENV file"), err());
        Files.writeString(envFile, "HYPERVISORPKS=('nope')\n");
        assertEquals(2, gen("-n"));
        assertTrue(firstErrLine().contains("HYPERVISORPKS in SKYENV file"), err());
    }

    @Test
    void skyenvSecretKey() throws Exception {
        SecKey sk = KeyPair.generate().sk();
        Path envFile = dir.resolve("skywire.conf");
        Files.writeString(envFile, "SK='" + sk.hex() + "'\n");
        vars.put("SKYENV", envFile.toString());
        assertEquals(0, gen("-n"), err());
        assertEquals(sk.pubKey(), VisorConfig.parse(out(), "stdout").pk());
    }

    @Test
    void helpHidesFlagsUnlessAll() {
        assertEquals(0, gen("-h"));
        assertTrue(out().contains("-b, --bestproto"), out());
        assertTrue(out().contains("-r, --regen"), out());
        assertFalse(out().contains("--retainhv"), out());
        assertEquals(0, gen("--all"));
        assertTrue(out().contains("-x, --retainhv"), out());
        assertTrue(out().contains("--svcconf"), out());
        vars.put("UNHIDEFLAGS", "1");
        assertEquals(0, gen("--help"));
        assertTrue(out().contains("--retainhv"), out());
    }

    @Test
    void servicesConfigFile() throws Exception {
        String k = KeyPair.generate().pk().hex();
        Path svc = dir.resolve("svc.json");
        Files.writeString(svc, "{\"dmsg_discovery\":\"http://localhost:9090\",\"transport_discovery\":\"http://localhost:9091\","
                + "\"route_setup_nodes\":[\"" + k + "\"],\"transport_setup\":[\"" + k + "\"]}");
        assertEquals(0, gen("-n", "--svcconf", svc.toString()), err());
        VisorConfig c = VisorConfig.parse(out(), "stdout");
        assertEquals("http://localhost:9090", c.dmsgDiscovery());
        assertEquals(List.of(PubKey.fromHex(k)), c.routing().routeSetupNodes());

        assertEquals(1, gen("-n", "--svcconf", dir.resolve("missing.json").toString()));
        assertTrue(firstErrLine().startsWith("error: services config file "), err());
        Files.writeString(svc, "{\"dmsg_discovery\":\"http://localhost:9090\"}");
        assertEquals(1, gen("-n", "-S", svc.toString()));
        assertTrue(firstErrLine().contains("transport_discovery"), err());
    }

    @Test
    void fetchFailureFallsBackToEmbedded() throws Exception {
        assertEquals(0, gen("-n", "-a", "http://conf.example"), err());
        assertTrue(err().startsWith("warning: cannot fetch the services config from http://conf.example"), err());
        assertEquals("http://dmsgd.skywire.skycoin.com", VisorConfig.parse(out(), "stdout").dmsgDiscovery());
    }

    @Test
    void testEnvAndAppFlags() throws Exception {
        PubKey srv = KeyPair.generate().pk();
        assertEquals(0, gen("-n", "-t", "-v", "-g", "skychat", "--noproxyserver", "--addvpn", srv.hex(),
                "--killsw", "true", "-y", "-z"), err());
        VisorConfig c = VisorConfig.parse(out(), "stdout");
        assertEquals("http://dmsgd.skywire.dev", c.dmsgDiscovery());
        assertNull(c.launcher().app("skychat"));
        assertTrue(c.launcher().app("vpn-server").autoStart());
        assertFalse(c.launcher().app("skysocks").autoStart());
        assertEquals(List.of("app", "vpn-client", "--dns", "1.1.1.1", "--killswitch", "true", "--srv", srv.hex()),
                c.launcher().app("vpn-client").args());
        assertFalse(c.transport().publicAutoconnect());
        assertTrue(c.isPublic());
        assertEquals(2, gen("-n", "--killsw", "maybe"));
        assertEquals(0, gen("-n", "--noautoconnect"), err());
        assertFalse(VisorConfig.parse(out(), "stdout").transport().publicAutoconnect());
    }

    @Test
    void hideFlag() throws Exception {
        assertEquals(0, gen("-w"), err());
        assertEquals("Updated file '" + cfg() + "'\n", out());
    }

    // ---- gen-keys / check-pk ----

    @Test
    void genKeysPrintsPkThenSk() {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        assertEquals(0, ConfigCommands.genKeys(new String[0], new PrintStream(o, true, StandardCharsets.UTF_8), System.err));
        List<String> lines = o.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(2, lines.size());
        assertEquals(SecKey.fromHex(lines.get(1)).pubKey(), PubKey.fromHex(lines.get(0)));
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        assertEquals(2, ConfigCommands.genKeys(new String[] {"-x"}, System.out, new PrintStream(e, true, StandardCharsets.UTF_8)));
        assertTrue(e.toString(StandardCharsets.UTF_8).startsWith("error: unknown flag: -x"));
    }

    @Test
    void checkPk() {
        String pk = KeyPair.generate().pk().hex();
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(o, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(e, true, StandardCharsets.UTF_8);
        assertEquals(0, ConfigCommands.checkPk(new String[] {pk}, out, err));
        assertEquals("Valid public key: " + pk + "\n", o.toString(StandardCharsets.UTF_8));
        assertEquals(1, ConfigCommands.checkPk(new String[] {"02zz"}, out, err));
        assertTrue(e.toString(StandardCharsets.UTF_8).startsWith("error: invalid public key"));
        assertEquals(2, ConfigCommands.checkPk(new String[0], out, err));
    }
}
