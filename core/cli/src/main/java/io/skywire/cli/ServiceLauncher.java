package io.skywire.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.osgi.framework.Constants;

/**
 * Runs deployment services ({@code skywire dmsg disc}, {@code skywire svc dmsg-disc}, …) in an embedded
 * Felix: bundle/common plus the service's own bundle from bundle/services, configured by framework
 * properties {@code skywire.<service>.*}.
 */
final class ServiceLauncher {
    private ServiceLauncher() {
    }

    static Options logOptions(Options o) {
        return o.addOption(Option.builder("l").longOpt("loglvl").hasArg().argName("level")
                .desc("log level: trace, debug, info, warn, error (default info)").get());
    }

    /** {@code skywire dmsg disc}: the dmsg discovery server (Go: dmsg-discovery). */
    static int discovery(String[] args, PrintStream out, PrintStream err) throws Exception {
        long launched = System.nanoTime();
        String usage = "skywire dmsg disc [flags]";
        String desc = "DMSG Discovery Server: the HTTP registry of dmsg servers and clients. Keeps entries in "
                + "memory unless --redis is given (Go's dmsg-discovery uses Redis by default).";
        Options o = logOptions(new Options()
                .addOption(Option.builder("a").longOpt("addr").hasArg().argName("host:port")
                        .desc("address to bind to (default 127.0.0.1:9090)").get())
                .addOption(Option.builder().longOpt("redis").hasArg().argName("url")
                        .desc("keep entries in Redis at this URL, e.g. redis://localhost:6379 (password: "
                                + "REDIS_PASSWORD env)").get())
                .addOption(Option.builder().longOpt("entry-timeout").hasArg().argName("duration")
                        .desc("TTL of client entries posted with ?timeout=true (default 3m0s)").get())
                .addOption(Option.builder().longOpt("auth").hasArg().argName("passphrase")
                        .desc("server entries posted with this serverType are stored as \"official\", others as "
                                + "\"community\" (default \"\": every server that sends no type is official; env "
                                + "DMSG_DISC_AUTH)").get())
                .addOption(Option.builder().longOpt("official-servers").hasArg().argName("pk,pk,...")
                        .desc("dmsg server keys always stored as \"official\"").get())
                .addOption(Option.builder("t").longOpt("test-mode")
                        .desc("accept dmsg servers on loopback addresses (a local deployment)").get()));
        CommandLine cl;
        try {
            cl = Flags.parse(usage, desc, o, args, 0, out, err);
        } catch (Flags.Exit x) {
            return x.code;
        }
        String addr = cl.getOptionValue("addr", "127.0.0.1:9090");
        Duration entryTimeout;
        try {
            entryTimeout = io.skywire.core.visor.config.GoDuration.parse(cl.getOptionValue("entry-timeout", "3m0s"));
        } catch (RuntimeException e) {
            err.println("error: invalid --entry-timeout \"" + cl.getOptionValue("entry-timeout")
                    + "\": use a Go duration such as 3m0s or 90s");
            return 2;
        }
        String official = cl.getOptionValue("official-servers", "");
        for (String k : official.split(",")) {
            if (!k.isBlank() && !k.strip().matches("0[23][0-9a-fA-F]{64}")) {
                err.println("error: invalid --official-servers key \"" + k.strip()
                        + "\": expected comma-separated 66-hex-digit public keys");
                return 2;
            }
        }
        Map<String, String> settings = Map.of(
                "skywire.dmsgdisc.auth", cl.getOptionValue("auth", System.getenv().getOrDefault("DMSG_DISC_AUTH", "")),
                "skywire.dmsgdisc.officialServers", official,
                "skywire.dmsgdisc.addr", addr,
                "skywire.dmsgdisc.redis", cl.getOptionValue("redis", ""),
                "skywire.dmsgdisc.redisPassword", System.getenv().getOrDefault("REDIS_PASSWORD", ""),
                "skywire.dmsgdisc.entryTimeoutMillis", Long.toString(entryTimeout.toMillis()),
                "skywire.dmsgdisc.testMode", Boolean.toString(cl.hasOption("test-mode")));
        return run("dmsg discovery", cl, settings, List.of("skywire-svc-dmsg-discovery"), launched, err);
    }

