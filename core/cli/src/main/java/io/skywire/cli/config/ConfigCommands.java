package io.skywire.cli.config;

import io.skywire.core.crypto.KeyPair;
import io.skywire.core.crypto.PubKey;
import io.skywire.core.crypto.SecKey;
import io.skywire.core.visor.config.ConfigException;
import io.skywire.core.visor.config.ConfigGenerator;
import io.skywire.core.visor.config.DmsgHttpConfig;
import io.skywire.core.visor.config.Services;
import io.skywire.core.visor.config.VisorConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.MissingArgumentException;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.apache.commons.cli.UnrecognizedOptionException;

/**
 * {@code skywire cli config gen | gen-keys | check-pk}. Each command returns its exit code: 0 on success, 2 for a
 * usage error (unknown flag, bad flag or SKYENV value: one line {@code error: …} and the usage on {@code err}), 1
 * when the work fails (one line {@code error: …} saying what failed and what to do).
 */
public final class ConfigCommands {
    private static final String PROG = "skywire cli config gen";

    private ConfigCommands() {
    }

    /** Thrown inside {@code gen}: the exit code, after the message was printed. */
    private static final class Exit extends Exception {
        private static final long serialVersionUID = 1L;
        final int code;

        Exit(int code) {
            super(null, null, false, false);
            this.code = code;
        }
    }

    // ------------------------------------------------------------------ gen-keys / check-pk

    /**
     * {@code config gen-keys}: prints a new key pair, the public key line then the secret key line.
     *
     * @param args only {@code -h}
     * @param out the keys
     * @param err errors
     * @return the exit code
     */
    public static int genKeys(String[] args, PrintStream out, PrintStream err) {
        String usage = "generate public / secret keypair\n\nUsage:\n  skywire cli config gen-keys [flags]\n\nFlags:\n"
                + "  -h, --help   help for gen-keys";
        for (String a : args) {
            if (a.equals("-h") || a.equals("--help")) {
                out.println(usage);
                return 0;
            }
        }
        if (args.length > 0) {
            err.println("error: " + (args[0].startsWith("-") ? "unknown flag: " + args[0]
                    : "unexpected argument \"" + args[0] + "\": gen-keys takes none"));
            err.println(usage);
            return 2;
        }
        KeyPair kp = KeyPair.generate();
        out.println(kp.pk().hex());
        out.println(kp.sk().hex());
        return 0;
    }

    /**
     * {@code config check-pk <public-key>}: prints {@code Valid public key: <pk>} (exit 0) or the reason it is not
     * one (exit 1).
     *
     * @param args one public key
     * @param out the verdict
     * @param err errors
     * @return the exit code
     */
    public static int checkPk(String[] args, PrintStream out, PrintStream err) {
        String usage = "check a skywire public key\n\nUsage:\n  skywire cli config check-pk <public-key> [flags]\n\n"
                + "Flags:\n  -h, --help   help for check-pk";
        List<String> pos = new ArrayList<>();
        for (String a : args) {
            if (a.equals("-h") || a.equals("--help")) {
                out.println(usage);
                return 0;
            }
            if (a.startsWith("-") && a.length() > 1) {
                err.println("error: unknown flag: " + a);
                err.println(usage);
                return 2;
            }
            pos.add(a);
        }
        if (pos.size() != 1) {
            err.println("error: accepts 1 arg(s), received " + pos.size());
            err.println(usage);
            return 2;
        }
        try {
            PubKey pk = PubKey.fromHex(pos.get(0).strip());
            out.println("Valid public key: " + pk.hex());
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("error: " + oneLine(e.getMessage()));
            return 1;
        }
    }

    // ------------------------------------------------------------------ gen

    /**
     * {@code config gen}: writes a new visor config (see {@code docs/config.md}).
     *
     * @param args the flags
     * @param out the written config / the result line
     * @param err errors and warnings
     * @return the exit code
     */
    public static int gen(String[] args, PrintStream out, PrintStream err) {
        return gen(args, out, err, Env.system());
    }

    static int gen(String[] args, PrintStream out, PrintStream err, Env env) {
        try {
            new Gen(args, out, err, env).run();
            return 0;
        } catch (Exit e) {
            return e.code;
        }
    }

    /** One run of {@code config gen}. */
    private static final class Gen {
        private final String[] rawArgs;
        private final PrintStream out;
        private final PrintStream err;
        private final Env env;
        private final Set<String> explicitFalse = new HashSet<>();
        private CommandLine cl;
        private Map<String, String> skyenv = Map.of();
        private String skyenvFile;

