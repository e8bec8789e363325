package io.skywire.core.visor.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.skywire.core.crypto.Hex;
import io.skywire.core.crypto.Secp256k1;
import io.skywire.core.visor.api.AppState;
import io.skywire.core.visor.api.VisorException;
import io.skywire.core.visor.api.VisorService;
import io.skywire.core.visor.api.VisorSummary;
import io.skywire.core.visor.config.AppConfig;
import io.skywire.core.visor.config.VisorConfig;
import io.skywire.core.visor.net.LocalServiceDiscovery;
import io.skywire.core.visor.net.LoopbackAppNet;
import io.skywire.core.visor.net.VisorAppNet;
import io.skywire.core.crypto.KeyPair;
import io.skywire.core.crypto.PubKey;
import io.skywire.core.dmsg.client.DmsgNetwork;
import io.skywire.core.dmsg.client.DmsgNetworkListener;
import io.skywire.core.dmsg.disc.DiscoveryClient;
import io.skywire.core.dmsg.http.DmsgHttpServer;
import io.skywire.sdk.SkywireApp;
import io.skywire.sdk.discovery.ServiceDiscovery;
import io.skywire.sdk.net.AppNet;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The visor: loads the config named by the framework property {@value #CONFIG_PROPERTY}, writes the local/
 * files, serves the RPC endpoint, publishes the SDK services and hosts the apps.
 */
@Component(immediate = true, service = {})
public final class VisorComponent implements VisorService {
    /** Framework property: absolute path of skywire-config.json. */
    public static final String CONFIG_PROPERTY = "skywire.config";
    /** Framework property: the watched app-bundle directory (fileinstall's). */
    public static final String APPS_DIR_PROPERTY = "felix.fileinstall.dir";
    /** Framework property: System.nanoTime() when the launcher started, for the startup time. */
    public static final String LAUNCH_NANOS_PROPERTY = "skywire.launch.nanos";
    /** System property set when the visor gives up, read by the launcher to exit non-zero with the reason. */
    public static final String FAILURE_PROPERTY = "skywire.failure";

    private static final System.Logger LOG = System.getLogger("skywire.visor");

    private BundleContext bc;
    private Path configFile;
    private VisorConfig config;
    private Path localPath;
    private String version;
    private Instant startedAt;
    private AppHost host;
    private RpcServer rpc;
    private String cliAddr = "";
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private ServiceTracker<SkywireApp, SkywireApp> appTracker;
    private DmsgNetwork dmsg;
    private DmsgHttpServer logServer;
    private DmsgNetworkListener logListener;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Activate
    void activate(BundleContext context) throws Exception {
        bc = context;
        startedAt = Instant.now();
        version = versionOf(context.getBundle());
        String cfg = context.getProperty(CONFIG_PROPERTY);
        if (cfg == null || cfg.isBlank()) {
            fail("no visor config given: start the visor with \"skywire visor -c skywire-config.json\" "
                    + "(framework property " + CONFIG_PROPERTY + " is unset)", null);
            return;
        }
        configFile = Path.of(cfg).toAbsolutePath();
        try {
            config = VisorConfig.load(configFile);
        } catch (Exception e) {
            fail(e.getMessage(), null);
            return;
        }
        String pk = config.pk().hex();
        localPath = Path.of(config.localPath()).toAbsolutePath().normalize();
        String appsDir = context.getProperty(APPS_DIR_PROPERTY);
        appsDir = appsDir == null ? configFile.resolveSibling("apps").toString() : appsDir;
        try {
            Files.createDirectories(localPath);
            writeNodeInfo(pk);
        } catch (IOException e) {
            fail("cannot write the local directory " + localPath + ": " + e.getMessage()
                    + " (check local_path in " + configFile + " and its permissions)", e);
            return;
        }

        try {
            dmsg = startDmsg(config);
        } catch (IllegalArgumentException e) {
            fail(e.getMessage(), null);
            return;
        }
        AppNet net = new VisorAppNet(dmsg, new LoopbackAppNet(pk));
        startLogServer(pk);
        ServiceDiscovery sd = new LocalServiceDiscovery(pk, version);
        List<AppHost.LaunchEntry> entries = new ArrayList<>();
        for (AppConfig a : config.launcher().apps()) {
            entries.add(new AppHost.LaunchEntry(a.name(), a.binary(), a.args(), a.autoStart(), a.port()));
        }
        host = new AppHost(pk, localPath, appsDir, entries, net, sd, this::persistAutoStart, this::writeAppsPid);

        rpc = new RpcServer(json, this::call);
        try {
            InetSocketAddress bound = rpc.bind(rpcAddress(config.cliAddr()));
            cliAddr = bound.getHostString() + ":" + bound.getPort();
        } catch (Exception e) {
            rpc.close();
            rpc = null;
            fail("cannot serve the CLI endpoint on " + config.cliAddr() + ": " + describe(e)
                    + " (is another visor running? change cli_addr in " + configFile + ")", null);
            return;
        }

        Dictionary<String, Object> props = new Hashtable<>(Map.of("skywire.visor.pk", pk));
        registrations.add(context.registerService(AppNet.class, net, props));
        registrations.add(context.registerService(ServiceDiscovery.class, sd, props));
        registrations.add(context.registerService(VisorService.class, this, props));

        appTracker = new ServiceTracker<>(context, SkywireApp.class, null) {
            @Override
            public SkywireApp addingService(ServiceReference<SkywireApp> ref) {
                SkywireApp app = super.addingService(ref);
                if (app != null) {
                    host.appeared(app, propsOf(ref), label(ref.getBundle()));
                }
                return app;
            }

            @Override
            public void removedService(ServiceReference<SkywireApp> ref, SkywireApp app) {
                host.disappeared(app, propsOf(ref));
                super.removedService(ref, app);
            }
        };
        appTracker.open();

        long launched = parseLong(context.getProperty(LAUNCH_NANOS_PROPERTY));
        String took = launched > 0 ? (System.nanoTime() - launched) / 1_000_000 + " ms after launch" : "";
        LOG.log(System.Logger.Level.INFO, "visor " + pk + " up; CLI endpoint " + cliAddr + ", apps from " + appsDir);
        if (!took.isEmpty()) {
            LOG.log(System.Logger.Level.DEBUG, "startup time: visor ready " + took);
        }
    }

    @Deactivate
    void deactivate() {
        if (appTracker != null) {
            appTracker.close();
        }
        if (host != null) {
            host.stopAll();
        }
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException ignored) {
                // already gone with the bundle
            }
        }
        registrations.clear();
        if (rpc != null) {
            rpc.close();
        }
        if (logServer != null) {
            logServer.close();
            logListener.close(); // the server does not own its acceptor
        }
        if (dmsg != null) {
            dmsg.close();
        }
        LOG.log(System.Logger.Level.INFO, "visor stopped");
    }

    // ---- VisorService ----

    @Override
    public String pk() {
        return config.pk().hex();
    }

    @Override
    public VisorSummary summary() {
        double up = (System.currentTimeMillis() - startedAt.toEpochMilli()) / 1000.0;
        return new VisorSummary(pk(), version, buildTag(), up, localPath.toString(),
                bc.getProperty(APPS_DIR_PROPERTY) == null ? "" : bc.getProperty(APPS_DIR_PROPERTY), cliAddr,
                dmsgServer(), host.states());
    }

    @Override
    public List<AppState> apps() {
        return host.states();
    }

    @Override
    public AppState startApp(String name) throws VisorException {
        return host.start(name);
    }

    @Override
    public AppState stopApp(String name) throws VisorException {
        return host.stop(name);
    }

    @Override
    public AppState setAutoStart(String name, boolean autoStart) throws VisorException {
        return host.setAutoStart(name, autoStart);
    }

    @Override
    public void shutdown() {
        Thread t = new Thread(() -> {
            try {
                bc.getBundle(0).stop();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.ERROR, "shutdown failed: " + e.getMessage(), e);
            }
        }, "skywire-shutdown");
        t.start();
    }

    // ---- RPC ----

    private Object call(String method, JsonNode params) throws VisorException {
        return switch (method) {
            case "Summary" -> summaryMap();
            case "Health" -> Map.of("status", 200, "services_health", "healthy");
            case "Uptime" -> summary().uptimeSeconds();
            case "Apps" -> host.states().stream().map(VisorComponent::appMap).toList();
            case "StartApp" -> appMap(startApp(name(params)));
            case "StopApp" -> appMap(stopApp(name(params)));
            case "SetAutoStart" -> {
                JsonNode v = params.get("auto_start");
                if (v == null || !v.isBoolean()) {
                    throw new VisorException("SetAutoStart needs \"auto_start\": true or false");
                }
                yield appMap(setAutoStart(name(params), v.asBoolean()));
            }
            case "Shutdown" -> {
                shutdown();
                yield "shutting down";
            }
            default -> throw new VisorException("unknown method \"" + method
                    + "\": expected Summary, Health, Uptime, Apps, StartApp, StopApp, SetAutoStart or Shutdown");
        };
    }

    private static String name(JsonNode params) throws VisorException {
        JsonNode n = params.get("name");
        if (n == null || !n.isTextual() || n.asText().isBlank()) {
            throw new VisorException("missing app name: params must be {\"name\": \"<app>\"}");
        }
        return n.asText();
    }

    private Map<String, Object> summaryMap() {
        VisorSummary s = summary();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("public_key", s.pk());
        m.put("version", s.version());
        m.put("build_tag", s.buildTag());
        m.put("uptime", s.uptimeSeconds());
        m.put("local_path", s.localPath());
        m.put("apps_dir", s.appsDir());
        m.put("cli_addr", s.cliAddr());
        m.put("dmsg_server", s.dmsgServer());
        m.put("dmsg_discovery", config.dmsgDiscovery());
        m.put("dmsg_sessions", dmsg == null ? List.of() : dmsg.servers().stream().map(PubKey::hex).toList());
        String dmsgError = dmsg == null ? null : dmsg.lastError();
        m.put("dmsg_error", dmsgError == null || dmsg.isReady() ? "" : dmsgError);
        m.put("apps", s.apps().stream().map(VisorComponent::appMap).toList());
        return m;
    }

    static Map<String, Object> appMap(AppState a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", a.name());
        m.put("binary", a.binary());
        m.put("args", a.args());
        m.put("auto_start", a.autoStart());
        m.put("port", a.port());
        m.put("status", a.status().code());
        m.put("detailed_status", a.detailedStatus());
        m.put("bundle", a.bundle());
        return m;
    }

    // ---- dmsg ----

    /** Go's {@code dmsg.DefaultDmsgHTTPPort}: the log server's dmsg port. */
    static final int DMSG_HTTP_PORT = 80;

    /**
     * Starts the dmsg client from the {@code dmsg} section: sessions with {@code sessions_count} servers from the
     * discovery's available servers, in the background (the visor does not wait for them; {@code visor info}
     * shows the state).
     */
    private static DmsgNetwork startDmsg(VisorConfig config) {
        String url = config.dmsgDiscovery();
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("dmsg.discovery is empty in the visor config: set it to the dmsg "
                    + "discovery URL (e.g. http://127.0.0.1:9090 for \"skywire svc local\")");
        }
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new IllegalArgumentException("dmsg.discovery \"" + url + "\" is not supported: use an http:// or "
                    + "https:// URL (dmsghttp discovery over dmsg:// is not implemented yet)");
        }
        int count = config.dmsg().sessionsCount() <= 0 ? 2 : config.dmsg().sessionsCount();
        DmsgNetwork n = new DmsgNetwork(new KeyPair(config.pk(), config.sk()),
                new DiscoveryClient(url, java.time.Duration.ofSeconds(10)),
                DmsgNetwork.Config.defaults().withSessionCount(count).withServersType(config.dmsg().serversType()));
        n.start();
        LOG.log(System.Logger.Level.INFO, "dmsg: connecting to " + count + " server(s) from " + url);
        return n;
    }

    private void startLogServer(String pk) {
        List<PubKey> whitelist = new ArrayList<>(config.surveyWhitelist());
        whitelist.addAll(config.hypervisors());
        if (config.dmsgpty() != null && config.dmsgpty().whitelist() != null) {
            whitelist.addAll(config.dmsgpty().whitelist());
        }
        Path tpLogs = Path.of(config.transport().logStore().location()).toAbsolutePath().normalize();
        Path custom = Path.of(config.dmsghttpServerPath()).toAbsolutePath().normalize();
        LogServer handler = new LogServer(localPath, tpLogs, custom, whitelist, version, startedAt);
        try {
            logListener = dmsg.listen(DMSG_HTTP_PORT);
            logServer = new DmsgHttpServer(logListener::accept, handler).start();
            LOG.log(System.Logger.Level.DEBUG, "dmsghttp log server on dmsg://" + pk + ":" + DMSG_HTTP_PORT);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "dmsghttp log server not started: " + e.getMessage());
        }
    }

    private String dmsgServer() {
        List<PubKey> s = dmsg == null ? List.of() : dmsg.servers();
        return s.isEmpty() ? PubKey.NULL.hex() : s.get(0).hex();
    }

    // ---- helpers ----

    private void persistAutoStart(String app, boolean value) throws Exception {
        synchronized (this) {
            VisorConfig fresh = VisorConfig.load(configFile);
            fresh.setAppAutoStart(app, value);
            fresh.save(configFile);
            config = fresh;
        }
    }

    private void writeAppsPid() {
        if (host == null) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        long pid = ProcessHandle.current().pid();
        for (String name : host.running()) {
            sb.append(name).append(' ').append(pid).append('\n');
        }
        try {
            writeAtomically(localPath.resolve("apps-pid.txt"), sb.toString());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot write apps-pid.txt: " + e.getMessage());
        }
    }

    private void writeNodeInfo(String pk) throws IOException {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("public_key", pk);
        info.put("skywire_version", version);
        info.put("os", System.getProperty("os.name"));
        info.put("arch", System.getProperty("os.arch"));
        info.put("java_version", Runtime.version().toString());
        info.put("timestamp", Instant.now().toString());
        String text = json.writeValueAsString(info);
        writeAtomically(localPath.resolve("node-info.json"), text);
        writeAtomically(localPath.resolve("node-info.sha"),
                Hex.encode(Secp256k1.sha256(text.getBytes(StandardCharsets.UTF_8))));
    }

    private static void writeAtomically(Path target, String text) throws IOException {
        VisorConfig.writeAtomically(target, text.getBytes(StandardCharsets.UTF_8));
    }

    static InetSocketAddress rpcAddress(String cliAddr) throws IOException {
        String a = cliAddr == null || cliAddr.isBlank() ? "localhost:3435" : cliAddr.trim();
        int colon = a.lastIndexOf(':');
        if (colon < 0) {
            throw new IOException("cli_addr \"" + cliAddr + "\" must be host:port");
        }
        String host = a.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(a.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IOException("cli_addr \"" + cliAddr + "\" has no valid port");
        }
        InetAddress ip = host.isEmpty() || host.equals("localhost")
                ? InetAddress.getLoopbackAddress() : InetAddress.getByName(host);
        if (!ip.isLoopbackAddress()) {
            LOG.log(System.Logger.Level.WARNING, "cli_addr " + a + " is not loopback: anyone who can reach it "
                    + "controls this visor (the endpoint has no authentication, as in Go skywire)");
        }
        return new InetSocketAddress(ip, port);
    }

    private void fail(String message, Throwable cause) {
        LOG.log(System.Logger.Level.ERROR, message, cause);
        System.setProperty(FAILURE_PROPERTY, message);
        shutdown();
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    private static long parseLong(String s) {
        try {
            return s == null ? 0 : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String versionOf(Bundle b) {
        return "v" + b.getVersion().getMajor() + "." + b.getVersion().getMinor() + "." + b.getVersion().getMicro();
    }

    private static String buildTag() {
        return System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT) + "-" + System.getProperty("os.arch")
                + "-java" + Runtime.version().feature();
    }

    private static Map<String, Object> propsOf(ServiceReference<?> ref) {
        Map<String, Object> m = new HashMap<>();
        for (String k : ref.getPropertyKeys()) {
            m.put(k, ref.getProperty(k));
        }
        return m;
    }

    private static String label(Bundle b) {
        return b == null ? "" : b.getSymbolicName() + " " + b.getVersion();
    }
}
