package io.skywire.sdk.net;

import java.io.IOException;
import java.time.Duration;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Dial and listen on Skywire networks. The visor registers one visor-wide instance as an OSGi service; each app
 * run also gets its own through {@link io.skywire.sdk.AppContext#net()}, which closes what it opened when the app stops.
 */
@ProviderType
public interface AppNet {
    /** @return the hex public key of this visor */
    String localPk();

    /**
     * Opens a stream to {@code remote}.
     *
     * @param network the network to use
     * @param remote the remote visor key and port
     * @param timeout how long to wait for the remote side to accept
     * @return the connection
     * @throws IOException if the remote cannot be reached in time; the message says why
     */
    AppConn dial(Network network, AppAddr remote, Duration timeout) throws IOException;

    /**
     * Listens on a local port.
     *
     * @param network the network to listen on
     * @param port the local port
     * @return the listener
     * @throws IOException if the port is taken or the network is not available
     */
    AppListener listen(Network network, int port) throws IOException;
}