    /** {@code skywire dmsg server start}: a dmsg server (relay), registered in discovery with --disc. */
    static int dmsgServer(String[] args, PrintStream out, PrintStream err) throws Exception {
        long launched = System.nanoTime();
        String usage = "skywire dmsg server start [flags]";
        String desc = "DMSG Server: relays dmsg streams between clients (Noise XK sessions, yamux, end-to-end KK "
                + "streams) and registers itself in a dmsg discovery.";
        Options o = logOptions(new Options()
                .addOption(Option.builder("a").longOpt("addr").hasArg().argName("host:port")
                        .desc("address to listen on (default 127.0.0.1:8081)").get())
                .addOption(Option.builder().longOpt("public-address").hasArg().argName("host:port")
                        .desc("address clients dial, as registered in discovery (default: --addr)").get())
                .addOption(Option.builder().longOpt("disc").hasArg().argName("url")
                        .desc("dmsg discovery to register in, e.g. http://127.0.0.1:9090").get())
                .addOption(Option.builder().longOpt("sk").hasArg().argName("hex")
                        .desc("secret key of the server (default: a new key each start; env DMSG_SERVER_SK)").get())
                .addOption(Option.builder().longOpt("max-sessions").hasArg().argName("n")
                        .desc("client sessions accepted at most (default 100)").get())
                .addOption(Option.builder().longOpt("max-streams").hasArg().argName("n")
                        .desc("streams one client session may have open through this server at once "
                                + "(default 2048; more are refused)").get()));
        CommandLine cl;
        try {
            cl = Flags.parse(usage, desc, o, args, 0, out, err);
        } catch (Flags.Exit x) {
            return x.code;
        }
        String sk = cl.getOptionValue("sk", System.getenv().getOrDefault("DMSG_SERVER_SK", ""));
        if (!sk.isEmpty()) {
            try {
                io.skywire.core.crypto.SecKey.fromHex(sk);
            } catch (IllegalArgumentException e) {
                err.println("error: invalid --sk: " + e.getMessage());
                return 2;
            }
        }
        String max = cl.getOptionValue("max-sessions", "");
        String streams = cl.getOptionValue("max-streams", "");
        if (!isPositiveOrUnset("max-sessions", max, err) || !isPositiveOrUnset("max-streams", streams, err)) {
            return 2;
        }
        String addr = cl.getOptionValue("addr", "127.0.0.1:8081");
        Map<String, String> settings = Map.of(
                "skywire.dmsgsrv.maxStreams", streams,
                "skywire.dmsgsrv.addr", addr,
                "skywire.dmsgsrv.publicAddress", cl.getOptionValue("public-address", addr),
                "skywire.dmsgsrv.discovery", cl.getOptionValue("disc", ""),
                "skywire.dmsgsrv.sk", sk,
                "skywire.dmsgsrv.maxSessions", max);
        return run("dmsg server", cl, settings, List.of("skywire-svc-dmsg-server"), launched, err);
    }

    /** A limit flag's value: empty (unset) or 1..9999999; otherwise says so on {@code err}. */
    private static boolean isPositiveOrUnset(String flag, String value, PrintStream err) {
        if (value.isEmpty() || value.matches("[1-9][0-9]{0,6}")) {
            return true;
        }
        err.println("error: invalid --" + flag + " \"" + value + "\": expected a positive number");
        return false;
    }

