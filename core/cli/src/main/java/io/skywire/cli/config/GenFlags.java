package io.skywire.cli.config;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** The flags of {@code config gen}, in Go's order, with their SKYENV variables and help text. */
final class GenFlags {
    enum Kind { BOOL, STRING, INT }

    /**
     * @param shortName one letter or null
     * @param longName the long name
     * @param alias another long name or null
     * @param kind the value kind
     * @param desc the help text
     * @param def the default shown in help ("" = none)
     * @param hidden shown only with --all (as in Go)
     * @param envVar the SKYENV variable that sets the default, or null
     */
    record Flag(String shortName, String longName, String alias, Kind kind, String desc, String def, boolean hidden,
                String envVar) {
        String display() {
            return (shortName != null ? "-" + shortName + "/" : "") + "--" + longName;
        }
    }

    static final List<Flag> ALL = List.of(
            f("a", "url", null, Kind.STRING, "services conf url to fetch (default: the embedded services-config.json)", "", true, "SVCCONFADDR"),
            f(null, "loglvl", null, Kind.STRING, "level of logging in config", "info", true, "LOGLVL"),
            f("b", "bestproto", null, Kind.BOOL, "best protocol (dmsg | direct) based on location", "", false, "BESTPROTO"),
            f("c", "noauth", null, Kind.BOOL, "disable authentication for hypervisor UI", "", true, null),
            f("d", "dmsghttp", null, Kind.BOOL, "use dmsg connection to skywire services", "", true, "DMSGHTTP"),
            f("D", "dmsgconf", null, Kind.STRING, "dmsghttp-config path (the embedded copy if that file does not exist)", "dmsghttp-config.json", true, "DMSGCONF"),
            f(null, "minsess", null, Kind.INT, "number of dmsg servers to connect to (0 = unlimited)", "2", true, "MINDMSGSESS"),
            f("e", "auth", null, Kind.BOOL, "enable auth on hypervisor UI", "", true, null),
            f("f", "force", null, Kind.BOOL, "overwrite a pre-existing config (new keys)", "", true, null),
            f("g", "disableapps", null, Kind.STRING, "comma separated list of apps to disable", "", true, null),
            f("i", "ishv", null, Kind.BOOL, "local hypervisor configuration", "", false, "ISHYPERVISOR"),
            f("j", "hvpks", "hvpk", Kind.STRING, "list of public keys to add as hypervisor", "", false, "HYPERVISORPKS"),
            f(null, "dmsgpty", null, Kind.STRING, "add dmsgpty whitelist PKs", "", false, "DMSGPTYPKS"),
            f(null, "survey", null, Kind.STRING, "add survey whitelist PKs", "", true, "SURVEYPKS"),
            f(null, "routesetup", null, Kind.STRING, "add route setup node PKs", "", true, "ROUTESETUPPKS"),
            f(null, "tpsetup", null, Kind.STRING, "add transport setup node PKs", "", true, "TPSETUPPKS"),
            f("k", "os", null, Kind.STRING, "(linux / mac / win) paths", "linux", true, null),
            f("l", "publicip", null, Kind.BOOL, "display visor ip in service discovery", "", true, "DISPLAYNODEIP"),
            f("m", "example-apps", null, Kind.BOOL, "add example apps to the config", "", true, null),
            f("n", "stdout", null, Kind.BOOL, "write config to stdout", "", true, null),
            f("N", "squash", null, Kind.BOOL, "output config without whitespace or newlines", "", true, null),
            f("q", "envs", null, Kind.BOOL, "show the environmental variable settings", "", false, null),
            f("o", "out", null, Kind.STRING, "output config: skywire-config.json", "", false, "OUTPUT"),
            f("p", "pkg", null, Kind.BOOL, "use path for package: /opt/skywire", "", false, "PKGENV"),
            f("u", "user", null, Kind.BOOL, "use paths for user space: $HOME/.skywire", "", false, "USRENV"),
            f("r", "regen", null, Kind.BOOL, "re-generate existing config & retain keys", "", false, null),
            f("s", "sk", null, Kind.STRING, "a random key is generated if unspecified", "", true, "SK"),
            f("t", "testenv", null, Kind.BOOL, "use test deployment", "", true, "TESTENV"),
            f("v", "servevpn", null, Kind.BOOL, "enable vpn server", "", true, "VPNSERVER"),
            f("w", "hide", null, Kind.BOOL, "dont print the config to the terminal", "", true, null),
            f("x", "retainhv", null, Kind.BOOL, "retain existing hypervisors with regen", "", true, null),
            f("y", "autoconn", "noautoconnect", Kind.BOOL, "disable autoconnect to public visors", "", true, "DISABLEPUBLICAUTOCONN"),
            f("z", "public", null, Kind.BOOL, "publicize visor in service discovery", "", true, "VISORISPUBLIC"),
            f(null, "stcpr", null, Kind.INT, "set tcp transport listening port - 0 for random", "0", true, "STCPRPORT"),
            f(null, "sudph", null, Kind.INT, "set udp transport listening port - 0 for random", "0", true, "SUDPHPORT"),
            f(null, "binpath", null, Kind.STRING, "set bin_path for visor native apps", "", true, "BINPATH"),
            f(null, "proxyclientpk", null, Kind.STRING, "set server public key for proxy client", "", true, "PROXYCLIENTPK"),
            f(null, "startproxyclient", null, Kind.BOOL, "autostart proxy client", "", true, "STARTPROXYCLIENT"),
            f(null, "noproxyserver", null, Kind.BOOL, "disable autostart of proxy server", "", true, "NOPROXYSERVER"),
            f(null, "proxyserverpass", null, Kind.STRING, "set proxy server password", "", true, "PROXYSEVERPASS"),
            f(null, "proxyclientpass", null, Kind.STRING, "password for the proxy client to access the server (if needed)", "", true, "PROXYCLIENTPASS"),
            f(null, "killsw", null, Kind.STRING, "vpn client killswitch (true / false)", "", true, "VPNKS"),
            f(null, "addvpn", null, Kind.STRING, "set vpn server public key for vpn client", "", true, "ADDVPNPK"),
            f(null, "vpnpass", null, Kind.STRING, "password for vpn client to access the vpn server (if needed)", "", true, "VPNCLIENTPASS"),
            f(null, "vpnserverpass", null, Kind.STRING, "set password to the vpn server", "", true, "VPNSEVERPASS"),
            f(null, "secure", null, Kind.STRING, "change secure mode status of vpn server (true / false)", "", true, "VPNSEVERSECURE"),
            f(null, "netifc", null, Kind.STRING, "VPN Server network interface", "", true, "VPNSEVERNETIFC"),
            f(null, "nofetch", null, Kind.BOOL, "do not fetch the services from the service conf url (the default unless -a is given)", "", true, null),
            f("S", "svcconf", null, Kind.STRING, "services configuration file to use instead of the embedded one", "", true, "SVCCONF"),
            f(null, "version", null, Kind.STRING, "custom version testing override", "", true, "VERSION"),
            f(null, "all", null, Kind.BOOL, "show all flags", "", false, null),
            f("h", "help", null, Kind.BOOL, "help for gen", "", false, null));

