package io.skywire.core.visor.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The {@code hypervisor} section (present only for a visor that serves the hypervisor UI, {@code config gen -i}):
 * {@code {db_path, enable_auth, cookies, dmsg_port, http_addr, enable_tls, tls_cert_file, tls_key_file}}. A new
 * instance has Go's zero values; {@link ConfigGenerator} fills in the defaults.
 */
@JsonPropertyOrder({"db_path", "enable_auth", "cookies", "dmsg_port", "http_addr", "enable_tls", "tls_cert_file",
        "tls_key_file"})
public final class HypervisorConfig extends Extensible {
    /** The dmsg port a hypervisor serves visors on. */
    public static final int DEFAULT_DMSG_PORT = 46;
    /** The default UI/API address. */
    public static final String DEFAULT_HTTP_ADDR = ":8000";

    @JsonProperty("db_path")
    private String dbPath = "";
    @JsonProperty("enable_auth")
    private boolean enableAuth;
    @JsonProperty("cookies")
    private CookieConfig cookies = new CookieConfig();
    @JsonProperty("dmsg_port")
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) // Go: omitempty
    private int dmsgPort;
    @JsonProperty("http_addr")
    private String httpAddr = "";
    @JsonProperty("enable_tls")
    private boolean enableTls;
    @JsonProperty("tls_cert_file")
    private String tlsCertFile = "";
    @JsonProperty("tls_key_file")
    private String tlsKeyFile = "";

    /** A section with Go's zero values. */
    public HypervisorConfig() {
    }

    /** @return the users database path */
    public String dbPath() {
        return dbPath;
    }

    public HypervisorConfig setDbPath(String dbPath) {
        this.dbPath = dbPath;
        return this;
    }

    /** @return whether the UI requires a login */
    public boolean enableAuth() {
        return enableAuth;
    }

    public HypervisorConfig setEnableAuth(boolean enableAuth) {
        this.enableAuth = enableAuth;
        return this;
    }

    /** @return the session cookie settings */
    public CookieConfig cookies() {
        return cookies;
    }

    public HypervisorConfig setCookies(CookieConfig cookies) {
        this.cookies = cookies;
        return this;
    }

    /** @return the dmsg port visors dial (0 = unset) */
    public int dmsgPort() {
        return dmsgPort;
    }

    public HypervisorConfig setDmsgPort(int dmsgPort) {
        this.dmsgPort = dmsgPort;
        return this;
    }

    /** @return the UI/API listen address, e.g. ":8000" */
    public String httpAddr() {
        return httpAddr;
    }

    public HypervisorConfig setHttpAddr(String httpAddr) {
        this.httpAddr = httpAddr;
        return this;
    }

    public boolean enableTls() {
        return enableTls;
    }

    public HypervisorConfig setEnableTls(boolean enableTls) {
        this.enableTls = enableTls;
        return this;
    }

    public String tlsCertFile() {
        return tlsCertFile;
    }

    public HypervisorConfig setTlsCertFile(String tlsCertFile) {
        this.tlsCertFile = tlsCertFile;
        return this;
    }

    public String tlsKeyFile() {
        return tlsKeyFile;
    }

    public HypervisorConfig setTlsKeyFile(String tlsKeyFile) {
        this.tlsKeyFile = tlsKeyFile;
        return this;
    }
}
