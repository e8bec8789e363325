package io.skywire.core.visor.config;

import io.skywire.core.crypto.KeyPair;
import io.skywire.core.crypto.PubKey;
import io.skywire.core.crypto.SecKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes a new visor config from {@link Options}, with the values Go's {@code skywire cli config gen} writes. Pure:
 * no file or network access (the caller reads services, old configs and flags); only the keys and the hypervisor
 * cookie keys are random.
 */
public final class ConfigGenerator {
    /** The package installation directory ({@code -p}). */
    public static final String PKG_DIR = "/opt/skywire";
    /** The package config file ({@code config gen -p}). */
    public static final String PKG_CONFIG = PKG_DIR + "/skywire.json";
    /** The default config file name. */
    public static final String CONFIG_NAME = "skywire-config.json";
    /** The skynet port and default arguments of the built-in apps, as Go's {@code skyenv}. */
    public static final String VPN_CLIENT = "vpn-client";
    /** skychat app name. */
    public static final String SKYCHAT = "skychat";
    /** skysocks (proxy server) app name. */
    public static final String SKYSOCKS = "skysocks";
    /** skysocks-client (proxy client) app name. */
    public static final String SKYSOCKS_CLIENT = "skysocks-client";
    /** vpn-server app name. */
    public static final String VPN_SERVER = "vpn-server";
    /** Go's fallback DNS server for vpn-client. */
    public static final String DEFAULT_DNS = "1.1.1.1";

    /** Which set of paths to write. */
    public enum PathMode {
        /** Relative paths: {@code ./local}, bin_path {@code ./}, hypervisor db in the working directory. */
        DEFAULT,
        /** Package paths under {@value ConfigGenerator#PKG_DIR} ({@code -p}). */
        PACKAGE,
        /** User paths under {@code $HOME/.skywire} ({@code -u}). */
        USER
    }

    private ConfigGenerator() {
    }

    /** What to generate. Defaults are those of {@code config gen} without flags. Setters return this. */
    public static final class Options {
        SecKey secretKey;
        String version = VisorConfig.DEFAULT_VERSION;
        boolean testEnv;
        Services services;
        DmsgHttpConfig dmsgHttp;
        int minSessions = 2;
        boolean publicAutoconnect = true;
        boolean isPublic;
        boolean displayNodeIp;
        int stcprPort;
        int sudphPort;
        String logLevel = VisorConfig.DEFAULT_LOG_LEVEL;
        PathMode paths = PathMode.DEFAULT;
        String home = System.getProperty("user.home", "");
        String workDir = System.getProperty("user.dir", ".");
        String tmpDir;
        String os = "linux";
        boolean hypervisor;
        Boolean hypervisorAuth;
        List<PubKey> hypervisors = new ArrayList<>();
        List<PubKey> dmsgptyWhitelist = new ArrayList<>();
        List<PubKey> extraSurveyWhitelist = new ArrayList<>();
        List<PubKey> extraRouteSetupNodes = new ArrayList<>();
        List<PubKey> extraTransportSetup = new ArrayList<>();
        Set<String> disabledApps = new LinkedHashSet<>();
        boolean exampleApps;
        boolean vpnServerAutoStart;
        boolean proxyServerAutoStart = true;
        boolean proxyClientAutoStart;
        PubKey proxyClientServer;
        String proxyServerPass = "";
        String proxyClientPass = "";
        Boolean vpnClientKillswitch;
        PubKey vpnClientServer;
        String vpnClientPass = "";
        String vpnServerPass = "";
        Boolean vpnServerSecure;
        String vpnServerNetIfc = "";
        String binPath;
        SecureRandom random;

        /** @param sk the visor's secret key, null for a new random key pair @return this */
        public Options secretKey(SecKey sk) {
            this.secretKey = sk;
            return this;
        }

        /** @param v the {@code version} to write (default {@value VisorConfig#DEFAULT_VERSION}) @return this */
        public Options version(String v) {
            this.version = v;
            return this;
        }

        /** @param v use the test deployment ({@code -t}) @return this */
        public Options testEnv(boolean v) {
            this.testEnv = v;
            return this;
        }