        Gen(String[] args, PrintStream out, PrintStream err, Env env) {
            this.rawArgs = args;
            this.out = out;
            this.err = err;
            this.env = env;
        }

        // ---- errors ----

        private Exit usageError(String msg) {
            err.println("error: " + msg);
            GenFlags.usage(err, unhide(), skyenvFile, skyenvFile != null && Files.isRegularFile(Path.of(skyenvFile)));
            return new Exit(2);
        }

        private Exit failure(String msg) {
            err.println("error: " + msg);
            return new Exit(1);
        }

        private void warn(String msg) {
            err.println("warning: " + msg);
        }

        private boolean unhide() {
            return "1".equals(env.var("UNHIDEFLAGS"));
        }

        // ---- parsing ----

        private void parse() throws Exit {
            skyenvFile = env.var("SKYENV");
            List<String> args = new ArrayList<>();
            for (String a : rawArgs) {
                // pflag accepts --flag=true/false for booleans; Commons CLI does not
                if (a.startsWith("--") && a.indexOf('=') > 2) {
                    String name = a.substring(2, a.indexOf('='));
                    GenFlags.Flag f = GenFlags.BY_LONG.get(name);
                    if (f != null && f.kind() == GenFlags.Kind.BOOL) {
                        String v = a.substring(a.indexOf('=') + 1);
                        Boolean b = parseBool(v);
                        if (b == null) {
                            throw usageError("invalid argument \"" + v + "\" for \"--" + name
                                    + "\" flag: expected true or false");
                        }
                        if (b) {
                            args.add("--" + name);
                        } else {
                            explicitFalse.add(f.longName());
                        }
                        continue;
                    }
                }
                args.add(a);
            }
            Options options = GenFlags.options();
            try {
                cl = DefaultParser.builder().setAllowPartialMatching(false).get().parse(options, args.toArray(String[]::new));
            } catch (UnrecognizedOptionException e) {
                throw usageError("unknown flag: " + e.getOption());
            } catch (MissingArgumentException e) {
                Option o = e.getOption();
                throw usageError("flag needs an argument: " + (o.getLongOpt() != null ? "--" + o.getLongOpt() : "-" + o.getOpt()));
            } catch (ParseException e) {
                throw usageError(oneLine(e.getMessage()));
            }
            if (!cl.getArgList().isEmpty()) {
                throw usageError("unexpected argument \"" + cl.getArgList().get(0) + "\": config gen takes only flags");
            }
        }

        private void loadSkyEnv() throws Exit {
            if (skyenvFile == null || skyenvFile.isEmpty()) {
                return;
            }
            Path p = env.workDir().resolve(skyenvFile);
            List<String> lines;
            try {
                lines = Files.readAllLines(p, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                warn("SKYENV file " + p + " not found; using the built-in defaults");
                return;
            } catch (IOException e) {
                throw failure("cannot read SKYENV file " + p + ": " + VisorConfig.reason(e)
                        + ": fix its permissions or unset SKYENV");
            }
            SkyEnv.Parsed parsed = SkyEnv.parse(lines);
            for (SkyEnv.Skipped s : parsed.skipped()) {
                warn("SKYENV file " + p + " line " + s.line() + " is not a NAME=value assignment; ignored");
            }
            skyenv = parsed.vars();
        }

        private boolean given(String longName) {
            GenFlags.Flag f = GenFlags.BY_LONG.get(longName);
            return cl.hasOption(f.longName()) || (f.alias() != null && cl.hasOption(f.alias()));
        }

        private String flagValue(String longName) {
            GenFlags.Flag f = GenFlags.BY_LONG.get(longName);
            String v = cl.getOptionValue(f.longName());
            if (v == null && f.alias() != null) {
                v = cl.getOptionValue(f.alias());
            }
            return v;
        }

        /** Flag, else SKYENV variable, else null. */
        private String str(String longName) {
            String v = flagValue(longName);
            if (v != null) {
                return v;
            }
            GenFlags.Flag f = GenFlags.BY_LONG.get(longName);
            return f.envVar() == null ? null : skyenv.get(f.envVar());
        }

        /** Where a value came from, for messages. */
        private String source(String longName) {
            GenFlags.Flag f = GenFlags.BY_LONG.get(longName);
            if (flagValue(longName) != null || given(longName)) {
                return f.display();
            }
            return f.envVar() + " in SKYENV file " + skyenvFile;
        }

        private boolean bool(String longName) throws Exit {
            if (given(longName)) {
                return true;
            }
            GenFlags.Flag f = GenFlags.BY_LONG.get(longName);
            if (explicitFalse.contains(f.longName())) {
                return false;
            }
            String v = f.envVar() == null ? null : skyenv.get(f.envVar());
            if (v == null || v.isEmpty()) {
                return false;
            }
            Boolean b = parseBool(v);
            if (b == null) {
                throw usageError(f.envVar() + "=" + v + " in SKYENV file " + skyenvFile + " is not a boolean: use true or false");
            }
            return b;
        }

        private int integer(String longName, int def, int min, int max) throws Exit {
            String v = str(longName);
            if (v == null || v.isEmpty()) {
                return def;
            }
            try {
                int i = Integer.parseInt(v.strip());
                if (i < min || i > max) {
                    throw usageError("invalid value \"" + v + "\" for " + source(longName) + ": expected " + min + ".." + max);
                }
                return i;
            } catch (NumberFormatException e) {
                throw usageError("invalid value \"" + v + "\" for " + source(longName) + ": expected an integer");
            }
        }

        private List<PubKey> keys(String longName) throws Exit {
            String v = str(longName);
            List<PubKey> out = new ArrayList<>();
            if (v == null) {
                return out;
            }
            for (String part : v.split(",")) {
                String s = part.strip();
                if (s.isEmpty()) {
                    continue;
                }
                try {
                    out.add(PubKey.fromHex(s));
                } catch (IllegalArgumentException e) {
                    throw usageError("invalid value for " + source(longName) + ": " + oneLine(e.getMessage()));
                }
            }
            return out;
        }

        private PubKey key(String longName) throws Exit {
            String v = str(longName);
            if (v == null || v.isBlank()) {
                return null;
            }
            try {
                return PubKey.fromHex(v.strip());
            } catch (IllegalArgumentException e) {
                throw usageError("invalid value for " + source(longName) + ": " + oneLine(e.getMessage()));
            }
        }

        private Boolean trueFalse(String longName) throws Exit {
            String v = str(longName);
            if (v == null || v.isBlank()) {
                return null;
            }
            return switch (v.strip()) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> throw usageError("invalid value \"" + v + "\" for " + source(longName) + ": expected true or false");
            };
        }

