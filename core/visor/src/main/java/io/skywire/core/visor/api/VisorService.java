package io.skywire.core.visor.api;

import java.util.List;

/** The running visor, registered as an OSGi service by the visor bundle. */
public interface VisorService {
    /** @return the visor's public key (hex) */
    String pk();

    /** @return a snapshot of the visor */
    VisorSummary summary();

    /** @return every app the visor knows: configured in the launcher section or provided by an installed bundle */
    List<AppState> apps();

    /**
     * Starts an app.
     *
     * @param name the app name
     * @return its state after starting
     * @throws VisorException if it is unknown, not installed, already running, or failed to start
     */
    AppState startApp(String name) throws VisorException;

    /**
     * Stops an app.
     *
     * @param name the app name
     * @return its state after stopping
     * @throws VisorException if it is unknown or not running
     */
    AppState stopApp(String name) throws VisorException;

    /**
     * Sets auto_start and persists it to the visor config.
     *
     * @param name the app name
     * @param autoStart the new value
     * @return the app state
     * @throws VisorException if the app is unknown or the config cannot be written
     */
    AppState setAutoStart(String name, boolean autoStart) throws VisorException;

    /** Stops the visor (the whole OSGi framework) asynchronously. */
    void shutdown();
}
