package io.skywire.core.visor.api;

import java.util.List;

/**
 * A snapshot of the visor, as {@code skywire cli visor info} and {@code visor:status} show it.
 *
 * @param pk public key (hex)
 * @param version software version
 * @param buildTag build tag / platform
 * @param uptimeSeconds seconds since the visor started
 * @param localPath the local_path directory
 * @param appsDir the watched app-bundle directory
 * @param cliAddr the RPC address
 * @param dmsgServer the dmsg server this visor is connected to, or the null key if none
 * @param apps the apps
 */
public record VisorSummary(String pk, String version, String buildTag, double uptimeSeconds, String localPath,
                           String appsDir, String cliAddr, String dmsgServer, List<AppState> apps) {
    public VisorSummary {
        apps = List.copyOf(apps);
    }
}
