package io.skywire.cli;

import io.skywire.core.visor.config.VisorConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * {@code skywire visor}: boots an embedded Apache Felix with the boot bundles of {@code <home>/bundle}
 * (SCR, Config Admin, Gogo, fileinstall, the core bundles) and watches the app directory with fileinstall.
 */
final class VisorLauncher {
    private static final System.Logger LOG = System.getLogger("skywire.launcher");
    static final String USER_CONFIG = System.getProperty("user.home") + "/skywire-config.json";

    private VisorLauncher() {
    }

    /**
     * The launch profile (felix-config/visor.properties, shipped as conf/felix/visor.properties) over the
     * settings the visor cannot run without.
     */
    static Map<String, String> profile(Path file) throws IOException {
        Map<String, String> props = new HashMap<>();
        props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        props.put("felix.service.urlhandlers", "false");
        if (Files.exists(file)) {
            java.util.Properties p = new java.util.Properties();
            try (java.io.Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            } catch (IOException e) {
                throw new IOException(file + ": " + e.getMessage(), e);
            }
            p.stringPropertyNames().forEach(k -> props.put(k, p.getProperty(k)));
        }
        return props;
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        long launched = System.nanoTime();
        String usage = "skywire visor [flags]";
        String desc = "Skywire Visor: hosts apps (as OSGi bundles) and is an applications gateway to the "
                + "Skywire network. Runs the Felix Gogo shell on a terminal (visor:status, app:ls, ...).";
        Options o = new Options()
                .addOption(Option.builder("c").longOpt("config").hasArg().argName("file")
                        .desc("config file to use (default \"skywire-config.json\")").get())
                .addOption(Option.builder("p").longOpt("pkg").desc("use package config " + VisorCli.PKG_CONFIG).get())
                .addOption(Option.builder("u").longOpt("user").desc("use config at: " + USER_CONFIG).get())
                .addOption(Option.builder("l").longOpt("loglvl").hasArg().argName("level")
                        .desc("log level: trace, debug, info, warn, error (default: config's log_level, else info)")
                        .get())
                .addOption(Option.builder().longOpt("apps-dir").hasArg().argName("dir")
                        .desc("watched directory of app bundles (default: apps/ beside the config) [Java port]").get())
                .addOption(Option.builder().longOpt("shell")
                        .desc("run the interactive Gogo shell even when stdin is not a terminal [Java port]").get())
                .addOption(Option.builder().longOpt("no-shell")
                        .desc("do not run the interactive Gogo shell [Java port]").get());
        CommandLine cl;
        try {
            cl = Flags.parse(usage, desc, o, args, 0, out, err);
        } catch (Flags.Exit x) {
            return x.code;
        }
        Path configFile = Path.of(cl.hasOption("p") ? VisorCli.PKG_CONFIG
                : cl.hasOption("u") ? USER_CONFIG : cl.getOptionValue("c", "skywire-config.json")).toAbsolutePath();
        VisorConfig config;
        try {
            config = VisorConfig.load(configFile);
        } catch (io.skywire.core.visor.config.ConfigException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
        Level level;
        try {
            level = LogSetup.parse(cl.hasOption("l") ? cl.getOptionValue("l") : config.logLevel());
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        LogSetup.configure(level, err);

        Path home = Main.home();
        Path bundleDir = home == null ? null : home.resolve("bundle");
        if (bundleDir == null || !Files.isDirectory(bundleDir)) {
            err.println("error: no boot bundles found (expected " + bundleDir + "): run the visor from the "
                    + "distribution, i.e. bin/skywire, built by \"mvn -DskipTests install\"");
            return 1;
        }
        Path appsDir = Path.of(cl.getOptionValue("apps-dir", configFile.resolveSibling("apps").toString()))
                .toAbsolutePath().normalize();
        Path localPath = Path.of(config.localPath()).toAbsolutePath().normalize();
        try {
            Files.createDirectories(appsDir);
            Files.createDirectories(localPath);
        } catch (IOException e) {
            err.println("error: cannot create " + e.getMessage() + ": check permissions or use --apps-dir / local_path");
            return 1;
        }
        boolean interactive = cl.hasOption("shell")
                || !cl.hasOption("no-shell") && System.console() != null && System.console().isTerminal();

        Map<String, String> props;
        try {
            props = profile(home.resolve("conf/felix/visor.properties"));
        } catch (IOException e) {
            err.println("error: cannot read the Felix launch profile " + e.getMessage());
            return 1;
        }
        props.put(Constants.FRAMEWORK_STORAGE, localPath.resolve("felix-cache").toString());
        props.put("skywire.config", configFile.toString());
        props.put("skywire.launch.nanos", Long.toString(launched));
        props.put("felix.fileinstall.dir", appsDir.toString());
        // fileinstall prints to stdout on its own; only tracing wants its chatter
        props.put("felix.fileinstall.log.level", level.intValue() < Level.FINE.intValue() ? "4" : "1");
        if (interactive) {
            // gosh reads its profile through a bundle: URL, which needs Felix's URL handlers
            props.put("felix.service.urlhandlers", "true");
        } else {
            props.put("gosh.args", "--nointeractive"); // gosh would stop the framework at stdin EOF
        }

        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class, VisorLauncher.class.getClassLoader())
                .findFirst().orElseThrow(() -> new IllegalStateException("Felix framework missing from lib/"));
        Framework fw = factory.newFramework(props);
        fw.init();
        List<Bundle> installed = new ArrayList<>();
        try (Stream<Path> jars = Files.list(bundleDir)) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                try {
                    installed.add(fw.getBundleContext().installBundle(jar.toUri().toString()));
                } catch (BundleException e) {
                    LOG.log(System.Logger.Level.ERROR, "cannot install " + jar.getFileName() + ": " + e.getMessage());
                }
            }
        }
        fw.start();
        for (Bundle b : installed) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                try {
                    b.start();
                } catch (BundleException e) {
                    LOG.log(System.Logger.Level.ERROR, "cannot start " + b.getSymbolicName() + ": " + e.getMessage());
                }
            }
        }
        LOG.log(System.Logger.Level.DEBUG, "framework with " + installed.size() + " boot bundles started in "
                + (System.nanoTime() - launched) / 1_000_000 + " ms");

        Duration shutdownTimeout = config.shutdownTimeout();
        Thread hook = new Thread(() -> {
            try {
                if ((fw.getState() & (Bundle.ACTIVE | Bundle.STARTING)) != 0) {
                    LOG.log(System.Logger.Level.INFO, "stopping visor");
                    fw.stop();
                    fw.waitForStop(shutdownTimeout.toMillis());
                }
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "unclean shutdown: " + e.getMessage());
            }
        }, "skywire-shutdown-hook");
        Runtime.getRuntime().addShutdownHook(hook);
        FrameworkEvent ev = fw.waitForStop(0);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // already shutting down: the hook is running
        }
        String failure = System.getProperty("skywire.visor.failure");
        if (failure != null) {
            err.println("error: " + failure);
            return 1;
        }
        if (ev.getType() == FrameworkEvent.ERROR) {
            err.println("error: the OSGi framework stopped with an error: " + ev.getThrowable());
            return 1;
        }
        return 0;
    }
}
