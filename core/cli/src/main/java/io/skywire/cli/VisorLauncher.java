package io.skywire.cli;

import io.skywire.core.visor.config.VisorConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.osgi.framework.Constants;

/**
 * {@code skywire visor}: boots an embedded Apache Felix with the boot bundles of {@code <home>/bundle}
 * (SCR, Config Admin, Gogo, fileinstall, the core bundles) and watches the app directory with fileinstall.
 */
final class VisorLauncher {
    static final String USER_CONFIG = System.getProperty("user.home") + "/skywire-config.json";

    private VisorLauncher() {
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
        List<Path> jars = FelixRuntime.bundles(home, err, "common", "visor");
        if (jars == null) {
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
            props = FelixRuntime.profile(home.resolve("conf/felix/visor.properties"));
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

        return FelixRuntime.run("visor", props, jars, config.shutdownTimeout(), launched, err);
    }
}