        /** @param s the services to use, null for the embedded ones of the chosen deployment @return this */
        public Options services(Services s) {
            this.services = s;
            return this;
        }

        /** @param d reach the services over dmsg with these servers/URLs ({@code -d}), null for HTTP @return this */
        public Options dmsgHttp(DmsgHttpConfig d) {
            this.dmsgHttp = d;
            return this;
        }

        /** @param n {@code dmsg.sessions_count} ({@code --minsess}, default 2) @return this */
        public Options minSessions(int n) {
            this.minSessions = n;
            return this;
        }

        /** @param v {@code transport.public_autoconnect} (false with {@code -y}) @return this */
        public Options publicAutoconnect(boolean v) {
            this.publicAutoconnect = v;
            return this;
        }

        /** @param v {@code is_public} ({@code -z}) @return this */
        public Options isPublic(boolean v) {
            this.isPublic = v;
            return this;
        }

        /** @param v {@code launcher.display_node_ip} ({@code -l}) @return this */
        public Options displayNodeIp(boolean v) {
            this.displayNodeIp = v;
            return this;
        }

        /** @param p {@code transport.stcpr_port} ({@code --stcpr}) @return this */
        public Options stcprPort(int p) {
            this.stcprPort = p;
            return this;
        }

        /** @param p {@code transport.sudph_port} ({@code --sudph}) @return this */
        public Options sudphPort(int p) {
            this.sudphPort = p;
            return this;
        }

        /** @param l {@code log_level} ({@code --loglvl}, default info) @return this */
        public Options logLevel(String l) {
            this.logLevel = l;
            return this;
        }

        /** @param m which paths to write ({@code -p}, {@code -u}) @return this */
        public Options paths(PathMode m) {
            this.paths = m;
            return this;
        }

        /** @param h the user's home directory (for {@link PathMode#USER}) @return this */
        public Options home(String h) {
            this.home = h;
            return this;
        }

        /** @param d the working directory (the hypervisor {@code db_path} is {@code <dir>/users.db}) @return this */
        public Options workDir(String d) {
            this.workDir = d;
            return this;
        }

        /** @param d the temp directory for the dmsgpty socket, null for {@code $TMPDIR} or /tmp @return this */
        public Options tmpDir(String d) {
            this.tmpDir = d;
            return this;
        }

        /** @param o "linux", "mac" or "win" ({@code -k}); mac and win force hypervisor auth on @return this */
        public Options os(String o) {
            this.os = o;
            return this;
        }

        /** @param v add the local hypervisor section ({@code -i}) @return this */
        public Options hypervisor(boolean v) {
            this.hypervisor = v;
            return this;
        }

        /** @param v force {@code hypervisor.enable_auth} ({@code -e} true, {@code -c} false), null for the default @return this */
        public Options hypervisorAuth(Boolean v) {
            this.hypervisorAuth = v;
            return this;
        }

        /** @param keys remote hypervisors ({@code -j}); the visor's own key turns on {@link #hypervisor} instead @return this */
        public Options hypervisors(List<PubKey> keys) {
            this.hypervisors = new ArrayList<>(keys);
            return this;
        }

        /** @param keys {@code dmsgpty.whitelist} ({@code --dmsgpty}) @return this */
        public Options dmsgptyWhitelist(List<PubKey> keys) {
            this.dmsgptyWhitelist = new ArrayList<>(keys);
            return this;
        }

        /** @param keys survey whitelist keys added to the services' ones ({@code --survey}) @return this */
        public Options extraSurveyWhitelist(List<PubKey> keys) {
            this.extraSurveyWhitelist = new ArrayList<>(keys);
            return this;
        }

        /** @param keys route setup nodes added to the services' ones ({@code --routesetup}) @return this */
        public Options extraRouteSetupNodes(List<PubKey> keys) {
            this.extraRouteSetupNodes = new ArrayList<>(keys);
            return this;
        }

        /** @param keys transport setup nodes added to the services' ones ({@code --tpsetup}) @return this */
        public Options extraTransportSetup(List<PubKey> keys) {
            this.extraTransportSetup = new ArrayList<>(keys);
            return this;
        }

