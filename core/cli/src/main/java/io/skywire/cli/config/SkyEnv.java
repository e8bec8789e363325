package io.skywire.cli.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SKYENV file ({@code SKYENV=/etc/skywire.conf skywire cli config gen}): shell variable assignments whose values
 * become the defaults of {@code config gen} flags. Go sources the file with bash; we read the subset of shell that
 * the template uses: {@code NAME=value}, {@code NAME='value'}, {@code NAME="value"}, {@code NAME=('a' 'b')} (an
 * array, joined with commas), an optional leading {@code export}, and {@code #} comments. Other lines are reported
 * and skipped; there is no variable expansion.
 */
final class SkyEnv {
    private static final Pattern ASSIGN = Pattern.compile("^(?:export\\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$");

    /** One line that was not understood. */
    record Skipped(int line, String text) {
    }

    /** The parsed variables (in file order) and the lines that were skipped. */
    record Parsed(Map<String, String> vars, List<Skipped> skipped) {
    }

    private SkyEnv() {
    }

    static Parsed parse(List<String> lines) {
        Map<String, String> vars = new LinkedHashMap<>();
        List<Skipped> skipped = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = ASSIGN.matcher(line);
            if (!m.matches()) {
                skipped.add(new Skipped(n + 1, line));
                continue;
            }
            String value = value(m.group(2));
            if (value == null) {
                skipped.add(new Skipped(n + 1, line));
                continue;
            }
            vars.put(m.group(1), value);
        }
        return new Parsed(vars, skipped);
    }

    /** The value of the right-hand side, or null if it is not understood. */
    private static String value(String rhs) {
        String s = rhs.strip();
        if (s.startsWith("(")) {
            int close = s.lastIndexOf(')');
            if (close < 0 || !restIsComment(s.substring(close + 1))) {
                return null;
            }
            List<String> words = words(s.substring(1, close));
            if (words == null) {
                return null;
            }
            List<String> nonEmpty = new ArrayList<>();
            for (String w : words) {
                if (!w.isEmpty()) {
                    nonEmpty.add(w);
                }
            }
            return String.join(",", nonEmpty);
        }
        List<String> words = words(s);
        if (words == null || words.size() > 1) {
            return null;
        }
        return words.isEmpty() ? "" : words.get(0);
    }

    private static boolean restIsComment(String rest) {
        String r = rest.strip();
        return r.isEmpty() || r.startsWith("#");
    }

    /** Splits shell words (quotes, backslash escapes); stops at an unquoted {@code #}; null if a quote is open. */
    private static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = null;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                if (cur != null) {
                    out.add(cur.toString());
                    cur = null;
                }
                i++;
                continue;
            }
            if (c == '#' && cur == null) {
                break;
            }
            if (cur == null) {
                cur = new StringBuilder();
            }
            if (c == '\'') {
                int end = s.indexOf('\'', i + 1);
                if (end < 0) {
                    return null;
                }
                cur.append(s, i + 1, end);
                i = end + 1;
            } else if (c == '"') {
                int j = i + 1;
                boolean closed = false;
                while (j < s.length()) {
                    char d = s.charAt(j);
                    if (d == '\\' && j + 1 < s.length() && "\"\\$`".indexOf(s.charAt(j + 1)) >= 0) {
                        cur.append(s.charAt(j + 1));
                        j += 2;
                    } else if (d == '"') {
                        closed = true;
                        break;
                    } else {
                        cur.append(d);
                        j++;
                    }
                }
                if (!closed) {
                    return null;
                }
                i = j + 1;
            } else if (c == '\\' && i + 1 < s.length()) {
                cur.append(s.charAt(i + 1));
                i += 2;
            } else {
                cur.append(c);
                i++;
            }
        }
        if (cur != null) {
            out.add(cur.toString());
        }
        return out;
    }

    /** What {@code config gen -q} prints: the variables config gen reads, all commented out. */
    static final String TEMPLATE = """
            #
            # /etc/skywire.conf
            #
            #########################################################################
            #   Defaults for "skywire cli config gen"
            #
            #   Use with:    SKYENV=/etc/skywire.conf skywire cli config gen -r
            #   Each variable sets the default of one config gen flag; a flag given
            #   on the command line still wins. Booleans are false unless set to
            #   true. Uncomment a line to change its default.
            #########################################################################

            ### Installation paths ##################################################

            #--	Package paths under /opt/skywire (-p)
            #PKGENV=true

            #--	Paths under the current user's home, $HOME/.skywire (-u)
            #USRENV=true

            #--	Services config file to use instead of the embedded one (--svcconf)
            #SVCCONF='services-config.json'

            #--	dmsghttp config file (-D)
            #DMSGCONF='dmsghttp-config.json'

            #--	Where to write the config (-o)
            #OUTPUT='./skywire-config.json'

            #--	launcher bin_path (--binpath)
            #BINPATH='./'

            ### Deployment ##########################################################

            #--	Fetch the services config from this URL (-a)
            #SVCCONFADDR=('')

            #--	Use the test deployment (-t)
            #TESTENV=true

            #--	Reach the deployment's services over dmsg (-d); overrides BESTPROTO
            #DMSGHTTP=true

            #--	Number of dmsg servers to keep sessions with, 0 = all (--minsess)
            #MINDMSGSESS=2

            #--	Choose dmsg or direct connections to the deployment by location (-b)
            #BESTPROTO=true

            ### Transports ##########################################################

            #--	Let other visors dial transports to this one; needs a public IP or
            #	port forwarding (-z)
            #VISORISPUBLIC=true

            #--	Do not dial transports to public visors automatically (-y)
            #DISABLEPUBLICAUTOCONN=true

            #--	Extra transport setup node public keys (--tpsetup)
            #TPSETUPPKS=('')

            ### Ports ###############################################################

            #--	UDP port for SUDPH transports, 0 = random (--sudph)
            #SUDPHPORT=0

            #--	TCP port for STCPR transports, 0 = random (--stcpr)
            #STCPRPORT=0

            ### Routing #############################################################

            #--	Extra route setup node public keys (--routesetup)
            #ROUTESETUPPKS=('')

            ### Remote access #######################################################

            #--	Remote hypervisor public keys (-j)
            #HYPERVISORPKS=('')

            #--	Public keys allowed to open a shell (dmsgpty) on this visor (--dmsgpty)
            #DMSGPTYPKS=('')

            ### Survey ##############################################################

            #--	Extra public keys allowed to collect the survey (--survey)
            #SURVEYPKS=('')

            ### Hypervisor UI #######################################################

            #--	Serve the hypervisor UI from this visor (-i)
            #ISHYPERVISOR=true

            ### Apps ################################################################

            #--	Publish this visor's IP in service discovery for its public
            #	services (-l)
            #DISPLAYNODEIP=true

            #--	Start the vpn server automatically (-v)
            #VPNSERVER=true

            #--	Proxy server the proxy client connects to (--proxyclientpk)
            #PROXYCLIENTPK=''

            #--	Start the proxy client automatically (--startproxyclient)
            #STARTPROXYCLIENT=true

            #--	Do not start the proxy server automatically (--noproxyserver)
            #NOPROXYSERVER=true

            #--	Password of the proxy server (--proxyserverpass)
            #PROXYSEVERPASS=''

            #--	Password the proxy client presents to the server (--proxyclientpass)
            #PROXYCLIENTPASS=''

            #--	vpn client killswitch, true or false (--killsw)
            #VPNKS=true

            #--	vpn server the vpn client connects to (--addvpn)
            #ADDVPNPK=''

            #--	Password the vpn client presents to the server (--vpnpass)
            #VPNCLIENTPASS=''

            #--	Password of the vpn server (--vpnserverpass)
            #VPNSEVERPASS=''

            #--	vpn server secure mode, true or false (--secure)
            #VPNSEVERSECURE=''

            #--	vpn server network interface, e.g. eth0 (--netifc)
            #VPNSEVERNETIFC=''

            ### Miscellaneous #######################################################

            #--	Secret key of the visor; a new one is generated if unset (-s)
            #SK=''

            #--	Override the config's version field (--version)
            #VERSION=''

            #--	log_level written to the config, default info (--loglvl)
            #LOGLVL=debug
            """;
}
