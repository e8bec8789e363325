package io.skywire.core.visor.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.skywire.core.crypto.PubKey;
import java.util.ArrayList;
import java.util.List;

/** The {@code dmsgpty} section: {@code {dmsg_port, cli_network, cli_address, whitelist}}. */
@JsonPropertyOrder({"dmsg_port", "cli_network", "cli_address", "whitelist"})
public final class DmsgptyConfig extends Extensible {
    /** The dmsg port the pty host listens on. */
    public static final int DEFAULT_DMSG_PORT = 22;

    @JsonProperty("dmsg_port")
    private int dmsgPort = DEFAULT_DMSG_PORT;
    @JsonProperty("cli_network")
    private String cliNetwork = "unix";
    @JsonProperty("cli_address")
    private String cliAddress = defaultCliAddress(null);
    @JsonProperty("whitelist")
    private List<PubKey> whitelist;

    /** A section with Go's defaults (port 22, unix socket {@code <tmp>/dmsgpty.sock}, whitelist null). */
    public DmsgptyConfig() {
    }

    /**
     * Go's {@code dmsgpty.DefaultCLIAddr()} on Unix: {@code os.TempDir()/dmsgpty.sock}.
     *
     * @param tmpDir the temp directory, or null for {@code $TMPDIR}, else {@code /tmp}
     * @return the socket path
     */
    public static String defaultCliAddress(String tmpDir) {
        String t = tmpDir;
        if (t == null || t.isEmpty()) {
            t = System.getenv("TMPDIR");
        }
        if (t == null || t.isEmpty()) {
            t = "/tmp";
        }
        return (t.endsWith("/") && t.length() > 1 ? t.substring(0, t.length() - 1) : t) + "/dmsgpty.sock";
    }

    public int dmsgPort() {
        return dmsgPort;
    }

    public DmsgptyConfig setDmsgPort(int dmsgPort) {
        this.dmsgPort = dmsgPort;
        return this;
    }

    public String cliNetwork() {
        return cliNetwork;
    }

    public DmsgptyConfig setCliNetwork(String cliNetwork) {
        this.cliNetwork = cliNetwork;
        return this;
    }

    public String cliAddress() {
        return cliAddress;
    }

    public DmsgptyConfig setCliAddress(String cliAddress) {
        this.cliAddress = cliAddress;
        return this;
    }

    /** @return the keys allowed to open a pty on this visor; empty if none */
    public List<PubKey> whitelist() {
        return whitelist == null ? List.of() : List.copyOf(whitelist);
    }

    public DmsgptyConfig setWhitelist(List<PubKey> whitelist) {
        this.whitelist = whitelist == null ? null : new ArrayList<>(whitelist);
        return this;
    }
}
