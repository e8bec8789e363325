/**
 * Networking for apps: dial and listen by {@code pk:port} on the {@code skynet} (routes over transports) and
 * {@code dmsg} (relayed through dmsg servers) networks. Connections are byte streams with Go-style deadlines and
 * half-close.
 */
@Export
@Version("1.0.0")
package io.skywire.sdk.net;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
