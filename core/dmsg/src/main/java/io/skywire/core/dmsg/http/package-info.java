/**
 * dmsghttp: HTTP/1.1 over dmsg streams, as Go's {@code pkg/dmsghttp} (a {@code net/http} server on a dmsg
 * listener, and a client whose transport dials a dmsg stream per request). {@link io.skywire.core.dmsg.http.DmsgHttpServer}
 * serves a {@link io.skywire.core.dmsg.http.DmsgHttpHandler} on any source of streams (usually
 * {@code DmsgNetworkListener::accept}); {@link io.skywire.core.dmsg.http.DmsgHttpClient} fetches
 * {@code dmsg://<pk>:<port>/<path>} through a {@code DmsgNetwork}. What we speak, the limits and how it differs from
 * Go's net/http: {@code docs/protocol.md}, section "dmsghttp".
 */
@Export
@Version("0.1.0")
package io.skywire.core.dmsg.http;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