        /** @param names apps to leave out ({@code -g}) @return this */
        public Options disabledApps(Set<String> names) {
            this.disabledApps = new LinkedHashSet<>(names);
            return this;
        }

        /** @param v add example-server-app and example-client-app ({@code -m}) @return this */
        public Options exampleApps(boolean v) {
            this.exampleApps = v;
            return this;
        }

        /** @param v vpn-server auto_start ({@code -v}) @return this */
        public Options vpnServerAutoStart(boolean v) {
            this.vpnServerAutoStart = v;
            return this;
        }

        /** @param v skysocks auto_start (false with {@code --noproxyserver}) @return this */
        public Options proxyServerAutoStart(boolean v) {
            this.proxyServerAutoStart = v;
            return this;
        }

        /** @param v skysocks-client auto_start ({@code --startproxyclient}) @return this */
        public Options proxyClientAutoStart(boolean v) {
            this.proxyClientAutoStart = v;
            return this;
        }

        /** @param pk skysocks-client {@code --srv} ({@code --proxyclientpk}) @return this */
        public Options proxyClientServer(PubKey pk) {
            this.proxyClientServer = pk;
            return this;
        }

        /** @param p skysocks {@code --passcode} ({@code --proxyserverpass}) @return this */
        public Options proxyServerPass(String p) {
            this.proxyServerPass = p == null ? "" : p;
            return this;
        }

        /** @param p skysocks-client {@code --passcode} ({@code --proxyclientpass}) @return this */
        public Options proxyClientPass(String p) {
            this.proxyClientPass = p == null ? "" : p;
            return this;
        }

        /** @param v vpn-client {@code --killswitch} ({@code --killsw}), null to leave out @return this */
        public Options vpnClientKillswitch(Boolean v) {
            this.vpnClientKillswitch = v;
            return this;
        }

        /** @param pk vpn-client {@code --srv} ({@code --addvpn}) @return this */
        public Options vpnClientServer(PubKey pk) {
            this.vpnClientServer = pk;
            return this;
        }

        /** @param p vpn-client {@code --passcode} ({@code --vpnpass}) @return this */
        public Options vpnClientPass(String p) {
            this.vpnClientPass = p == null ? "" : p;
            return this;
        }

        /** @param p vpn-server {@code --passcode} ({@code --vpnserverpass}) @return this */
        public Options vpnServerPass(String p) {
            this.vpnServerPass = p == null ? "" : p;
            return this;
        }

        /** @param v vpn-server {@code --secure} ({@code --secure}), null to leave out @return this */
        public Options vpnServerSecure(Boolean v) {
            this.vpnServerSecure = v;
            return this;
        }

        /** @param ifc vpn-server {@code --netifc} ({@code --netifc}) @return this */
        public Options vpnServerNetIfc(String ifc) {
            this.vpnServerNetIfc = ifc == null ? "" : ifc;
            return this;
        }

        /** @param p {@code launcher.bin_path} override ({@code --binpath}), null for the mode's default @return this */
        public Options binPath(String p) {
            this.binPath = p;
            return this;
        }

        /** @param r randomness for the hypervisor cookie keys (tests), null for a new SecureRandom @return this */
        public Options random(SecureRandom r) {
            this.random = r;
            return this;
        }
    }

    /**
     * The built-in apps as Go's {@code config gen} writes them (before flags change them).
     *
     * @param dnsServer the DNS server for vpn-client ("" for {@value #DEFAULT_DNS})
     * @return vpn-client (43), skychat (1), skysocks (3), skysocks-client (13), vpn-server (44)
     */
    public static List<AppConfig> defaultApps(String dnsServer) {
        String dns = dnsServer == null || dnsServer.isEmpty() ? DEFAULT_DNS : dnsServer;
        return List.of(
                new AppConfig(VPN_CLIENT, "skywire", List.of("app", VPN_CLIENT, "--dns", dns), false, 43),
                new AppConfig(SKYCHAT, "skywire", List.of("app", SKYCHAT, "--addr", ":8001"), true, 1),
                new AppConfig(SKYSOCKS, "skywire", List.of("app", SKYSOCKS), true, 3),
                new AppConfig(SKYSOCKS_CLIENT, "skywire", List.of("app", SKYSOCKS_CLIENT, "--addr", ":1080"), false, 13),
                new AppConfig(VPN_SERVER, "skywire", List.of("app", VPN_SERVER), false, 44));
    }

