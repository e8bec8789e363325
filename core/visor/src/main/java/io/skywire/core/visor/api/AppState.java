package io.skywire.core.visor.api;

import java.util.List;

/**
 * What the visor knows about one app: its launcher entry, its status and the bundle providing it.
 *
 * @param name app name
 * @param binary launcher binary (kept for Go config compatibility; apps run as bundles here)
 * @param args launcher args
 * @param autoStart whether the visor starts it on its own
 * @param port skynet port
 * @param status current status
 * @param detailedStatus the app's own one-line status or the reason it errored/cannot start
 * @param bundle "symbolic-name version" of the bundle providing the app, or "" if none is installed
 */
public record AppState(String name, String binary, List<String> args, boolean autoStart, int port,
                       AppStatus status, String detailedStatus, String bundle) {
    public AppState {
        args = List.copyOf(args);
        detailedStatus = detailedStatus == null ? "" : detailedStatus;
        bundle = bundle == null ? "" : bundle;
    }
}
