/**
 * The dmsg client manager a visor uses ({@link io.skywire.core.dmsg.client.DmsgNetwork}): sessions with several dmsg
 * servers picked from the discovery's {@code available_servers}, a signed client entry kept fresh in the discovery
 * ({@code delegated_servers} = the servers it holds sessions with), replacement of lost sessions, listeners fed by
 * every session and dials routed through one of the destination's delegated servers. See {@code docs/dmsg-design.md}.
 */
@Export
@Version("0.1.0")
package io.skywire.core.dmsg.client;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
