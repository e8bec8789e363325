/** Settings, addresses and the give-up path shared by the deployment-service components. */
@Export
@Version("0.1.0")
package io.skywire.services.common;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