        // ---- the command ----

        void run() throws Exit {
            parse();
            if (given("help")) {
                GenFlags.usage(out, unhide(), skyenvFile, skyenvFile != null && Files.isRegularFile(env.workDir().resolve(skyenvFile)));
                return;
            }
            if (given("envs")) {
                out.print(SkyEnv.TEMPLATE);
                return;
            }
            if (given("all")) {
                GenFlags.usage(out, true, skyenvFile, skyenvFile != null && Files.isRegularFile(env.workDir().resolve(skyenvFile)));
                return;
            }
            loadSkyEnv();

            // -- paths and modes
            boolean pkg = bool("pkg");
            boolean usr = bool("user");
            if (pkg && usr) {
                throw usageError("-p/--pkg and -u/--user cannot be used together");
            }
            boolean force = bool("force");
            boolean regen = bool("regen");
            String outOpt = str("out");
            boolean stdout = bool("stdout") || "STDOUT".equals(outOpt);
            if (stdout) {
                force = false;
                regen = false; // as Go: -n prints a fresh config
            }
            if (force && regen) {
                throw usageError("-f/--force cannot be used with -r/--regen: -r keeps the keys, -f replaces them");
            }
            String output;
            if (outOpt == null || outOpt.isEmpty() || "STDOUT".equals(outOpt)) {
                output = pkg ? ConfigGenerator.PKG_CONFIG
                        : usr ? env.home() + "/" + ConfigGenerator.CONFIG_NAME : ConfigGenerator.CONFIG_NAME;
            } else {
                output = outOpt;
            }
            Path confPath = env.workDir().resolve(output).toAbsolutePath().normalize();

            // -- values (validated before anything is read or written)
            boolean testEnv = bool("testenv");
            boolean dmsgHttp = bool("dmsghttp");
            boolean bestProto = bool("bestproto");
            boolean hv = bool("ishv") || usr;
            boolean retainHv = bool("retainhv");
            int minSess = integer("minsess", 2, 0, Integer.MAX_VALUE);
            int stcpr = integer("stcpr", 0, 0, 65535);
            int sudph = integer("sudph", 0, 0, 65535);
            List<PubKey> hvPks = keys("hvpks");
            List<PubKey> ptyPks = keys("dmsgpty");
            List<PubKey> surveyPks = keys("survey");
            List<PubKey> rsPks = keys("routesetup");
            List<PubKey> tpsPks = keys("tpsetup");
            PubKey proxyClientPk = key("proxyclientpk");
            PubKey vpnPk = key("addvpn");
            Boolean killsw = trueFalse("killsw");
            Boolean secure = trueFalse("secure");
            String os = str("os");
            os = os == null || os.isBlank() ? "linux" : os.strip().toLowerCase(Locale.ROOT);
            if (!Set.of("linux", "mac", "win").contains(os)) {
                throw usageError("invalid value \"" + os + "\" for -k/--os: expected linux, mac or win");
            }
            SecKey sk = null;
            String skText = str("sk");
            if (skText != null && !skText.isBlank() && !skText.strip().chars().allMatch(c -> c == '0')) {
                try {
                    sk = SecKey.fromHex(skText.strip());
                } catch (IllegalArgumentException e) {
                    throw usageError("invalid value for " + source("sk") + ": " + oneLine(e.getMessage()));
                }
            }
            Set<String> disabled = new LinkedHashSet<>();
            String dis = str("disableapps");
            if (dis != null) {
                for (String s : dis.split(",")) {
                    if (!s.isBlank()) {
                        disabled.add(s.strip());
                    }
                }
            }
            String logLevel = str("loglvl");
            String version = str("version");

            // -- output file state
            if (!stdout) {
                Path parent = confPath.getParent();
                if (parent != null && !Files.isDirectory(parent)) {
                    throw failure("cannot write config file " + confPath + ": directory " + parent
                            + (Files.exists(parent) ? " is not a directory" : " does not exist")
                            + ": create it or choose another path with -o");
                }
                if (Files.isDirectory(confPath)) {
                    throw failure("output " + confPath + " is a directory: give a file name with -o");
                }
                if (!regen && !force && Files.exists(confPath)) {
                    throw failure("config file " + confPath + " already exists: use -r (--regen) to regenerate it"
                            + " keeping its keys, or -f (--force) to overwrite it with new keys");
                }
            }

            // -- deployment services
            // -b: Go's netutil.LocalProtocol: in China, reach the services over dmsg and do not autoconnect
            boolean inChina = bestProto && "CN".equalsIgnoreCase(env.country().get());
            dmsgHttp = dmsgHttp || inChina;
            boolean disableAutoconn = bool("autoconn") || inChina;
            Services services = services(testEnv, dmsgHttp);
            DmsgHttpConfig dmsgHttpConfig = dmsgHttp ? dmsgHttpConfig(testEnv, pkg) : null;

            // -- regen: keep the keys (and with -x the remote hypervisors and dmsgpty whitelist)
            if (regen) {
                VisorConfig old = null;
                if (Files.exists(confPath)) {
                    try {
                        old = VisorConfig.loadLenient(confPath);
                    } catch (ConfigException e) {
                        throw failure("cannot regenerate: " + e.getMessage()
                                + ": fix or remove the file, or use -f to replace it with a new config and new keys");
                    }
                } else {
                    warn("-r: " + confPath + " does not exist; generating a new key pair");
                }
                if (old != null) {
                    if (old.sk() != null) {
                        sk = old.sk();
                    } else {
                        warn("-r: " + confPath + " has no secret key; generating a new key pair");
                    }
                    if (retainHv) {
                        hvPks.addAll(old.hypervisors());
                        if (old.dmsgpty() != null) {
                            ptyPks.addAll(old.dmsgpty().whitelist());
                        }
                    }
                }
            }

            ConfigGenerator.Options o = new ConfigGenerator.Options()
                    .secretKey(sk)
                    .testEnv(testEnv)
                    .services(services)
                    .dmsgHttp(dmsgHttpConfig)
                    .minSessions(minSess)
                    .publicAutoconnect(!disableAutoconn)
                    .isPublic(bool("public"))
                    .displayNodeIp(bool("publicip"))
                    .stcprPort(stcpr)
                    .sudphPort(sudph)
                    .paths(pkg ? ConfigGenerator.PathMode.PACKAGE
                            : usr ? ConfigGenerator.PathMode.USER : ConfigGenerator.PathMode.DEFAULT)
                    .home(env.home())
                    .workDir(env.workDir().toString())
                    .tmpDir(env.var("TMPDIR"))
                    .os(os)
                    .hypervisor(hv)
                    .hypervisorAuth(bool("auth") ? Boolean.TRUE : bool("noauth") ? Boolean.FALSE : null)
                    .hypervisors(hvPks)
                    .dmsgptyWhitelist(ptyPks)
                    .extraSurveyWhitelist(surveyPks)
                    .extraRouteSetupNodes(rsPks)
                    .extraTransportSetup(tpsPks)
                    .disabledApps(disabled)
                    .exampleApps(bool("example-apps"))
                    .vpnServerAutoStart(bool("servevpn"))
                    .proxyServerAutoStart(!bool("noproxyserver"))
                    .proxyClientAutoStart(bool("startproxyclient"))
                    .proxyClientServer(proxyClientPk)
                    .proxyServerPass(str("proxyserverpass"))
                    .proxyClientPass(str("proxyclientpass"))
                    .vpnClientKillswitch(killsw)
                    .vpnClientServer(vpnPk)
                    .vpnClientPass(str("vpnpass"))
                    .vpnServerPass(str("vpnserverpass"))
                    .vpnServerSecure(secure)
                    .vpnServerNetIfc(str("netifc"))
                    .binPath(str("binpath"));
            if (logLevel != null && !logLevel.isEmpty()) {
                o.logLevel(logLevel);
            }
            if (version != null && !version.isEmpty()) {
                o.version(version);
            }
            for (String name : disabled) {
                if (ConfigGenerator.defaultApps("").stream().noneMatch(a -> a.name().equals(name))) {
                    warn("-g: there is no app \"" + name + "\" to disable");
                }
            }

            VisorConfig conf;
            try {
                conf = ConfigGenerator.generate(o);
            } catch (ConfigException e) {
                throw failure(e.getMessage() + ": use --svcconf with a complete services config");
            }
            ConfigGenerator.warnings(conf).forEach(this::warn);

            if (stdout) {
                out.println(conf.toJson(bool("squash") ? null : VisorConfig.TAB_INDENT));
                return;
            }
            try {
                conf.save(confPath, "  ");
            } catch (IOException e) {
                String why = VisorConfig.reason(e);
                String hint = pkg && why.contains("permission") ? ": config gen -p must run as root (sudo)"
                        : ": choose a writable path with -o";
                throw failure("cannot write config file " + confPath + ": " + why + hint);
            }
            if (bool("hide")) {
                out.println("Updated file '" + confPath + "'");
            } else {
                out.println("Updated file '" + confPath + "' to:");
                out.println(conf.toJson(VisorConfig.TAB_INDENT));
            }
        }

