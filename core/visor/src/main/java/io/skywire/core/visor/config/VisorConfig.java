package io.skywire.core.visor.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.skywire.core.crypto.PubKey;
import io.skywire.core.crypto.SecKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A visor config file ({@code skywire-config.json}), the same JSON as Go Skywire's V1 config: the same keys in the
 * same order, Go's defaults for keys the file leaves out, and Go's formatting when written.
 *
 * <p>Top-level keys, in file order: {@code version, sk, pk, dmsg, dmsgpty, skywire-tcp, transport, routing,
 * uptime_tracker, launcher, survey_whitelist, hypervisors, cli_addr, log_level, local_path, dmsghttp_server_path,
 * stun_servers, shutdown_timeout, is_public, persistent_transports, hypervisor}. Durations are Go duration strings
 * ({@code "10s"}, {@code "168h0m0s"}); keys are hex. {@code dmsgpty}, {@code skywire-tcp}, {@code uptime_tracker},
 * {@code hypervisor} and a zero {@code shutdown_timeout} are left out when absent, as Go's {@code omitempty} does.
 *
 * <p><b>Unknown keys</b> are ignored for the visor's purposes (as Go does) but, unlike Go, kept: they are written
 * back after the known keys of their object when the config is saved.
 *
 * <p><b>Reading.</b> {@link #load} requires a valid {@code sk} and the matching {@code pk} and reports problems as a
 * one-line {@link ConfigException}; {@link #loadLenient} only requires valid JSON (for {@code config gen -r}).
 *
 * <p><b>Changing and writing back.</b> The config is mutable. The app methods {@link #setAppAutoStart},
 * {@link #setAppArgs}, {@link #updateAppArg}, {@link #updateAppBoolArg}, {@link #addApp} and {@link #removeApp}
 * replace the (immutable) {@link AppConfig} entries copy-on-write and, like the top-level setters, {@link #save}
 * and {@link #toJson}, lock this instance; {@link Launcher#apps()} is always a consistent snapshot. The section
 * objects ({@link #transport()} etc.) are plain unsynchronized beans meant for building a config. Typical use:
 * <pre>{@code
 * VisorConfig c = VisorConfig.load(file);
 * c.setAppAutoStart("skychat", false);
 * c.save(file);   // atomic: temp file in the same directory, then ATOMIC_MOVE
 * }</pre>
 */
@JsonPropertyOrder({"version", "sk", "pk", "dmsg", "dmsgpty", "skywire-tcp", "transport", "routing",
        "uptime_tracker", "launcher", "survey_whitelist", "hypervisors", "cli_addr", "log_level", "local_path",
        "dmsghttp_server_path", "stun_servers", "shutdown_timeout", "is_public", "persistent_transports",
        "hypervisor"})
public final class VisorConfig extends Extensible {
    /** Go's default CLI RPC address. */
    public static final String DEFAULT_CLI_ADDR = "localhost:3435";
    /** Go's default log level. */
    public static final String DEFAULT_LOG_LEVEL = "info";
    /** Go's default {@code local_path}. */
    public static final String DEFAULT_LOCAL_PATH = "./local";
    /** Go's default shutdown timeout ({@code "10s"}). */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);
    /**
     * The {@code version} written by {@link ConfigGenerator} unless told otherwise: the Go release whose config
     * format this model implements. A Go visor refuses a config whose major version differs from its own, so this
     * keeps generated files usable by Go visors v1.x.
     */
    public static final String DEFAULT_VERSION = "v1.3.28";
    /** Go's {@code json.MarshalIndent} indent used by the visor when it rewrites its config. */
    public static final String TAB_INDENT = "\t";

    @JsonProperty("version")
    private String version = "";
    @JsonProperty("sk")
    private SecKey sk;
    @JsonProperty("pk")
    private PubKey pk;
    @JsonProperty("dmsg")
    private DmsgConfig dmsg = new DmsgConfig();
    @JsonProperty("dmsgpty")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private DmsgptyConfig dmsgpty = new DmsgptyConfig();
    @JsonProperty("skywire-tcp")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private StcpConfig stcp = new StcpConfig();
    @JsonProperty("transport")
    private TransportConfig transport = new TransportConfig();
    @JsonProperty("routing")
    private RoutingConfig routing = new RoutingConfig();
    @JsonProperty("uptime_tracker")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private UptimeTrackerConfig uptimeTracker = new UptimeTrackerConfig();
    @JsonProperty("launcher")
    private Launcher launcher = new Launcher();
    @JsonProperty("survey_whitelist")
    private List<PubKey> surveyWhitelist;
    @JsonProperty("hypervisors")
    private List<PubKey> hypervisors;
    @JsonProperty("cli_addr")
    private String cliAddr = DEFAULT_CLI_ADDR;
    @JsonProperty("log_level")
    private String logLevel = DEFAULT_LOG_LEVEL;
    @JsonProperty("local_path")
    private String localPath = DEFAULT_LOCAL_PATH;
    @JsonProperty("dmsghttp_server_path")
    private String dmsghttpServerPath = DEFAULT_LOCAL_PATH + "/custom";
    @JsonProperty("stun_servers")
    private List<String> stunServers = new ArrayList<>(Services.baseDefaults().stunServers());
    @JsonProperty("shutdown_timeout")
    @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = ZeroDuration.class)
    private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
    @JsonProperty("is_public")
    private boolean isPublic;
    @JsonProperty("persistent_transports")
    private List<PersistentTransport> persistentTransports;
    @JsonProperty("hypervisor")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private HypervisorConfig hypervisor;

    /**
     * A config with Go's base values (what Go assumes for keys a file leaves out: production services, no keys,
     * no apps). Use {@link ConfigGenerator} to make a complete config.
     */
    public VisorConfig() {
    }

    // ---- reading ----

    /**
     * Reads and validates a config file.
     *
     * @param file the config file
     * @return the config
     * @throws ConfigException (one line) if the file is missing or unreadable, is not valid JSON (with line and
     *         column), has a value of the wrong type, or lacks a valid {@code sk} and the matching {@code pk}
     */
    public static VisorConfig load(Path file) throws ConfigException {
        return read(file, true);
    }

    /**
     * Reads a config file without requiring keys: {@code sk}/{@code pk} may be missing or null (Go's
     * {@code config gen -r} reads the old config this way). Invalid JSON or key text is still an error.
     *
     * @param file the config file
     * @return the config
     * @throws ConfigException (one line) if the file is missing, unreadable or not a valid config
     */
    public static VisorConfig loadLenient(Path file) throws ConfigException {
        return read(file, false);
    }

    private static VisorConfig read(Path file, boolean requireKeys) throws ConfigException {
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + file + " not found: generate one with \"skywire cli config gen -o "
                    + file + "\"");
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + reason(e)
                    + (e instanceof AccessDeniedException ? " (run as a user that may read it)" : ""), e);
        }
        return parse(raw, "config file " + file, requireKeys);
    }

    /**
     * Parses and validates config JSON (as {@link #load} does).
     *
     * @param json the JSON text
     * @param source what to call it in messages, e.g. "config file /etc/skywire.json"
     * @return the config
     * @throws ConfigException (one line) if invalid
     */
    public static VisorConfig parse(String json, String source) throws ConfigException {
        return parse(json.getBytes(StandardCharsets.UTF_8), source, true);
    }

    static VisorConfig parse(byte[] raw, String source, boolean requireKeys) throws ConfigException {
        VisorConfig c;
        try {
            c = Json.MAPPER.readValue(raw, VisorConfig.class);
        } catch (JsonProcessingException e) {
            boolean syntax = e instanceof com.fasterxml.jackson.core.JsonParseException
                    || e instanceof com.fasterxml.jackson.core.io.JsonEOFException;
            throw new ConfigException(source + (syntax ? " is not valid JSON: " : " is not a valid visor config: ")
                    + Json.describe(e), e);
        } catch (IOException e) {
            throw new ConfigException("cannot read " + source + ": " + reason(e), e);
        }
        if (c == null) {
            throw new ConfigException(source + " is not a valid visor config: expected a JSON object, found null");
        }
        c.validate(source, requireKeys);
        return c;
    }

    private void validate(String source, boolean requireKeys) throws ConfigException {
        if (requireKeys) {
            if (sk == null) {
                throw new ConfigException(source + ": \"sk\" is missing or zero: expected the visor's secret key,"
                        + " 64 hex characters (make a new config with \"skywire cli config gen\")");
            }
            String want;
            try {
                want = Json.pkHex(sk.pubKey());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(source + ": \"sk\" is not a valid secret key (" + Json.oneLine(e.getMessage())
                        + "): expected 64 hex characters");
            }
            if (pk == null || pk.isNull()) {
                throw new ConfigException(source + ": \"pk\" is missing or zero: expected " + want
                        + ", the public key of \"sk\"");
            }
            if (!Json.pkHex(pk).equalsIgnoreCase(want)) {
                throw new ConfigException(source + ": \"pk\" " + Json.pkHex(pk) + " does not match \"sk\": expected "
                        + want + ", the public key of \"sk\"");
            }
        }
        if (launcher != null) {
            Set<String> names = new HashSet<>();
            List<AppConfig> list = launcher.apps();
            for (int i = 0; i < list.size(); i++) {
                AppConfig a = list.get(i);
                String where = source + ": \"launcher.apps[" + i + "]";
                if (a == null) {
                    throw new ConfigException(where + "\" is null: expected an app object");
                }
                if (a.name().isBlank()) {
                    throw new ConfigException(where + ".name\" is missing: expected the app's name");
                }
                if (!names.add(a.name())) {
                    throw new ConfigException(where + ".name\": app \"" + a.name()
                            + "\" is listed twice: expected unique app names");
                }
                if (a.port() < 0 || a.port() > 65535) {
                    throw new ConfigException(where + ".port\" is " + a.port() + ": expected 0..65535");
                }
            }
        }
        if (hypervisor != null && hypervisor.cookies() != null) {
            checkHex(source, "hypervisor.cookies.hash_key", hypervisor.cookies().hashKey());
            checkHex(source, "hypervisor.cookies.block_key", hypervisor.cookies().blockKey());
        }
    }

    private static void checkHex(String source, String field, String v) throws ConfigException {
        if (v != null && (v.length() % 2 != 0 || !v.chars().allMatch(ch -> Character.digit(ch, 16) >= 0))) {
            throw new ConfigException(source + ": \"" + field + "\" is not hex: expected an even number of hex digits");
        }
    }

    // ---- writing ----

    /**
     * The config as Go's visor writes it ({@code json.MarshalIndent(conf, "", "\t")}, no trailing newline).
     *
     * @return the JSON text
     */
    public String toJson() {
        return toJson(TAB_INDENT);
    }

    /**
     * @param indent the indent per level ("\t" as the Go visor, "  " as Go's {@code config gen} file), or null for
     *               compact JSON ({@code json.Marshal})
     * @return the JSON text, without trailing newline
     */
    public synchronized String toJson(String indent) {
        JsonNode tree = Json.MAPPER.valueToTree(this);
        return Json.print(tree, indent);
    }

    /**
     * Writes the config as the Go visor does (tab-indented), atomically: into a temporary file in the same
     * directory, then {@code ATOMIC_MOVE} over {@code file}. An existing file's permissions (and, if allowed, owner)
     * are kept; a new file gets {@code rw-r--r--}. A symbolic link is written through. On failure {@code file} is
     * unchanged and the temporary file removed.
     *
     * @param file where to write
     * @throws IOException if the file cannot be written
     */
    public void save(Path file) throws IOException {
        save(file, TAB_INDENT);
    }

    /**
     * As {@link #save(Path)} with another indent (Go's {@code config gen} writes two spaces).
     *
     * @param file where to write
     * @param indent the indent per level, null for compact
     * @throws IOException if the file cannot be written
     */
    public synchronized void save(Path file, String indent) throws IOException {
        writeAtomically(file, toJson(indent).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes {@code bytes} to {@code file} atomically (see {@link #save(Path)}).
     *
     * @param file the target
     * @param bytes the content
     * @throws IOException if it cannot be written; {@code file} is then unchanged
     */
    public static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path target = file.toAbsolutePath();
        if (Files.isSymbolicLink(target)) {
            try {
                target = target.toRealPath();
            } catch (NoSuchFileException dangling) {
                target = target.resolveSibling(Files.readSymbolicLink(target)).toAbsolutePath().normalize();
            }
        }
        if (Files.isDirectory(target)) {
            throw new FileSystemException(target.toString(), null, "is a directory");
        }
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new NoSuchFileException(String.valueOf(dir), null, "directory does not exist");
        }
        PosixFileAttributes old = null;
        if (Files.exists(target)) {
            try {
                old = Files.readAttributes(target, PosixFileAttributes.class);
            } catch (UnsupportedOperationException | IOException ignored) {
                // not a POSIX file system: keep the defaults
            }
        }
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            PosixFileAttributeView view = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
            if (view != null) {
                Set<PosixFilePermission> perms = old != null ? old.permissions()
                        : PosixFilePermissions.fromString("rw-r--r--");
                view.setPermissions(perms);
                if (old != null) {
                    try {
                        view.setOwner(old.owner());
                        view.setGroup(old.group());
                    } catch (IOException | SecurityException notAllowed) {
                        // only root may give a file away; the new file then belongs to us
                    }
                }
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * A short human reason for a file-system failure ("permission denied", "no such file or directory", …).
     *
     * @param e the failure
     * @return one line
     */
    public static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason().toLowerCase(java.util.Locale.ROOT);
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        String m = Json.oneLine(e.getMessage());
        return m.isEmpty() ? e.getClass().getSimpleName() : m;
    }

    /**
     * @return a deep copy (through JSON, so unknown keys are copied too)
     */
    public synchronized VisorConfig copy() {
        try {
            return Json.MAPPER.treeToValue(Json.MAPPER.valueToTree(this), VisorConfig.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot copy config: " + e.getOriginalMessage(), e);
        }
    }

    // ---- accessors ----

    /** @return the Skywire version that generated the file, e.g. "v1.3.28" ("" if absent) */
    public String version() {
        return version;
    }

    /** @return the visor's secret key (null only from {@link #loadLenient} or a fresh instance) */
    public SecKey sk() {
        return sk;
    }

    /** @return the visor's public key (null only from {@link #loadLenient} or a fresh instance) */
    public PubKey pk() {
        return pk;
    }

    /** @return the dmsg section (null if the file says null) */
    public DmsgConfig dmsg() {
        return dmsg;
    }

    /** @return {@code dmsg.discovery}, "" if there is no dmsg section */
    public String dmsgDiscovery() {
        return dmsg == null || dmsg.discovery() == null ? "" : dmsg.discovery();
    }

    /** @return the dmsgpty section, or null if absent */
    public DmsgptyConfig dmsgpty() {
        return dmsgpty;
    }

    /** @return the {@code skywire-tcp} section, or null if absent */
    public StcpConfig stcp() {
        return stcp;
    }

    /** @return the transport section (null if the file says null) */
    public TransportConfig transport() {
        return transport;
    }

    /** @return the routing section (null if the file says null) */
    public RoutingConfig routing() {
        return routing;
    }

    /** @return the uptime tracker section, or null if absent */
    public UptimeTrackerConfig uptimeTracker() {
        return uptimeTracker;
    }

    /** @return the launcher section; never null (an empty, detached one if the file says null) */
    public Launcher launcher() {
        Launcher l = launcher;
        return l != null ? l : new Launcher();
    }

    /** @return the keys allowed to collect this visor's survey; empty if none */
    public List<PubKey> surveyWhitelist() {
        List<PubKey> l = surveyWhitelist;
        return l == null ? List.of() : List.copyOf(l);
    }

    /** @return the remote hypervisors this visor dials (dmsg port 46); empty if none */
    public List<PubKey> hypervisors() {
        List<PubKey> l = hypervisors;
        return l == null ? List.of() : List.copyOf(l);
    }

    /** @return the CLI RPC address, {@value #DEFAULT_CLI_ADDR} if unset */
    public String cliAddr() {
        return cliAddr == null || cliAddr.isBlank() ? DEFAULT_CLI_ADDR : cliAddr;
    }

    /** @return the log level as written ("" means the default, info) */
    public String logLevel() {
        return logLevel == null ? "" : logLevel;
    }

    /** @return the directory of the visor's runtime files, {@value #DEFAULT_LOCAL_PATH} if unset */
    public String localPath() {
        return localPath == null || localPath.isBlank() ? DEFAULT_LOCAL_PATH : localPath;
    }

    /** @return the directory whose files are served over dmsghttp */
    public String dmsghttpServerPath() {
        return dmsghttpServerPath == null ? "" : dmsghttpServerPath;
    }

    /** @return the STUN servers; empty if none */
    public List<String> stunServers() {
        List<String> l = stunServers;
        return l == null ? List.of() : List.copyOf(l);
    }

    /** @return how long the visor waits for its parts to stop (zero if unset) */
    public Duration shutdownTimeout() {
        return shutdownTimeout == null ? Duration.ZERO : shutdownTimeout;
    }

    /** @return whether the visor registers itself as a public visor (type {@code visor}) in service discovery */
    public boolean isPublic() {
        return isPublic;
    }

    /** @return the transports re-dialled at startup; empty if none */
    public List<PersistentTransport> persistentTransports() {
        List<PersistentTransport> l = persistentTransports;
        return l == null ? List.of() : List.copyOf(l);
    }

    /** @return the local hypervisor section, or null if this visor serves no hypervisor UI */
    public HypervisorConfig hypervisor() {
        return hypervisor;
    }

    // ---- setters (for building and editing; all lock this instance) ----

    public synchronized VisorConfig setVersion(String version) {
        this.version = version == null ? "" : version;
        return this;
    }

    /**
     * Sets both keys; {@code pk} must be the public key of {@code sk} (not checked here, {@link #load} checks).
     *
     * @param sk the secret key
     * @param pk the public key
     * @return this
     */
    public synchronized VisorConfig setKeys(SecKey sk, PubKey pk) {
        this.sk = sk;
        this.pk = pk;
        return this;
    }

    public synchronized VisorConfig setDmsg(DmsgConfig dmsg) {
        this.dmsg = dmsg;
        return this;
    }

    public synchronized VisorConfig setDmsgpty(DmsgptyConfig dmsgpty) {
        this.dmsgpty = dmsgpty;
        return this;
    }

    public synchronized VisorConfig setStcp(StcpConfig stcp) {
        this.stcp = stcp;
        return this;
    }

    public synchronized VisorConfig setTransport(TransportConfig transport) {
        this.transport = transport;
        return this;
    }

    public synchronized VisorConfig setRouting(RoutingConfig routing) {
        this.routing = routing;
        return this;
    }

    public synchronized VisorConfig setUptimeTracker(UptimeTrackerConfig uptimeTracker) {
        this.uptimeTracker = uptimeTracker;
        return this;
    }

    public synchronized VisorConfig setLauncher(Launcher launcher) {
        this.launcher = launcher;
        return this;
    }

    public synchronized VisorConfig setSurveyWhitelist(List<PubKey> keys) {
        this.surveyWhitelist = keys == null ? null : new ArrayList<>(keys);
        return this;
    }

    public synchronized VisorConfig setHypervisors(List<PubKey> keys) {
        this.hypervisors = keys == null ? null : new ArrayList<>(keys);
        return this;
    }

    public synchronized VisorConfig setCliAddr(String cliAddr) {
        this.cliAddr = cliAddr;
        return this;
    }

    public synchronized VisorConfig setLogLevel(String logLevel) {
        this.logLevel = logLevel;
        return this;
    }

    public synchronized VisorConfig setLocalPath(String localPath) {
        this.localPath = localPath;
        return this;
    }

    public synchronized VisorConfig setDmsghttpServerPath(String path) {
        this.dmsghttpServerPath = path;
        return this;
    }

    public synchronized VisorConfig setStunServers(List<String> servers) {
        this.stunServers = servers == null ? null : new ArrayList<>(servers);
        return this;
    }

    public synchronized VisorConfig setShutdownTimeout(Duration timeout) {
        this.shutdownTimeout = timeout == null ? Duration.ZERO : timeout;
        return this;
    }

    public synchronized VisorConfig setPublic(boolean isPublic) {
        this.isPublic = isPublic;
        return this;
    }

    public synchronized VisorConfig setPersistentTransports(List<PersistentTransport> tps) {
        this.persistentTransports = tps == null ? null : new ArrayList<>(tps);
        return this;
    }

    public synchronized VisorConfig setHypervisor(HypervisorConfig hypervisor) {
        this.hypervisor = hypervisor;
        return this;
    }

    // ---- apps ----

    /**
     * Sets an app's {@code auto_start}.
     *
     * @param name the app
     * @param value the new value
     * @return false if there is no such app
     */
    public synchronized boolean setAppAutoStart(String name, boolean value) {
        return replaceApp(name, a -> a.withAutoStart(value));
    }

    /**
     * Replaces an app's {@code args}.
     *
     * @param name the app
     * @param args the new arguments (null or empty: none, and the key is left out)
     * @return false if there is no such app
     */
    public synchronized boolean setAppArgs(String name, List<String> args) {
        return replaceApp(name, a -> a.withArgs(args));
    }

    /**
     * Sets one string flag in an app's args as Go's {@code UpdateAppArg} does (see
     * {@link AppConfig#withStringArg}); an empty value removes the flag.
     *
     * @param name the app
     * @param argName the flag, e.g. "--passcode"
     * @param value the value
     * @return false if there is no such app
     */
    public synchronized boolean updateAppArg(String name, String argName, String value) {
        return replaceApp(name, a -> a.withStringArg(argName, value));
    }

    /**
     * Sets one boolean flag in an app's args as Go's {@code UpdateAppArg} does ({@code -name=value}, see
     * {@link AppConfig#withBoolArg}).
     *
     * @param name the app
     * @param argName the flag, e.g. "--killswitch"
     * @param value the value
     * @return false if there is no such app
     */
    public synchronized boolean updateAppBoolArg(String name, String argName, boolean value) {
        return replaceApp(name, a -> a.withBoolArg(argName, value));
    }

    /**
     * Appends an app.
     *
     * @param app the app
     * @return false if an app of that name exists already
     */
    public synchronized boolean addApp(AppConfig app) {
        if (launcher == null) {
            launcher = new Launcher();
        }
        List<AppConfig> list = new ArrayList<>(launcher.apps());
        for (AppConfig a : list) {
            if (a.name().equals(app.name())) {
                return false;
            }
        }
        list.add(app);
        launcher.setApps(list);
        return true;
    }

    /**
     * Removes an app.
     *
     * @param name the app
     * @return false if there is no such app
     */
    public synchronized boolean removeApp(String name) {
        if (launcher == null) {
            return false;
        }
        List<AppConfig> list = new ArrayList<>(launcher.apps());
        boolean removed = list.removeIf(a -> a.name().equals(name));
        if (removed) {
            launcher.setApps(list);
        }
        return removed;
    }

    private boolean replaceApp(String name, UnaryOperator<AppConfig> change) {
        if (launcher == null) {
            return false;
        }
        List<AppConfig> list = new ArrayList<>(launcher.apps());
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).name().equals(name)) {
                list.set(i, change.apply(list.get(i)));
                launcher.setApps(list);
                return true;
            }
        }
        return false;
    }
}
