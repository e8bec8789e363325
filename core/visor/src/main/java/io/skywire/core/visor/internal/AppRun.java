package io.skywire.core.visor.internal;

import io.skywire.core.visor.net.LocalServiceDiscovery;
import io.skywire.core.visor.net.ScopedAppNet;
import io.skywire.sdk.AppContext;
import io.skywire.sdk.discovery.ServiceDiscovery;
import io.skywire.sdk.net.AppNet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The {@link AppContext} of one run of one app; closing it releases what the app opened through it. */
final class AppRun implements AppContext, AutoCloseable {
    private final String name;
    private final String visorPk;
    private final List<String> args;
    private final int port;
    private final Map<String, String> config;
    private final Path workDir;
    private final ScopedAppNet net;
    private final LocalServiceDiscovery.Scoped discovery;
    private final Consumer<String> statusSink;
    private final System.Logger logger;

    AppRun(String name, String visorPk, List<String> args, int port, Path workDir, AppNet net,
           ServiceDiscovery discovery, Consumer<String> statusSink) {
        this.name = name;
        this.visorPk = visorPk;
        this.args = List.copyOf(args);
        this.port = port;
        this.config = Collections.unmodifiableMap(parseFlags(this.args));
        this.workDir = workDir;
        this.net = new ScopedAppNet(net);
        this.discovery = new LocalServiceDiscovery.Scoped(discovery);
        this.statusSink = statusSink;
        this.logger = System.getLogger("skywire.app." + name);
    }

    /**
     * Go launcher args are {@code app <name> --flag value ...}; apps get what follows the name.
     *
     * @param name the app name
     * @param launcherArgs the config's args
     * @return the app's own args
     */
    static List<String> appArgs(String name, List<String> launcherArgs) {
        if (launcherArgs.size() >= 2 && launcherArgs.get(0).equals("app") && launcherArgs.get(1).equals(name)) {
            return launcherArgs.subList(2, launcherArgs.size());
        }
        return launcherArgs;
    }

    /** {@code --key value} and {@code --flag} (then "true"), also {@code --key=value}; positionals are ignored. */
    static Map<String, String> parseFlags(List<String> args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("-") || a.equals("-") || a.equals("--")) {
                continue;
            }
            String key = a.replaceFirst("^--?", "");
            int eq = key.indexOf('=');
            if (eq >= 0) {
                m.put(key.substring(0, eq), key.substring(eq + 1));
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                m.put(key, args.get(++i));
            } else {
                m.put(key, "true");
            }
        }
        return m;
    }

    @Override
    public String appName() {
        return name;
    }

    @Override
    public String visorPk() {
        return visorPk;
    }

    @Override
    public List<String> args() {
        return args;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public Map<String, String> config() {
        return config;
    }

    @Override
    public System.Logger logger() {
        return logger;
    }

    @Override
    public Path workDir() {
        try {
            return Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the app directory " + workDir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public AppNet net() {
        return net;
    }

    @Override
    public ServiceDiscovery discovery() {
        return discovery;
    }

    @Override
    public void setDetailedStatus(String status) {
        statusSink.accept(status);
    }

    /** @return streams and listeners the app still holds */
    int openCount() {
        return net.openCount();
    }

    @Override
    public void close() {
        net.close();
        discovery.close();
    }
}
