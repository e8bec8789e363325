/** Service discovery for apps: announce what this visor serves (vpn, proxy, …) and find others. */
@Export
@Version("1.0.0")
package io.skywire.sdk.discovery;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
