package io.skywire.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.skywire.core.visor.config.VisorConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code skywire cli visor …}: talks to a running visor over its RPC endpoint. */
final class VisorCli {
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final String PKG_CONFIG = "/opt/skywire/skywire.json";

    private VisorCli() {
    }

    static Cmd tree() {
        Cmd app = Cmd.group("app", "App settings and lifecycle")
                .add(Cmd.leaf("ls", "List apps", VisorCli::appLs))
                .add(Cmd.leaf("start", "Launch app", (a, o, e) -> appLifecycle(a, o, e, "start", "StartApp")))
                .add(Cmd.leaf("stop", "Stop app", (a, o, e) -> appLifecycle(a, o, e, "stop", "StopApp")))
                .add(Cmd.group("arg", "App args")
                        .add(Cmd.leaf("autostart", "Set app autostart", VisorCli::appAutostart)));
        return Cmd.group("visor", "Query the Skywire Visor")
                .add(Cmd.leaf("pk", "Public key of the visor", VisorCli::pk))
                .add(Cmd.leaf("info", "Summary of visor info", VisorCli::info))
                .add(app)
                .add(Cmd.leaf("halt", "Stop a running visor", VisorCli::halt));
    }

    private static Options rpcOptions() {
        return new Options()
                .addOption(Option.builder().longOpt("rpc").hasArg().argName("addr")
                        .desc("RPC server address (default " + RpcClient.DEFAULT_ADDR + ")").get())
                .addOption(Option.builder().longOpt("json").desc("print the result as JSON").get());
    }

    /** A leaf's work once its flags are parsed; returns the exit code. */
    private interface Body {
        int run(CommandLine cl) throws Exception;
    }

