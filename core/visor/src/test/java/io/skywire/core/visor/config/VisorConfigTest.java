package io.skywire.core.visor.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skywire.core.crypto.KeyPair;
import io.skywire.core.crypto.PubKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VisorConfigTest {
    static final String SK = "edbfbaaf1f4341e0536ba26249a8ee5d372699dab7be53aa9b38f335e479ce67";
    static final String PK = "038a737f250cbbb077bca10c2ed5b2ba698bb3ffa72c412e095a92e01b72bf4b6b";

    /**
     * The {@code config gen -bpirxn} output of cmd/skywire/README.md (the surface doc's example), with shorter key
     * lists: what Go's {@code json.MarshalIndent(conf, "", "\t")} writes.
     */
    static final String GOLDEN = """
            {
                "version": "v1.3.20",
                "sk": "edbfbaaf1f4341e0536ba26249a8ee5d372699dab7be53aa9b38f335e479ce67",
                "pk": "038a737f250cbbb077bca10c2ed5b2ba698bb3ffa72c412e095a92e01b72bf4b6b",
                "dmsg": {
                    "discovery": "http://dmsgd.skywire.skycoin.com",
                    "sessions_count": 2,
                    "servers": [],
                    "servers_type": "all"
                },
                "dmsgpty": {
                    "dmsg_port": 22,
                    "cli_network": "unix",
                    "cli_address": "/tmp/dmsgpty.sock",
                    "whitelist": []
                },
                "skywire-tcp": {
                    "pk_table": null,
                    "listening_address": ":7777"
                },
                "transport": {
                    "discovery": "http://tpd.skywire.skycoin.com",
                    "address_resolver": "http://ar.skywire.skycoin.com",
                    "public_autoconnect": true,
                    "transport_setup": [
                        "03530b786c670fc7f5ab9021478c7ec9cd06a03f3ea1416c50c4a8889ef5bba80e",
                        "03271c0de223b80400d9bd4b7722b536a245eb6c9c3176781ee41e7bac8f9bad21"
                    ],
                    "log_store": {
                        "type": "file",
                        "location": "/opt/skywire/local/transport_logs",
                        "rotation_interval": "168h0m0s"
                    },
                    "stcpr_port": 0,
                    "sudph_port": 0
                },
                "routing": {
                    "route_setup_nodes": [
                        "0324579f003e6b4048bae2def4365e634d8e0e3054a20fc7af49daf2a179658557",
                        "024fbd3997d4260f731b01abcfce60b8967a6d4c6a11d1008812810ea1437ce438",
                        "03b87c282f6e9f70d97aeea90b07cf09864a235ef718725632d067873431dd1015"
                    ],
                    "route_finder": "http://rf.skywire.skycoin.com",
                    "route_finder_timeout": "10s",
                    "min_hops": 0
                },
                "uptime_tracker": {
                    "addr": "http://ut.skywire.skycoin.com"
                },
                "launcher": {
                    "service_discovery": "http://sd.skycoin.com",
                    "apps": [
                        {
                            "name": "vpn-client",
                            "binary": "skywire",
                            "args": [
                                "app",
                                "vpn-client",
                                "--dns",
                                "1.1.1.1"
                            ],
                            "auto_start": false,
                            "port": 43
                        },
                        {
                            "name": "skychat",
                            "binary": "skywire",
                            "args": [
                                "app",
                                "skychat",
                                "--addr",
                                ":8001"
                            ],
                            "auto_start": true,
                            "port": 1
                        },
                        {
                            "name": "skysocks",
                            "binary": "skywire",
                            "args": [
                                "app",
                                "skysocks"
                            ],
                            "auto_start": true,
                            "port": 3
                        },
                        {
                            "name": "skysocks-client",
                            "binary": "skywire",
                            "args": [
                                "app",
                                "skysocks-client",
                                "--addr",
                                ":1080"
                            ],
                            "auto_start": false,
                            "port": 13
                        },
                        {
                            "name": "vpn-server",
                            "binary": "skywire",
                            "args": [
                                "app",
                                "vpn-server"
                            ],
                            "auto_start": false,
                            "port": 44
                        }
                    ],
                    "server_addr": "localhost:5505",
                    "bin_path": "/opt/skywire/bin",
                    "display_node_ip": false
                },
                "survey_whitelist": [
                    "02b5ee5333aa6b7f5fc623b7d5f35f505cb7f974e98a70751cf41962f84c8c4637",
                    "03714c8bdaee0fb48f47babbc47c33e1880752b6620317c9d56b30f3b0ff58a9c3"
                ],
                "hypervisors": [],
                "cli_addr": "localhost:3435",
                "log_level": "",
                "local_path": "/opt/skywire/local",
                "dmsghttp_server_path": "/opt/skywire/local/custom",
                "stun_servers": [
                    "192.53.117.238:3478",
                    "170.187.225.246:3478"
                ],
                "shutdown_timeout": "10s",
                "is_public": false,
                "persistent_transports": null,
                "hypervisor": {
                    "db_path": "/opt/skywire/users.db",
                    "enable_auth": true,
                    "cookies": {
                        "hash_key": "acce5f29bc86e280ecd58b78fc75401e1cfb94c3b613ed2fd6522d934cfb4f06c4ef932d7aec3b6d1c9a4974a2829bc464644731afb03412ecda2806502ea436",
                        "block_key": "c641019012c9313eb71800d9d7561edb93d393b8d2957ebb050d9864911c9477",
                        "expires_duration": 43200000000000,
                        "path": "/",
                        "domain": ""
                    },
                    "dmsg_port": 46,
                    "http_addr": ":8000",
                    "enable_tls": false,
                    "tls_cert_file": "./ssl/cert.pem",
                    "tls_key_file": "./ssl/key.pem"
                }
            }""".replace("    ", "\t");

    static final List<String> TOP_LEVEL_ORDER = List.of("version", "sk", "pk", "dmsg", "dmsgpty", "skywire-tcp",
            "transport", "routing", "uptime_tracker", "launcher", "survey_whitelist", "hypervisors", "cli_addr",
            "log_level", "local_path", "dmsghttp_server_path", "stun_servers", "shutdown_timeout", "is_public",
            "persistent_transports", "hypervisor");

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    @Test
    void goldenRoundTripIsByteIdentical() throws Exception {
        VisorConfig c = VisorConfig.parse(GOLDEN, "golden");
        assertEquals(GOLDEN, c.toJson());
    }

    @Test
    void loadSaveLoad() throws Exception {
        Path f = write("skywire-config.json", GOLDEN);
        VisorConfig a = VisorConfig.load(f);
        Path g = dir.resolve("copy.json");
        a.save(g);
        assertEquals(GOLDEN, Files.readString(g));
        VisorConfig b = VisorConfig.load(g);
        assertEquals(a.toJson(), b.toJson());
        assertEquals(PK, b.pk().hex());
        assertEquals(SK, b.sk().hex());
    }

    @Test
    void accessors() throws Exception {
        VisorConfig c = VisorConfig.parse(GOLDEN, "golden");
        assertEquals("v1.3.20", c.version());
        assertEquals("/opt/skywire/local", c.localPath());
        assertEquals("localhost:3435", c.cliAddr());
        assertEquals("", c.logLevel());
        assertEquals(List.of(), c.hypervisors());
        assertEquals("http://dmsgd.skywire.skycoin.com", c.dmsgDiscovery());
        assertFalse(c.isPublic());
        assertEquals(Duration.ofSeconds(10), c.shutdownTimeout());
        Launcher l = c.launcher();
        assertEquals("http://sd.skycoin.com", l.serviceDiscovery());
        assertEquals("/opt/skywire/bin", l.binPath());
        List<String> names = l.apps().stream().map(AppConfig::name).toList();
        assertEquals(List.of("vpn-client", "skychat", "skysocks", "skysocks-client", "vpn-server"), names);
        AppConfig chat = l.app("skychat");
        assertEquals("skywire", chat.binary());
        assertEquals(List.of("app", "skychat", "--addr", ":8001"), chat.args());
        assertTrue(chat.autoStart());
        assertEquals(1, chat.port());
        assertEquals(Duration.ofDays(7), c.transport().logStore().rotationInterval());
        assertEquals(Duration.ofHours(12), c.hypervisor().cookies().expiresDuration());
        assertEquals(46, c.hypervisor().dmsgPort());
        assertEquals(3, c.routing().routeSetupNodes().size());
    }

    @Test
    void topLevelOrderAndNames() throws Exception {
        VisorConfig c = VisorConfig.parse(GOLDEN, "golden");
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(c.toJson());
        List<String> keys = new ArrayList<>();
        tree.fieldNames().forEachRemaining(keys::add);
        assertEquals(TOP_LEVEL_ORDER, keys);
    }

    @Test
    void missingKeysGetGoDefaults() throws Exception {
        VisorConfig c = VisorConfig.parse("{\"sk\":\"" + SK + "\",\"pk\":\"" + PK + "\"}", "minimal");
        assertEquals("localhost:3435", c.cliAddr());
        assertEquals("info", c.logLevel());
        assertEquals("./local", c.localPath());
        assertEquals("http://dmsgd.skywire.skycoin.com", c.dmsgDiscovery());
        assertEquals(1, c.dmsg().sessionsCount());
        assertEquals(List.of(), c.launcher().apps());
        assertEquals(Duration.ofSeconds(10), c.shutdownTimeout());
        assertEquals(Duration.ofSeconds(10), c.routing().routeFinderTimeout());
        assertEquals(":7777", c.stcp().listeningAddress());
        assertNull(c.hypervisor());
        String json = c.toJson();
        assertTrue(json.contains("\"hypervisors\": null"), json);
        assertTrue(json.contains("\"apps\": null"), json);
        assertFalse(json.contains("\"hypervisor\":"), json);
    }

    @Test
    void nestedMissingKeysKeepDefaults() throws Exception {
        VisorConfig c = VisorConfig.parse("{\"sk\":\"" + SK + "\",\"pk\":\"" + PK
                + "\",\"transport\":{\"log_store\":{\"type\":\"memory\"}},\"dmsg\":{\"discovery\":\"http://x\"}}", "m");
        assertEquals("memory", c.transport().logStore().type());
        assertEquals("./local/transport_logs", c.transport().logStore().location());
        assertEquals("http://tpd.skywire.skycoin.com", c.transport().discovery());
        assertEquals("http://x", c.dmsgDiscovery());
        assertEquals("all", c.dmsg().serversType());
    }

    @Test
    void unknownKeysArePreservedAfterKnownOnes() throws Exception {
        String withExtras = GOLDEN.replace("\t\"version\": \"v1.3.20\",", "\t\"future\": {\"a\": [1, 2]},\n\t\"version\": \"v1.3.20\",")
                .replace("\t\t\"stcpr_port\": 0,", "\t\t\"quic_port\": 9,\n\t\t\"stcpr_port\": 0,")
                .replace("\"port\": 43", "\"port\": 43, \"note\": \"x\"");
        VisorConfig c = VisorConfig.parse(withExtras, "extras");
        String out = c.toJson();
        assertTrue(out.endsWith("\t},\n\t\"future\": {\n\t\t\"a\": [\n\t\t\t1,\n\t\t\t2\n\t\t]\n\t}\n}"), out);
        assertTrue(out.contains("\t\t\"sudph_port\": 0,\n\t\t\"quic_port\": 9\n"), out);
        assertTrue(out.contains("\"port\": 43,\n\t\t\t\t\"note\": \"x\"\n"), out);
        assertEquals(1, c.unknownFields().size());
        // a second round trip is stable
        assertEquals(out, VisorConfig.parse(out, "again").toJson());
    }

    @Test
    void goStyleEscaping() throws Exception {
        VisorConfig c = VisorConfig.parse(GOLDEN, "golden");
        c.setLogLevel("<a&b>\"\\\n");
        assertTrue(c.toJson().contains("\"log_level\": \"\\u003ca\\u0026b\\u003e\\\"\\\\\\n\""), c.toJson());
        assertEquals("<a&b>\"\\\n", VisorConfig.parse(c.toJson(), "x").logLevel());
    }

    @Test
    void compactAndTwoSpace() throws Exception {
        VisorConfig c = VisorConfig.parse(GOLDEN, "golden");
        assertTrue(c.toJson(null).startsWith("{\"version\":\"v1.3.20\",\"sk\":"));
        assertTrue(c.toJson("  ").startsWith("{\n  \"version\": \"v1.3.20\",\n  \"sk\""));
        assertFalse(c.toJson().endsWith("\n"));
    }

    @Test
    void nullsInsideArraysAreDropped() throws Exception {
        VisorConfig c = VisorConfig.parse("{\"sk\":\"" + SK + "\",\"pk\":\"" + PK + "\",\"hypervisors\":[null],"
                + "\"stun_servers\":[\"a:1\",null],\"launcher\":{\"apps\":[null]},\"cli_addr\":null}", "nulls");
        assertEquals(List.of(), c.hypervisors());
        assertEquals(List.of("a:1"), c.stunServers());
        assertEquals(List.of(), c.launcher().apps());
        assertEquals("localhost:3435", c.cliAddr());
    }

    // ---- errors ----

    @Test
    void missingFile() {
        Path f = dir.resolve("nope.json");
        ConfigException e = assertThrows(ConfigException.class, () -> VisorConfig.load(f));
        assertEquals("config file " + f + " not found: generate one with \"skywire cli config gen -o " + f + "\"",
                e.getMessage());
    }

    @Test
    void invalidJsonSaysLineAndColumn() throws Exception {
        Path f = write("bad.json", "{\n  \"sk\": \"" + SK + "\",\n  \"pk\" \"x\"\n}");
        ConfigException e = assertThrows(ConfigException.class, () -> VisorConfig.load(f));
        assertTrue(e.getMessage().startsWith("config file " + f + " is not valid JSON: line 3, column 8: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void emptyFile() throws Exception {
        Path f = write("empty.json", "");
        ConfigException e = assertThrows(ConfigException.class, () -> VisorConfig.load(f));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void wrongTypeNamesTheField() throws Exception {
        Path f = write("t.json", "{\"sk\":\"" + SK + "\",\"pk\":\"" + PK + "\",\"dmsg\":{\"sessions_count\":\"two\"}}");
        ConfigException e = assertThrows(ConfigException.class, () -> VisorConfig.load(f));
        assertTrue(e.getMessage().contains("field \"dmsg.sessions_count\": expected an integer"), e.getMessage());
    }

    @Test
    void badPk() throws Exception {
        Path f = write("pk.json", "{\"sk\":\"" + SK + "\",\"pk\":\"03zz\"}");
        ConfigException e = assertThrows(ConfigException.class, () -> VisorConfig.load(f));
        assertTrue(e.getMessage().contains("field \"pk\": invalid public key"), e.getMessage());
        assertTrue(e.getMessage().contains("expected 66 hex characters"), e.getMessage());
    }

    @Test
    void badHypervisorKeyNamesIndex() throws Exception {
        Path f = write("hv.json", "{\"sk\":\"" + SK + "\",\"pk\":\"" + PK + "\",\"hypervisors\":[\"" + PK + "\",\"02ab\"]}");
        ConfigException e = assertThrows(ConfigException.class, () -> VisorConfig.load(f));
        assertTrue(e.getMessage().contains("field \"hypervisors[1]\""), e.getMessage());
    }

    @Test
    void badSkDoesNotEchoIt() throws Exception {
        Path f = write("sk.json", "{\"sk\":\"secretsecret\",\"pk\":\"" + PK + "\"}");
        ConfigException e = assertThrows(ConfigException.class, () -> VisorConfig.load(f));
        assertTrue(e.getMessage().contains("field \"sk\": invalid secret key"), e.getMessage());
        assertFalse(e.getMessage().contains("secretsecret"), e.getMessage());
    }

    @Test
    void missingSk() throws Exception {
        Path f = write("nosk.json", "{\"pk\":\"" + PK + "\"}");
        ConfigException e = assertThrows(ConfigException.class, () -> VisorConfig.load(f));
        assertTrue(e.getMessage().contains("\"sk\" is missing"), e.getMessage());
        assertNull(VisorConfig.loadLenient(f).sk());
    }

    @Test
    void missingPkSaysWhatIsExpected() throws Exception {
        Path f = write("nopk.json", "{\"sk\":\"" + SK + "\"}");
        ConfigException e = assertThrows(ConfigException.class, () -> VisorConfig.load(f));
        assertTrue(e.getMessage().contains("\"pk\" is missing or zero: expected " + PK), e.getMessage());
    }

    @Test
    void pkNotMatchingSk() throws Exception {
        String other = KeyPair.generate().pk().hex();
        Path f = write("mismatch.json", "{\"sk\":\"" + SK + "\",\"pk\":\"" + other + "\"}");
        ConfigException e = assertThrows(ConfigException.class, () -> VisorConfig.load(f));
        assertTrue(e.getMessage().contains("\"pk\" " + other + " does not match \"sk\": expected " + PK), e.getMessage());
    }

    @Test
    void duplicateAppName() throws Exception {
        String dup = GOLDEN.replace("\"name\": \"skysocks-client\"", "\"name\": \"skysocks\"");
        ConfigException e = assertThrows(ConfigException.class, () -> VisorConfig.parse(dup, "dup"));
        assertTrue(e.getMessage().contains("launcher.apps[3].name"), e.getMessage());
    }

    // ---- app changes ----

    @Test
    void setAppAutoStartAndSave() throws Exception {
        Path f = write("c.json", GOLDEN);
        VisorConfig c = VisorConfig.load(f);
        List<AppConfig> before = c.launcher().apps();
        assertTrue(c.setAppAutoStart("skychat", false));
        assertFalse(c.setAppAutoStart("nope", true));
        assertTrue(before.get(1).autoStart(), "snapshots do not change");
        c.save(f);
        VisorConfig d = VisorConfig.load(f);
        assertFalse(d.launcher().app("skychat").autoStart());
        assertEquals(GOLDEN.replace("\"auto_start\": true,\n\t\t\t\t\"port\": 1", "\"auto_start\": false,\n\t\t\t\t\"port\": 1"),
                Files.readString(f));
    }

    @Test
    void appArgs() throws Exception {
        VisorConfig c = VisorConfig.parse(GOLDEN, "golden");
        assertTrue(c.updateAppArg("vpn-server", "--passcode", "pw"));
        assertEquals(List.of("app", "vpn-server", "--passcode", "pw"), c.launcher().app("vpn-server").args());
        c.updateAppArg("vpn-server", "--passcode", "pw2");
        assertEquals(List.of("app", "vpn-server", "--passcode", "pw2"), c.launcher().app("vpn-server").args());
        c.updateAppArg("vpn-server", "--passcode", "");
        assertEquals(List.of("app", "vpn-server"), c.launcher().app("vpn-server").args());
        c.updateAppBoolArg("vpn-client", "--killswitch", true);
        assertEquals("-killswitch=true", c.launcher().app("vpn-client").args().get(4));
        c.updateAppBoolArg("vpn-client", "--killswitch", false);
        assertEquals(List.of("app", "vpn-client", "--dns", "1.1.1.1", "-killswitch=false"),
                c.launcher().app("vpn-client").args());
        c.setAppArgs("skysocks", List.of());
        assertFalse(c.toJson().contains("\"args\": [\n\t\t\t\t\t\"app\",\n\t\t\t\t\t\"skysocks\"\n"));
        assertTrue(c.addApp(new AppConfig("x", "skywire", null, false, 99)));
        assertFalse(c.addApp(new AppConfig("x", "skywire", null, false, 98)));
        assertTrue(c.removeApp("x"));
    }

    // ---- saving ----

    @Test
    void saveIsAtomicAndLeavesNoTempFiles() throws Exception {
        VisorConfig c = VisorConfig.parse(GOLDEN, "golden");
        Path f = dir.resolve("out.json");
        c.save(f);
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(f), s.toList());
        }
        if (Files.getFileAttributeView(f, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
            assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
            c.save(f);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        }
    }

    @Test
    void saveIntoMissingDirectoryFailsCleanly() throws Exception {
        VisorConfig c = VisorConfig.parse(GOLDEN, "golden");
        Path f = dir.resolve("missing/out.json");
        assertThrows(IOException.class, () -> c.save(f));
        assertFalse(Files.exists(dir.resolve("missing")));
        Path file = write("afile", "x");
        assertThrows(IOException.class, () -> c.save(file.resolve("out.json")));
        assertEquals("x", Files.readString(file));
    }

    @Test
    void saveThroughSymlink() throws Exception {
        VisorConfig c = VisorConfig.parse(GOLDEN, "golden");
        Path real = write("real.json", "{}");
        Path link = dir.resolve("link.json");
        Files.createSymbolicLink(link, real);
        c.save(link);
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(GOLDEN, Files.readString(real));
    }

    @Test
    void copyIsDeep() throws Exception {
        VisorConfig c = VisorConfig.parse(GOLDEN, "golden");
        VisorConfig d = c.copy();
        d.setAppAutoStart("skychat", false);
        d.transport().setStcprPort(5);
        assertTrue(c.launcher().app("skychat").autoStart());
        assertEquals(0, c.transport().stcprPort());
        assertArrayEquals(GOLDEN.getBytes(StandardCharsets.UTF_8), c.toJson().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void persistentTransports() throws Exception {
        String pt = GOLDEN.replace("\"persistent_transports\": null",
                "\"persistent_transports\": [{\"pk\": \"" + PK + "\", \"type\": \"stcpr\"}]");
        VisorConfig c = VisorConfig.parse(pt, "pt");
        assertEquals(1, c.persistentTransports().size());
        assertEquals(PubKey.fromHex(PK), c.persistentTransports().get(0).pk());
        assertEquals("stcpr", c.persistentTransports().get(0).type());
        assertTrue(c.toJson().contains("\"persistent_transports\": [\n\t\t{\n\t\t\t\"pk\": \"" + PK
                + "\",\n\t\t\t\"type\": \"stcpr\"\n\t\t}\n\t]"), c.toJson());
        assertNotNull(c.copy());
    }
}
