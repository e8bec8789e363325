package io.skywire.sdk;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A Skywire app, implemented by app bundles and registered as an OSGi service.
 *
 * <p>Service properties the visor reads:
 * <ul>
 *   <li>{@value #NAME} (required): the app's name, as in the visor config's {@code launcher.apps[].name};</li>
 *   <li>{@value #PORT} (optional, integer): the skynet port the app serves on when the config does not say;</li>
 *   <li>{@value #AUTOSTART} (optional, boolean): start the app as soon as it appears when the config does not list it.</li>
 * </ul>
 *
 * <p>{@link #start} must return promptly: long-running work belongs on the app's own threads (virtual threads are
 * a good fit). {@link #stop} must release everything the app holds; connections and listeners obtained through
 * the {@link AppContext} are closed by the visor after {@code stop} returns in any case.
 */
@ConsumerType
public interface SkywireApp {
    /** Service property: the app name. */
    String NAME = "skywire.app.name";
    /** Service property: the default skynet port of the app. */
    String PORT = "skywire.app.port";
    /** Service property: start on appearance when the visor config does not mention the app. */
    String AUTOSTART = "skywire.app.autostart";

    /**
     * Starts the app.
     *
     * @param context what the visor gives this run of the app: args, config, logger, networking, discovery
     * @throws Exception if the app cannot start; the visor reports the app as errored with the exception's message
     */
    void start(AppContext context) throws Exception;

    /**
     * Stops the app. Called once for every successful {@link #start}, also when the bundle is being updated or removed.
     *
     * @throws Exception if stopping failed; the visor logs it and considers the app stopped anyway
     */
    void stop() throws Exception;
}