    /**
     * What a generated config lacks that the user should know about (one line each).
     *
     * @param c a config
     * @return warnings, possibly empty
     */
    public static List<String> warnings(VisorConfig c) {
        List<String> w = new ArrayList<>();
        if (c.routing() == null || c.routing().routeSetupNodes().isEmpty()) {
            w.add("no route setup nodes: routes cannot be set up for this visor until one is configured "
                    + "(--routesetup, or a services config that lists route_setup_nodes)");
        }
        if (c.transport() == null || c.transport().transportSetup().isEmpty()) {
            w.add("no transport setup nodes: remote transport setup is off (--tpsetup to add some)");
        }
        return w;
    }

    /**
     * Generates a config.
     *
     * @param o the options
     * @return the new config
     * @throws ConfigException if the services lack a required value (dmsg discovery, transport discovery) or the
     *         secret key is invalid
     */
    public static VisorConfig generate(Options o) throws ConfigException {
        Services svc = o.services != null ? o.services : Services.embedded(o.testEnv);
        String svcName = o.services != null ? "the services config" : "the embedded services config";
        if (svc.dmsgDiscovery().isEmpty()) {
            throw new ConfigException(svcName + " has no \"dmsg_discovery\": expected the dmsg discovery URL");
        }
        if (svc.transportDiscovery().isEmpty()) {
            throw new ConfigException(svcName + " has no \"transport_discovery\": expected the transport discovery URL");
        }
        // A deployment without setup nodes (e.g. "skywire svc local" before routing exists) is valid: the
        // visor then cannot have routes set up for it; warnings() tells the user.
        List<PubKey> routeSetup = distinct(svc.routeSetupNodes(), o.extraRouteSetupNodes);
        List<PubKey> tpSetup = distinct(svc.transportSetup(), o.extraTransportSetup);

        KeyPair keys;
        try {
            keys = o.secretKey != null ? KeyPair.fromSecKey(o.secretKey) : KeyPair.generate();
        } catch (IllegalArgumentException e) {
            throw new ConfigException("invalid secret key: " + Json.oneLine(e.getMessage()));
        }

        String local;
        String binPath;
        String dbPath;
        boolean auth;
        switch (o.paths) {
            case PACKAGE -> {
                local = PKG_DIR + "/local";
                binPath = PKG_DIR + "/bin";
                dbPath = PKG_DIR + "/users.db";
                auth = true;
            }
            case USER -> {
                String home = o.home == null ? "" : o.home;
                local = home + "/.skywire/local";
                binPath = Launcher.DEFAULT_BIN_PATH;
                dbPath = home + "/.skywire/users.db";
                auth = true;
            }
            default -> {
                local = VisorConfig.DEFAULT_LOCAL_PATH;
                binPath = Launcher.DEFAULT_BIN_PATH;
                String wd = o.workDir == null || o.workDir.isEmpty() ? "." : o.workDir;
                dbPath = (wd.endsWith("/") ? wd : wd + "/") + "users.db";
                auth = false;
            }
        }
        if (o.binPath != null && !o.binPath.isEmpty()) {
            binPath = o.binPath;
        }

        VisorConfig c = new VisorConfig();
        c.setVersion(o.version == null ? VisorConfig.DEFAULT_VERSION : o.version);
        c.setKeys(keys.sk(), keys.pk());

        DmsgConfig dmsg = new DmsgConfig().setDiscovery(svc.dmsgDiscovery()).setSessionsCount(o.minSessions)
                .setServers(List.of()).setServersType("all");
        c.setDmsg(dmsg);

        c.setDmsgpty(new DmsgptyConfig().setDmsgPort(DmsgptyConfig.DEFAULT_DMSG_PORT).setCliNetwork("unix")
                .setCliAddress(DmsgptyConfig.defaultCliAddress(o.tmpDir))
                .setWhitelist(distinct(o.dmsgptyWhitelist, List.of())));
        c.setStcp(new StcpConfig().setPkTable(null).setListeningAddress(":7777"));

        TransportConfig tp = new TransportConfig().setDiscovery(svc.transportDiscovery())
                .setAddressResolver(svc.addressResolver()).setPublicAutoconnect(o.publicAutoconnect)
                .setTransportSetup(tpSetup)
                .setLogStore(new LogStoreConfig().setType(LogStoreConfig.FILE).setLocation(local + "/transport_logs")
                        .setRotationInterval(LogStoreConfig.DEFAULT_ROTATION_INTERVAL))
                .setStcprPort(o.stcprPort).setSudphPort(o.sudphPort);
        c.setTransport(tp);

        RoutingConfig routing = new RoutingConfig().setRouteSetupNodes(routeSetup).setRouteFinder(svc.routeFinder())
                .setRouteFinderTimeout(RoutingConfig.DEFAULT_TIMEOUT).setMinHops(0);
        c.setRouting(routing);
        UptimeTrackerConfig ut = new UptimeTrackerConfig().setAddr(svc.uptimeTracker());
        c.setUptimeTracker(ut);

        Launcher launcher = new Launcher().setServiceDiscovery(svc.serviceDiscovery())
                .setServerAddr(Launcher.DEFAULT_SERVER_ADDR).setBinPath(binPath).setDisplayNodeIp(o.displayNodeIp);
        c.setLauncher(launcher);

        if (o.dmsgHttp != null) {
            DmsgHttpConfig d = o.dmsgHttp;
            dmsg.setServers(d.servers()).setDiscovery(d.dmsgDiscovery());
            tp.setAddressResolver(d.addressResolver()).setDiscovery(d.transportDiscovery());
            ut.setAddr(d.uptimeTracker());
            routing.setRouteFinder(d.routeFinder());
            launcher.setServiceDiscovery(d.serviceDiscovery());
        }

        c.setSurveyWhitelist(distinct(svc.surveyWhitelist(), o.extraSurveyWhitelist));
        boolean hv = o.hypervisor;
        List<PubKey> hvs = new ArrayList<>();
        String own = Json.pkHex(keys.pk());
        for (PubKey k : distinct(o.hypervisors, List.of())) {
            if (Json.pkHex(k).equalsIgnoreCase(own)) {
                hv = true; // naming this visor as its own remote hypervisor means: be the hypervisor
            } else {
                hvs.add(k);
            }
        }
        c.setHypervisors(hvs);
        c.setCliAddr(VisorConfig.DEFAULT_CLI_ADDR);
        c.setLogLevel(o.logLevel == null ? VisorConfig.DEFAULT_LOG_LEVEL : o.logLevel);
        c.setLocalPath(local);
        c.setDmsghttpServerPath(local + "/custom");
        c.setStunServers(svc.stunServers());
        c.setShutdownTimeout(VisorConfig.DEFAULT_SHUTDOWN_TIMEOUT);
        c.setPublic(o.isPublic);
        c.setPersistentTransports(null);

        if (hv) {
            boolean a = auth;
            if (o.hypervisorAuth != null) {
                a = o.hypervisorAuth;
            }
            if ("win".equals(o.os) || "mac".equals(o.os)) {
                a = true;
            }
            c.setHypervisor(hypervisorSection(dbPath, a, o.random != null ? o.random : new SecureRandom()));
        }

        launcher.setApps(apps(o, svc.dnsServer()));
        return c;
    }

