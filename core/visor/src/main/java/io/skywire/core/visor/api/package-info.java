/**
 * The visor's management API, used by the other core bundles (Gogo commands, hypervisor, RPC). Not part of the
 * app SDK: apps never see it.
 */
@Export
@Version("0.1.0")
package io.skywire.core.visor.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
