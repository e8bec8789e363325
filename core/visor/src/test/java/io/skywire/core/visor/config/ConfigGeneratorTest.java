package io.skywire.core.visor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skywire.core.crypto.KeyPair;
import io.skywire.core.crypto.PubKey;
import io.skywire.core.crypto.SecKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigGeneratorTest {
    @TempDir
    Path dir;

    private static ConfigGenerator.Options opts() {
        return new ConfigGenerator.Options().workDir("/work").home("/home/u").tmpDir("/tmp");
    }

    @Test
    void defaultsAsGoConfigGen() throws Exception {
        VisorConfig c = ConfigGenerator.generate(opts());
        Services prod = Services.embedded(false);
        assertEquals(VisorConfig.DEFAULT_VERSION, c.version());
        assertEquals(c.sk().pubKey(), c.pk());
        assertEquals("http://dmsgd.skywire.skycoin.com", c.dmsgDiscovery());
        assertEquals(2, c.dmsg().sessionsCount());
        assertEquals(List.of(), c.dmsg().servers());
        assertEquals("all", c.dmsg().serversType());
        assertEquals(22, c.dmsgpty().dmsgPort());
        assertEquals("/tmp/dmsgpty.sock", c.dmsgpty().cliAddress());
        assertEquals("http://tpd.skywire.skycoin.com", c.transport().discovery());
        assertEquals("http://ar.skywire.skycoin.com", c.transport().addressResolver());
        assertTrue(c.transport().publicAutoconnect());
        assertEquals(prod.transportSetup(), c.transport().transportSetup());
        assertEquals(10, c.transport().transportSetup().size());
        assertEquals("file", c.transport().logStore().type());
        assertEquals("./local/transport_logs", c.transport().logStore().location());
        assertEquals(Duration.ofDays(7), c.transport().logStore().rotationInterval());
        assertEquals(prod.routeSetupNodes(), c.routing().routeSetupNodes());
        assertEquals("http://rf.skywire.skycoin.com", c.routing().routeFinder());
        assertEquals(Duration.ofSeconds(10), c.routing().routeFinderTimeout());
        assertEquals("http://ut.skywire.skycoin.com", c.uptimeTracker().addr());
        assertEquals("http://sd.skycoin.com", c.launcher().serviceDiscovery());
        assertEquals("localhost:5505", c.launcher().serverAddr());
        assertEquals("./", c.launcher().binPath());
        assertEquals(prod.surveyWhitelist(), c.surveyWhitelist());
        assertEquals(List.of(), c.hypervisors());
        assertEquals("localhost:3435", c.cliAddr());
        assertEquals("info", c.logLevel());
        assertEquals("./local", c.localPath());
        assertEquals("./local/custom", c.dmsghttpServerPath());
        assertEquals(List.of("139.162.160.227:3479", "172.104.145.184:3479"), c.stunServers());
        assertEquals(Duration.ofSeconds(10), c.shutdownTimeout());
        assertFalse(c.isPublic());
        assertNull(c.hypervisor());
        assertTrue(c.toJson().contains("\"persistent_transports\": null"));

        List<AppConfig> apps = c.launcher().apps();
        assertEquals(List.of(
                new AppConfig("vpn-client", "skywire", List.of("app", "vpn-client", "--dns", "1.1.1.1"), false, 43),
                new AppConfig("skychat", "skywire", List.of("app", "skychat", "--addr", ":8001"), true, 1),
                new AppConfig("skysocks", "skywire", List.of("app", "skysocks"), true, 3),
                new AppConfig("skysocks-client", "skywire", List.of("app", "skysocks-client", "--addr", ":1080"), false, 13),
                new AppConfig("vpn-server", "skywire", List.of("app", "vpn-server"), false, 44)), apps);
    }

    @Test
    void generatedConfigLoadsStrictly() throws Exception {
        VisorConfig c = ConfigGenerator.generate(opts().hypervisor(true));
        Path f = dir.resolve("c.json");
        c.save(f, "  ");
        VisorConfig d = VisorConfig.load(f);
        assertEquals(c.toJson(), d.toJson());
        assertTrue(Files.readString(f, StandardCharsets.UTF_8).startsWith("{\n  \"version\""));
    }

    @Test
    void keepsGivenSecretKey() throws Exception {
        KeyPair kp = KeyPair.generate();
        VisorConfig c = ConfigGenerator.generate(opts().secretKey(kp.sk()));
        assertEquals(kp.pk(), c.pk());
        assertEquals(kp.sk().hex(), c.sk().hex());
    }

    @Test
    void testEnvironment() throws Exception {
        VisorConfig c = ConfigGenerator.generate(opts().testEnv(true));
        assertEquals("http://dmsgd.skywire.dev", c.dmsgDiscovery());
        assertEquals("http://sd.skywire.dev", c.launcher().serviceDiscovery());
        assertEquals(1, c.routing().routeSetupNodes().size());
    }

    @Test
    void hypervisorSection() throws Exception {
        VisorConfig c = ConfigGenerator.generate(opts().hypervisor(true));
        HypervisorConfig h = c.hypervisor();
        assertNotNull(h);
        assertEquals("/work/users.db", h.dbPath());
        assertFalse(h.enableAuth());
        assertEquals(128, h.cookies().hashKey().length());
        assertEquals(64, h.cookies().blockKey().length());
        assertTrue(h.cookies().hashKey().matches("[0-9a-f]+"));
        assertEquals(Duration.ofHours(12), h.cookies().expiresDuration());
        assertEquals("/", h.cookies().path());
        assertEquals(46, h.dmsgPort());
        assertEquals(":8000", h.httpAddr());
        assertEquals("./ssl/cert.pem", h.tlsCertFile());
        assertEquals("./ssl/key.pem", h.tlsKeyFile());
        assertTrue(c.toJson().contains("\"expires_duration\": 43200000000000,"));
        VisorConfig d = ConfigGenerator.generate(opts().hypervisor(true));
        assertFalse(h.cookies().hashKey().equals(d.hypervisor().cookies().hashKey()), "random per config");
        assertTrue(ConfigGenerator.generate(opts().hypervisor(true).os("win")).hypervisor().enableAuth());
        assertTrue(ConfigGenerator.generate(opts().hypervisor(true).hypervisorAuth(true)).hypervisor().enableAuth());
    }

    @Test
    void packagePaths() throws Exception {
        VisorConfig c = ConfigGenerator.generate(opts().paths(ConfigGenerator.PathMode.PACKAGE).hypervisor(true));
        assertEquals("/opt/skywire/local", c.localPath());
        assertEquals("/opt/skywire/local/custom", c.dmsghttpServerPath());
        assertEquals("/opt/skywire/local/transport_logs", c.transport().logStore().location());
        assertEquals("/opt/skywire/bin", c.launcher().binPath());
        assertEquals("/opt/skywire/users.db", c.hypervisor().dbPath());
        assertTrue(c.hypervisor().enableAuth());
        assertFalse(ConfigGenerator.generate(opts().paths(ConfigGenerator.PathMode.PACKAGE).hypervisor(true)
                .hypervisorAuth(false)).hypervisor().enableAuth());
    }

    @Test
    void userPaths() throws Exception {
        VisorConfig c = ConfigGenerator.generate(opts().paths(ConfigGenerator.PathMode.USER).hypervisor(true));
        assertEquals("/home/u/.skywire/local", c.localPath());
        assertEquals("/home/u/.skywire/users.db", c.hypervisor().dbPath());
        assertEquals("/home/u/.skywire/local/transport_logs", c.transport().logStore().location());
    }

    @Test
    void remoteHypervisorsAndOwnKey() throws Exception {
        KeyPair me = KeyPair.generate();
        PubKey a = KeyPair.generate().pk();
        PubKey b = KeyPair.generate().pk();
        VisorConfig c = ConfigGenerator.generate(opts().secretKey(me.sk()).hypervisors(List.of(a, b, a)));
        assertEquals(List.of(a, b), c.hypervisors());
        assertNull(c.hypervisor());
        VisorConfig d = ConfigGenerator.generate(opts().secretKey(me.sk()).hypervisors(List.of(a, me.pk())));
        assertEquals(List.of(a), d.hypervisors());
        assertNotNull(d.hypervisor(), "naming the own key makes this visor the hypervisor, as in Go");
    }

    @Test
    void flagsChangeApps() throws Exception {
        PubKey srv = KeyPair.generate().pk();
        VisorConfig c = ConfigGenerator.generate(opts().vpnServerAutoStart(true).proxyServerAutoStart(false)
                .proxyClientAutoStart(true).disabledApps(Set.of("skychat")).vpnServerPass("pw")
                .vpnServerSecure(true).vpnClientKillswitch(false).vpnClientServer(srv).proxyClientServer(srv)
                .proxyServerPass("sp").exampleApps(true).binPath("/usr/lib/skywire"));
        Launcher l = c.launcher();
        assertNull(l.app("skychat"));
        assertTrue(l.app("vpn-server").autoStart());
        assertEquals(List.of("app", "vpn-server", "--passcode", "pw", "--secure", "true"), l.app("vpn-server").args());
        assertFalse(l.app("skysocks").autoStart());
        assertEquals(List.of("app", "skysocks", "--passcode", "sp"), l.app("skysocks").args());
        assertTrue(l.app("skysocks-client").autoStart());
        assertEquals(List.of("app", "skysocks-client", "--addr", ":1080", "--srv", srv.hex()), l.app("skysocks-client").args());
        assertEquals(List.of("app", "vpn-client", "--dns", "1.1.1.1", "--killswitch", "false", "--srv", srv.hex()),
                l.app("vpn-client").args());
        assertEquals(45, l.app("example-server-app").port());
        assertEquals("/usr/lib/skywire", l.binPath());
    }

    @Test
    void transportOptions() throws Exception {
        VisorConfig c = ConfigGenerator.generate(opts().publicAutoconnect(false).isPublic(true).stcprPort(7000)
                .sudphPort(7001).minSessions(0).displayNodeIp(true).logLevel("debug"));
        assertFalse(c.transport().publicAutoconnect());
        assertTrue(c.isPublic());
        assertEquals(7000, c.transport().stcprPort());
        assertEquals(7001, c.transport().sudphPort());
        assertEquals(0, c.dmsg().sessionsCount());
        assertTrue(c.launcher().displayNodeIp());
        assertEquals("debug", c.logLevel());
    }

    @Test
    void dmsgHttp() throws Exception {
        VisorConfig c = ConfigGenerator.generate(opts().dmsgHttp(DmsgHttpConfig.embedded(false)));
        assertTrue(c.dmsgDiscovery().startsWith("dmsg://"));
        assertTrue(c.transport().discovery().startsWith("dmsg://"));
        assertTrue(c.routing().routeFinder().startsWith("dmsg://"));
        assertTrue(c.launcher().serviceDiscovery().startsWith("dmsg://"));
        assertEquals(6, c.dmsg().servers().size());
        assertTrue(c.toJson().contains("\t\t\t{\n\t\t\t\t\"version\": \"\",\n\t\t\t\t\"sequence\": 0,\n\t\t\t\t\"timestamp\": 0,\n"
                + "\t\t\t\t\"static\": \"0371ab4bcff7b121f4b91f6856d6740c6f9dc1fe716977850aeb5d84378b300a13\",\n"
                + "\t\t\t\t\"server\": {\n\t\t\t\t\t\"address\": \"139.162.160.227:30087\",\n"
                + "\t\t\t\t\t\"availableSessions\": 0\n\t\t\t\t}\n\t\t\t}"), c.toJson());
    }

    @Test
    void servicesFromFlatAndWrappedFiles() throws Exception {
        String one = KeyPair.generate().pk().hex();
        String flat = "{\"dmsg_discovery\":\"http://127.0.0.1:9090\",\"transport_discovery\":\"http://127.0.0.1:9091\","
                + "\"address_resolver\":\"http://127.0.0.1:9093\",\"route_finder\":\"http://127.0.0.1:9092\","
                + "\"route_setup_nodes\":[\"" + one + "\"],\"transport_setup\":[\"" + one + "\"],"
                + "\"uptime_tracker\":\"http://127.0.0.1:9096\",\"service_discovery\":\"http://127.0.0.1:9098\","
                + "\"stun_servers\":[\"127.0.0.1:3478\"],\"dns_server\":\"9.9.9.9\"}";
        Path f = dir.resolve("flat.json");
        Files.writeString(f, flat);
        Services s = Services.read(f, false);
        VisorConfig c = ConfigGenerator.generate(opts().services(s));
        assertEquals("http://127.0.0.1:9090", c.dmsgDiscovery());
        assertEquals(List.of("127.0.0.1:3478"), c.stunServers());
        assertEquals(List.of(), c.surveyWhitelist());
        assertEquals("9.9.9.9", c.launcher().app("vpn-client").args().get(3));

        Path w = dir.resolve("wrapped.json");
        Files.writeString(w, "{\"test\":" + flat.replace("9090", "1111") + ",\"prod\":" + flat + "}");
        assertEquals("http://127.0.0.1:1111", Services.read(w, true).dmsgDiscovery());
        assertEquals("http://127.0.0.1:9090", Services.read(w, false).dmsgDiscovery());
    }

    @Test
    void missingSetupNodesAreAllowedAndReported() throws Exception {
        Services s = new Services("", "http://d", "http://t", "", "", List.of(), List.of(KeyPair.generate().pk()),
                "", "", List.of(), "", List.of());
        VisorConfig c = ConfigGenerator.generate(opts().services(s));
        assertTrue(c.routing().routeSetupNodes().isEmpty());
        List<String> w = ConfigGenerator.warnings(c);
        assertEquals(1, w.size(), w.toString());
        assertTrue(w.get(0).startsWith("no route setup nodes"), w.get(0));
        VisorConfig ok = ConfigGenerator.generate(opts().services(s).extraRouteSetupNodes(List.of(KeyPair.generate().pk())));
        assertEquals(1, ok.routing().routeSetupNodes().size());
        assertTrue(ConfigGenerator.warnings(ok).isEmpty());
        Services noDisc = new Services("", "", "http://t", "", "", List.of(), List.of(), "", "", List.of(), "", List.of());
        assertTrue(assertThrows(ConfigException.class, () -> ConfigGenerator.generate(opts().services(noDisc)))
                .getMessage().contains("dmsg_discovery"));
    }

    @Test
    void badServicesKeyNamesTheField() throws Exception {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, "{\"prod\":{\"route_setup_nodes\":[\"zz\"]}}");
        ConfigException e = assertThrows(ConfigException.class, () -> Services.read(f, false));
        assertTrue(e.getMessage().contains("\"prod.route_setup_nodes[0]\""), e.getMessage());
        ConfigException m = assertThrows(ConfigException.class, () -> Services.read(f, true));
        assertTrue(m.getMessage().contains("no \"test\" deployment"), m.getMessage());
        assertThrows(ConfigException.class, () -> Services.read(dir.resolve("none.json"), false));
    }

    @Test
    void secKeyRoundTrip() throws Exception {
        SecKey sk = KeyPair.generate().sk();
        VisorConfig c = ConfigGenerator.generate(opts().secretKey(sk));
        assertEquals(sk.hex(), VisorConfig.parse(c.toJson(), "x").sk().hex());
    }
}
