package io.skywire.cli;

import io.skywire.cli.config.ConfigCommands;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The {@code skywire} command. */
public final class Main {
    static {
        // before anything touches java.util.logging
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", LogSetup.KeepHandlersLogManager.class.getName());
        }
    }

    private Main() {
    }

    public static void main(String[] args) {
        int code;
        try {
            code = run(args, System.out, System.err);
        } catch (Exception e) {
            System.err.println("error: " + e);
            code = 1;
        }
        System.out.flush();
        System.exit(code);
    }

    static Cmd root() {
        Cmd config = Cmd.group("config", "Generate or update a skywire config")
                .add(Cmd.leaf("gen", "Generate a config file", ConfigCommands::gen))
                .add(Cmd.leaf("gen-keys", "Generate public/secret keypair", ConfigCommands::genKeys))
                .add(Cmd.leaf("check-pk", "Check a skywire public key", ConfigCommands::checkPk));
        Cmd cli = Cmd.group("cli", "Command Line Interface for skywire")
                .add(config)
                .add(VisorCli.tree());
        return Cmd.group("skywire", "")
                .add(Cmd.leaf("visor", "Skywire Visor", VisorLauncher::run))
                .add(cli)
                .add(Cmd.group("svc", "Skywire services (deployment servers)")
                        .add(Cmd.leaf("dmsg-disc", "DMSG Discovery Server (same as \"skywire dmsg disc\")",
                                ServiceLauncher::discovery))
                        .add(Cmd.leaf("dmsg-server", "DMSG Server (same as \"skywire dmsg server start\")",
                                ServiceLauncher::dmsgServer))
                        .add(Cmd.leaf("local", "A local deployment on loopback in one process",
                                ServiceLauncher::local)))
                .add(Cmd.group("dmsg", "DMSG services & utilities")
                        .add(Cmd.leaf("disc", "DMSG Discovery Server", ServiceLauncher::discovery))
                        .add(Cmd.leaf("curl", "DMSG curl utility (HTTP over dmsg)", DmsgCurl::run))
                        .add(Cmd.group("server", "DMSG Server")
                                .add(Cmd.leaf("start", "Start a DMSG Server", ServiceLauncher::dmsgServer))))
                .add(Cmd.leaf("app", "skywire native applications", Main::apps));
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length > 0) {
            switch (args[0]) {
                case "-v", "--version" -> {
                    out.println("skywire version " + BuildInfo.version());
                    return 0;
                }
                case "-b", "--bv" -> {
                    out.println(BuildInfo.version());
                    return 0;
                }
                case "-d", "--info" -> {
                    BuildInfo.print(out, home());
                    return 0;
                }
                default -> {
                    // a command
                }
            }
        }
        Cmd root = root();
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            out.println(BuildInfo.BANNER);
            out.println(BuildInfo.version());
            out.println(BuildInfo.builtWith());
            out.println();
            root.usage(out);
            out.println();
            out.println("Flags:");
            out.println("  -b, --bv        print the version");
            out.println("  -d, --info      print build information");
            out.println("  -h, --help      help for skywire");
            out.println("  -v, --version   version for skywire");
            return 0;
        }
        return root.dispatch(args, out, err);
    }

    private static int apps(String[] args, PrintStream out, PrintStream err) {
        String msg = "apps run inside the visor as OSGi bundles: drop an app bundle into the visor's apps/ "
                + "directory, then use \"skywire cli visor app ls|start|stop\" or the Gogo shell's app: commands";
        if (args.length > 0 && (args[0].equals("-h") || args[0].equals("--help"))) {
            out.println(msg);
            return 0;
        }
        err.println("error: " + msg);
        return args.length == 0 ? 1 : 2;
    }

    /** @return the distribution directory (parent of bin/ and lib/), or null in a development run */
    static Path home() {
        String h = System.getProperty("skywire.home");
        if (h != null) {
            return Path.of(h);
        }
        try {
            Path jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path lib = jar.getParent();
            if (lib != null && lib.getFileName() != null && lib.getFileName().toString().equals("lib")
                    && Files.isDirectory(lib.resolveSibling("bundle"))) {
                return lib.getParent();
            }
        } catch (URISyntaxException | SecurityException | NullPointerException ignored) {
            // no code source: no home
        }
        return null;
    }
}