    /**
     * A hypervisor section with Go's defaults and new random cookie keys.
     *
     * @param dbPath the users database
     * @param enableAuth whether the UI requires a login
     * @param random the randomness for the cookie keys
     * @return the section
     */
    public static HypervisorConfig hypervisorSection(String dbPath, boolean enableAuth, SecureRandom random) {
        byte[] hash = new byte[CookieConfig.HASH_KEY_LEN];
        byte[] block = new byte[CookieConfig.BLOCK_KEY_LEN];
        random.nextBytes(hash);
        random.nextBytes(block);
        CookieConfig cookies = new CookieConfig().setHashKey(HexFormat.of().formatHex(hash))
                .setBlockKey(HexFormat.of().formatHex(block)).setExpiresDuration(CookieConfig.DEFAULT_EXPIRES)
                .setPath("/").setDomain("");
        return new HypervisorConfig().setDbPath(dbPath).setEnableAuth(enableAuth).setCookies(cookies)
                .setDmsgPort(HypervisorConfig.DEFAULT_DMSG_PORT).setHttpAddr(HypervisorConfig.DEFAULT_HTTP_ADDR)
                .setEnableTls(false).setTlsCertFile("./ssl/cert.pem").setTlsKeyFile("./ssl/key.pem");
    }

    private static List<AppConfig> apps(Options o, String dns) {
        Map<String, AppConfig> apps = new LinkedHashMap<>();
        for (AppConfig a : defaultApps(dns)) {
            apps.put(a.name(), a);
        }
        apps.computeIfPresent(VPN_SERVER, (k, a) -> a.withAutoStart(o.vpnServerAutoStart));
        for (String name : o.disabledApps) {
            apps.remove(name);
        }
        if (o.exampleApps) {
            apps.putIfAbsent("example-server-app", new AppConfig("example-server-app", "skywire",
                    List.of("app", "example-server-app"), false, 45));
            apps.putIfAbsent("example-client-app", new AppConfig("example-client-app", "skywire",
                    List.of("app", "example-client-app"), false, 46));
        }
        change(apps, VPN_SERVER, a -> o.vpnServerPass.isEmpty() ? a : a.withStringArg("--passcode", o.vpnServerPass));
        change(apps, VPN_SERVER, a -> o.vpnServerNetIfc.isEmpty() ? a : a.withStringArg("--netifc", o.vpnServerNetIfc));
        change(apps, VPN_SERVER, a -> o.vpnServerSecure == null ? a
                : a.withStringArg("--secure", o.vpnServerSecure.toString()));
        change(apps, VPN_CLIENT, a -> o.vpnClientKillswitch == null ? a
                : a.withStringArg("--killswitch", o.vpnClientKillswitch.toString()));
        change(apps, VPN_CLIENT, a -> o.vpnClientServer == null ? a
                : a.withStringArg("--srv", Json.pkHex(o.vpnClientServer)));
        change(apps, VPN_CLIENT, a -> o.vpnClientPass.isEmpty() ? a : a.withStringArg("--passcode", o.vpnClientPass));
        change(apps, SKYSOCKS_CLIENT, a -> o.proxyClientServer == null ? a
                : a.withStringArg("--srv", Json.pkHex(o.proxyClientServer)));
        change(apps, SKYSOCKS, a -> o.proxyServerPass.isEmpty() ? a : a.withStringArg("--passcode", o.proxyServerPass));
        change(apps, SKYSOCKS_CLIENT, a -> o.proxyClientPass.isEmpty() ? a
                : a.withStringArg("--passcode", o.proxyClientPass));
        change(apps, SKYSOCKS, a -> o.proxyServerAutoStart ? a : a.withAutoStart(false));
        change(apps, SKYSOCKS_CLIENT, a -> o.proxyClientAutoStart ? a.withAutoStart(true) : a);
        return new ArrayList<>(apps.values());
    }

    private static void change(Map<String, AppConfig> apps, String name, java.util.function.UnaryOperator<AppConfig> f) {
        apps.computeIfPresent(name, (k, a) -> f.apply(a));
    }

    /** {@code a} then {@code b}, without repeats (by hex), in order. */
    static List<PubKey> distinct(List<PubKey> a, List<PubKey> b) {
        Map<String, PubKey> m = new LinkedHashMap<>();
        for (List<PubKey> l : List.of(a, b)) {
            for (PubKey k : l) {
                m.putIfAbsent(Json.pkHex(k).toLowerCase(java.util.Locale.ROOT), k);
            }
        }
        return new ArrayList<>(m.values());
    }
}
