package io.skywire.sdk;

import io.skywire.sdk.discovery.ServiceDiscovery;
import io.skywire.sdk.net.AppNet;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/** What the visor gives one run of an app. Valid from {@link SkywireApp#start} until {@link SkywireApp#stop} returns. */
@ProviderType
public interface AppContext {
    /** @return the app's name */
    String appName();

    /** @return the hex public key of the visor the app runs in (66 lowercase hex chars) */
    String visorPk();

    /** @return the args from the visor config's {@code launcher.apps[].args}, without the leading {@code app <name>} */
    List<String> args();

    /** @return the skynet port assigned to the app by the visor config (or the app's default) */
    int port();

    /**
     * Per-app configuration: the args parsed as {@code --key value} / {@code --flag} pairs (keys without dashes),
     * overlaid with the app's Config Admin configuration if one exists. Read-only.
     *
     * @return the settings, never null
     */
    Map<String, String> config();

    /** @return a logger whose records are tagged with the app's name and obey the visor's log level */
    System.Logger logger();

    /** @return the app's private working directory ({@code <local_path>/<app name>}), created on first use */
    Path workDir();

    /**
     * Networking for this app run. Connections and listeners obtained here are closed when the app stops.
     *
     * @return the app's network access
     */
    AppNet net();

    /**
     * Service discovery for this app run. Registrations are removed when the app stops.
     *
     * @return the app's discovery access
     */
    ServiceDiscovery discovery();

    /**
     * Sets the one-line status shown by {@code skywire cli visor app ls} and the hypervisor (Go: detailed_status).
     *
     * @param status a short human-readable state such as "Connecting" or "Running"
     */
    void setDetailedStatus(String status);
}
