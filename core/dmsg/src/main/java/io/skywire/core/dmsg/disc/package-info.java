/** dmsg discovery entries: Go's Entry with its exact signing JSON, signatures and validation rules. */
@Export
@Version("0.1.0")
package io.skywire.core.dmsg.disc;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