    /** Parses flags, runs the body, and turns the expected failures into one-line errors and exit codes. */
    private static int leaf(String usage, String desc, Options o, int maxPositional, String[] args, PrintStream out,
                            PrintStream err, Body body) throws Exception {
        try {
            return body.run(Flags.parse(usage, desc, o, args, maxPositional, out, err));
        } catch (Flags.Exit x) {
            return x.code;
        } catch (RpcClient.RpcException | io.skywire.core.visor.config.ConfigException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    private static String rpc(CommandLine cl) {
        return cl.getOptionValue("rpc", RpcClient.DEFAULT_ADDR);
    }

    static int pk(String[] args, PrintStream out, PrintStream err) throws Exception {
        String usage = "skywire cli visor pk [flags]";
        String desc = "Public key of the visor, from the running visor or from a config file (-i, -p).";
        Options o = rpcOptions()
                .addOption(Option.builder("i").longOpt("input").hasArg().argName("file")
                        .desc("read the public key from this config file instead of the running visor").get())
                .addOption(Option.builder("p").longOpt("pkg")
                        .desc("read the public key from the package config " + PKG_CONFIG).get());
        return leaf(usage, desc, o, 0, args, out, err, cl -> {
            String file = cl.hasOption("p") ? PKG_CONFIG : cl.getOptionValue("i");
            if (file != null) {
                out.println(VisorConfig.load(Path.of(file)).pk().hex());
                return 0;
            }
            JsonNode s = RpcClient.call(rpc(cl), "Summary", null, TIMEOUT);
            out.println(cl.hasOption("json") ? JSON.writeValueAsString(s.get("public_key")) : s.get("public_key").asText());
            return 0;
        });
    }

    static int info(String[] args, PrintStream out, PrintStream err) throws Exception {
        String usage = "skywire cli visor info [flags]";
        return leaf(usage, "Summary of visor info.", rpcOptions(), 0, args, out, err, cl -> {
            JsonNode s = RpcClient.call(rpc(cl), "Summary", null, TIMEOUT);
            if (cl.hasOption("json")) {
                out.println(JSON.writeValueAsString(s));
                return 0;
            }
            out.println(".:: Visor Summary ::.");
            out.printf("Public key: %s%n", s.path("public_key").asText());
            out.printf("DMSG Server: %s%n", s.path("dmsg_server").asText());
            if (s.has("dmsg_sessions")) {
                out.printf("DMSG Sessions: %d (discovery %s)%n", s.path("dmsg_sessions").size(),
                        s.path("dmsg_discovery").asText());
            }
            if (!s.path("dmsg_error").asText().isEmpty()) {
                out.printf("DMSG Error: %s%n", s.path("dmsg_error").asText());
            }
            out.printf("Visor Version: %s%n", s.path("version").asText());
            out.printf("Build Tag: %s%n", s.path("build_tag").asText());
            out.printf("Time Online: %.6f seconds%n", s.path("uptime").asDouble());
            out.printf("CLI Address: %s%n", s.path("cli_addr").asText());
            out.printf("Local Path: %s%n", s.path("local_path").asText());
            out.printf("Apps Directory: %s%n", s.path("apps_dir").asText());
            int running = 0;
            for (JsonNode a : s.path("apps")) {
                running += a.path("status").asInt() == 1 ? 1 : 0;
            }
            out.printf("Apps: %d known, %d running%n", s.path("apps").size(), running);
            return 0;
        });
    }

    static int appLs(String[] args, PrintStream out, PrintStream err) throws Exception {
        return leaf("skywire cli visor app ls [flags]", "List apps and their status.",
                    rpcOptions(), 0, args, out, err, cl -> {
            JsonNode apps = RpcClient.call(rpc(cl), "Apps", null, TIMEOUT);
            if (cl.hasOption("json")) {
                out.println(JSON.writeValueAsString(apps));
                return 0;
            }
            String fmt = "%-20s %-6s %-11s %-9s %s%n";
            out.printf(fmt, "app", "port", "auto_start", "status", "detailed_status");
            for (JsonNode a : apps) {
                out.printf(fmt, a.path("name").asText(), a.path("port").asText(), a.path("auto_start").asText(),
                        statusWord(a.path("status").asInt()), a.path("detailed_status").asText());
            }
            return 0;
        });
    }

    static String statusWord(int code) {
        return switch (code) {
            case 0 -> "stopped";
            case 1 -> "running";
            case 2 -> "errored";
            case 3 -> "starting";
            default -> "unknown(" + code + ")";
        };
    }

    private static int appLifecycle(String[] args, PrintStream out, PrintStream err, String verb, String method)
            throws Exception {
        String usage = "skywire cli visor app " + verb + " <name> [flags]";
        Options o = rpcOptions();
        return leaf(usage, (verb.equals("start") ? "Launch" : "Stop") + " an app.",
                    o, 1, args, out, err, cl -> {
            if (cl.getArgList().isEmpty()) {
                throw Flags.usageError("missing app name", usage, null, rpcOptions(), err);
            }
            JsonNode r = RpcClient.call(rpc(cl), method, Map.of("name", cl.getArgList().get(0)), TIMEOUT);
            out.println(cl.hasOption("json") ? JSON.writeValueAsString(r) : "OK");
            return 0;
        });
    }

    static int appAutostart(String[] args, PrintStream out, PrintStream err) throws Exception {
        String usage = "skywire cli visor app arg autostart <name> true|false [flags]";
        return leaf(usage, "Set an app's auto_start; saved in the visor config.",
                    rpcOptions(), 2, args, out, err, cl -> {
            if (cl.getArgList().size() != 2) {
                throw Flags.usageError("expected an app name and true or false", usage, null, rpcOptions(), err);
            }
            String v = cl.getArgList().get(1);
            if (!v.equals("true") && !v.equals("false")) {
                throw Flags.usageError("invalid value \"" + v + "\": expected true or false", usage, null,
                        rpcOptions(), err);
            }
            RpcClient.call(rpc(cl), "SetAutoStart",
                    Map.of("name", cl.getArgList().get(0), "auto_start", Boolean.parseBoolean(v)), TIMEOUT);
            out.println("OK");
            return 0;
        });
    }

    static int halt(String[] args, PrintStream out, PrintStream err) throws Exception {
        return leaf("skywire cli visor halt [flags]", "Stop a running visor.",
                    rpcOptions(), 0, args, out, err, cl -> {
            RpcClient.call(rpc(cl), "Shutdown", null, TIMEOUT);
            out.println("OK");
            return 0;
        });
    }
}
