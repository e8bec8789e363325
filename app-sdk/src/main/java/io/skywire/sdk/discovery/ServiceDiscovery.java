package io.skywire.sdk.discovery;

import java.io.IOException;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Registers app services in Skywire's service discovery and lists them. Types are Go Skywire's: "vpn", "proxy"
 * (also written "skysocks"), "visor", or an app's own type.
 */
@ProviderType
public interface ServiceDiscovery {
    /**
     * Announces {@code <visor pk>:<port>} as a service of {@code type}; the visor keeps the entry fresh until the
     * registration is closed (or the app stops).
     *
     * @param type the service type
     * @param port the skynet port the service listens on
     * @return a handle whose {@code close()} removes the entry
     * @throws IOException if discovery cannot be reached
     */
    Registration register(String type, int port) throws IOException;

    /**
     * Lists the registered services of a type.
     *
     * @param type the service type
     * @return the entries, possibly empty
     * @throws IOException if discovery cannot be reached
     */
    List<ServiceEntry> find(String type) throws IOException;
}