        private Services services(boolean testEnv, boolean dmsgHttp) throws Exit {
            String url = str("url");
            String svcconf = str("svcconf");
            if (url != null && !url.isBlank() && !dmsgHttp && !bool("nofetch")) {
                try {
                    byte[] body = env.fetcher().get(url.strip());
                    return Services.parse(body, "services config from " + url.strip(), testEnv);
                } catch (IOException | ConfigException e) {
                    warn("cannot fetch the services config from " + url.strip() + ": "
                            + (e instanceof IOException io ? VisorConfig.reason(io) : e.getMessage())
                            + "; falling back on " + (svcconf != null && !svcconf.isBlank() ? svcconf
                            : "the embedded services-config.json"));
                }
            }
            if (svcconf != null && !svcconf.isBlank()) {
                try {
                    return Services.read(env.workDir().resolve(svcconf.strip()), testEnv);
                } catch (ConfigException e) {
                    throw failure(e.getMessage() + ": fix it or leave out " + source("svcconf")
                            + " to use the embedded services");
                }
            }
            return Services.embedded(testEnv);
        }

        private DmsgHttpConfig dmsgHttpConfig(boolean testEnv, boolean pkg) throws Exit {
            String given = str("dmsgconf");
            if (given != null && !given.isBlank()) {
                try {
                    return DmsgHttpConfig.read(env.workDir().resolve(given.strip()), testEnv);
                } catch (ConfigException e) {
                    throw failure(e.getMessage() + ": fix it or leave out " + source("dmsgconf")
                            + " to use the embedded dmsghttp config");
                }
            }
            Path def = pkg ? Path.of(ConfigGenerator.PKG_DIR, DmsgHttpConfig.EMBEDDED_RESOURCE)
                    : env.workDir().resolve(DmsgHttpConfig.EMBEDDED_RESOURCE);
            if (Files.isRegularFile(def)) {
                try {
                    return DmsgHttpConfig.read(def, testEnv);
                } catch (ConfigException e) {
                    throw failure(e.getMessage() + ": fix or remove it to use the embedded dmsghttp config");
                }
            }
            return DmsgHttpConfig.embedded(testEnv);
        }
    }

    /** Go's {@code strconv.ParseBool}. */
    static Boolean parseBool(String v) {
        return switch (v.strip()) {
            case "1", "t", "T", "TRUE", "true", "True" -> Boolean.TRUE;
            case "0", "f", "F", "FALSE", "false", "False" -> Boolean.FALSE;
            default -> null;
        };
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}
