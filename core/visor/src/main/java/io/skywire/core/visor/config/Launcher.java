package io.skywire.core.visor.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code launcher} section: {@code {service_discovery, apps, server_addr, bin_path, display_node_ip}}.
 * {@link #apps()} is an immutable snapshot of immutable {@link AppConfig}s, so it is safe to read while another
 * thread changes the config through {@link VisorConfig#setAppAutoStart} and friends.
 */
@JsonPropertyOrder({"service_discovery", "apps", "server_addr", "bin_path", "display_node_ip"})
public final class Launcher extends Extensible {
    /** Go's default app RPC address. */
    public static final String DEFAULT_SERVER_ADDR = "localhost:5505";
    /** Go's default {@code bin_path}. */
    public static final String DEFAULT_BIN_PATH = "./";

    @JsonProperty("service_discovery")
    private String serviceDiscovery = Services.baseDefaults().serviceDiscovery();
    @JsonProperty("apps")
    private volatile List<AppConfig> apps;
    @JsonProperty("server_addr")
    private String serverAddr = DEFAULT_SERVER_ADDR;
    @JsonProperty("bin_path")
    private String binPath = DEFAULT_BIN_PATH;
    @JsonProperty("display_node_ip")
    private boolean displayNodeIp;

    /** A section with Go's base defaults (production service discovery, apps null). */
    public Launcher() {
    }

    /** @return the service discovery URL */
    public String serviceDiscovery() {
        return serviceDiscovery;
    }

    public Launcher setServiceDiscovery(String serviceDiscovery) {
        this.serviceDiscovery = serviceDiscovery;
        return this;
    }

    /** @return the apps, in config order; an immutable snapshot, empty if none */
    public List<AppConfig> apps() {
        List<AppConfig> a = apps;
        return a == null ? List.of() : List.copyOf(a);
    }

    /**
     * @param name an app name
     * @return the app of that name, or null
     */
    public AppConfig app(String name) {
        for (AppConfig a : apps()) {
            if (a.name().equals(name)) {
                return a;
            }
        }
        return null;
    }

    /**
     * Replaces the app list (not synchronized: for building a config; on a shared config use the
     * {@link VisorConfig} app methods).
     *
     * @param apps the apps, null for Go's {@code "apps": null}
     * @return this
     */
    public Launcher setApps(List<AppConfig> apps) {
        this.apps = apps == null ? null : new ArrayList<>(apps);
        return this;
    }

    /** @return the app RPC address */
    public String serverAddr() {
        return serverAddr;
    }

    public Launcher setServerAddr(String serverAddr) {
        this.serverAddr = serverAddr;
        return this;
    }

    /** @return where app binaries are looked up */
    public String binPath() {
        return binPath;
    }

    public Launcher setBinPath(String binPath) {
        this.binPath = binPath;
        return this;
    }

    /** @return whether public services of this visor publish its IP in service discovery */
    public boolean displayNodeIp() {
        return displayNodeIp;
    }

    public Launcher setDisplayNodeIp(boolean displayNodeIp) {
        this.displayNodeIp = displayNodeIp;
        return this;
    }
}
