@Export
@Version("0.1.0")
package io.skywire.core.dmsg.wire;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