    /**
     * {@code skywire svc local}: the deployment that exists so far, on loopback in one process — dmsg discovery
     * (test mode, embedded store) and one dmsg server registered in it — plus a services config for
     * {@code skywire cli config gen --svcconf}.
     */
    static int local(String[] args, PrintStream out, PrintStream err) throws Exception {
        long launched = System.nanoTime();
        String usage = "skywire svc local [flags]";
        String desc = "Runs a local Skywire deployment on loopback in one process (so far: dmsg discovery and a "
                + "dmsg server) and writes a services config that \"skywire cli config gen --svcconf\" points "
                + "visors at. The transport discovery, address resolver, route finder, setup node, service discovery "
                + "and uptime tracker join it with their issues; their URLs in the file are reserved ports.";
        Options o = logOptions(new Options()
                .addOption(Option.builder().longOpt("disc-addr").hasArg().argName("host:port")
                        .desc("dmsg discovery address (default 127.0.0.1:9090)").get())
                .addOption(Option.builder().longOpt("server-addr").hasArg().argName("host:port")
                        .desc("dmsg server address (default 127.0.0.1:8081)").get())
                .addOption(Option.builder("o").longOpt("out").hasArg().argName("file")
                        .desc("services config to write (default local-services.json)").get()));
        CommandLine cl;
        try {
            cl = Flags.parse(usage, desc, o, args, 0, out, err);
        } catch (Flags.Exit x) {
            return x.code;
        }
        String disc = cl.getOptionValue("disc-addr", "127.0.0.1:9090");
        String server = cl.getOptionValue("server-addr", "127.0.0.1:8081");
        Path file = Path.of(cl.getOptionValue("out", "local-services.json")).toAbsolutePath();
        String host = disc.substring(0, Math.max(0, disc.lastIndexOf(':')));
        String base = "http://" + (host.isEmpty() ? "127.0.0.1" : host);
        String services = """
                {
                  "dmsg_discovery": "http://%s",
                  "transport_discovery": "%s:9091",
                  "address_resolver": "%s:9093",
                  "route_finder": "%s:9092",
                  "route_setup_nodes": [],
                  "transport_setup": [],
                  "uptime_tracker": "%s:9096",
                  "service_discovery": "%s:9098",
                  "stun_servers": [],
                  "dns_server": "1.1.1.1",
                  "survey_whitelist": []
                }
                """.formatted(disc, base, base, base, base, base);
        try {
            io.skywire.core.visor.config.VisorConfig.writeAtomically(file,
                    services.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            err.println("error: cannot write the services config " + file + ": " + e.getMessage());
            return 1;
        }
        out.println("services config: " + file + " (use: skywire cli config gen --svcconf " + file + ")");
        Map<String, String> settings = new java.util.HashMap<>(Map.of(
                "skywire.dmsgdisc.addr", disc,
                "skywire.dmsgdisc.testMode", "true",
                "skywire.dmsgdisc.entryTimeoutMillis", "180000",
                "skywire.dmsgsrv.addr", server,
                "skywire.dmsgsrv.publicAddress", server,
                "skywire.dmsgsrv.discovery", "http://" + disc));
        return run("local deployment", cl, settings,
                List.of("skywire-svc-dmsg-discovery", "skywire-svc-dmsg-server"), launched, err);
    }

    /**
     * Boots the services.
     *
     * @param bundlePrefixes file-name prefixes of the service bundles in bundle/services to install
     */
    static int run(String what, CommandLine cl, Map<String, String> settings, List<String> bundlePrefixes,
                   long launched, PrintStream err) throws Exception {
        Level level;
        try {
            level = LogSetup.parse(cl.getOptionValue("loglvl", "info"));
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        LogSetup.configure(level, err);
        Path home = Main.home();
        List<Path> jars = FelixRuntime.bundles(home, err, "common", "services");
        if (jars == null) {
            return 1;
        }
        List<Path> selected = new ArrayList<>();
        for (Path j : jars) {
            boolean service = j.getParent().getFileName().toString().equals("services");
            if (!service || bundlePrefixes.stream().anyMatch(p -> j.getFileName().toString().startsWith(p))) {
                selected.add(j);
            }
        }
        Path work = Files.createTempDirectory("skywire-svc");
        try {
            Map<String, String> props = FelixRuntime.profile(home.resolve("conf/felix/services.properties"));
            props.put(Constants.FRAMEWORK_STORAGE, work.resolve("felix-cache").toString());
            props.put("felix.fileinstall.dir", Files.createDirectories(work.resolve("load")).toString());
            props.put("skywire.launch.nanos", Long.toString(launched));
            props.putAll(settings);
            return FelixRuntime.run(what, props, selected, Duration.ofSeconds(10), launched, err);
        } finally {
            deleteTree(work);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory; the OS cleans up what is left
        }
    }
}