    static final Map<String, Flag> BY_LONG = new LinkedHashMap<>();

    static {
        for (Flag f : ALL) {
            BY_LONG.put(f.longName(), f);
            if (f.alias() != null) {
                BY_LONG.put(f.alias(), f);
            }
        }
    }

    private GenFlags() {
    }

    private static Flag f(String s, String l, String alias, Kind k, String desc, String def, boolean hidden, String env) {
        return new Flag(s, l, alias, k, desc, def, hidden, env);
    }

    /** The Commons CLI options (aliases are separate long-only options, folded together by the caller). */
    static Options options() {
        Options o = new Options();
        for (Flag f : ALL) {
            Option.Builder b = f.shortName() != null ? Option.builder(f.shortName()).longOpt(f.longName())
                    : Option.builder().longOpt(f.longName());
            if (f.kind() != Kind.BOOL) {
                b.hasArg().argName(f.kind() == Kind.INT ? "int" : "string");
            }
            o.addOption(b.desc(f.desc()).get());
            if (f.alias() != null) {
                Option.Builder a = Option.builder().longOpt(f.alias());
                if (f.kind() != Kind.BOOL) {
                    a.hasArg().argName("string");
                }
                o.addOption(a.desc("same as --" + f.longName()).get());
            }
        }
        return o;
    }

    /** Prints cobra-style help. */
    static void usage(PrintStream to, boolean all, String skyenvFile, boolean skyenvExists) {
        to.println("Generate a config file");
        to.println();
        if (skyenvFile != null && !skyenvFile.isEmpty() && skyenvExists) {
            to.println("\tskyenv file detected: " + skyenvFile);
        } else {
            to.println("\tConfig defaults file may also be specified with:");
            to.println("\tSKYENV=/path/to/skywire.conf skywire cli config gen");
            to.println("\tprint the SKYENV file template with:");
            to.println("\tskywire cli config gen -q");
        }
        to.println();
        to.println("Usage:");
        to.println("  skywire cli config gen [flags]");
        to.println();
        to.println("Flags:");
        List<String[]> rows = new ArrayList<>();
        for (Flag f : ALL) {
            if ((f.hidden() && !all) || (all && f.longName().equals("all"))) {
                continue;
            }
            String left = (f.shortName() != null ? "  -" + f.shortName() + ", " : "      ") + "--" + f.longName()
                    + (f.kind() == Kind.BOOL ? "" : f.kind() == Kind.INT ? " int" : " string");
            String right = f.desc() + (f.def().isEmpty() ? "" : " (default " + (f.kind() == Kind.INT ? f.def()
                    : "\"" + f.def() + "\"") + ")");
            if (f.alias() != null) {
                right += " (also --" + f.alias() + ")";
            }
            rows.add(new String[] {left, right});
        }
        int width = 0;
        for (String[] r : rows) {
            width = Math.max(width, r[0].length());
        }
        for (String[] r : rows) {
            to.println(r[0] + " ".repeat(width - r[0].length() + 3) + r[1]);
        }
    }
}
