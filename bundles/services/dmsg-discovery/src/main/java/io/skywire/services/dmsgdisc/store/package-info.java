/**
 * Where dmsg discovery keeps entries: in memory (the default, for a local deployment) or in Redis with Go
 * dmsg-discovery's key layout, so that both can share one Redis.
 */
@Export
@Version("0.1.0")
package io.skywire.services.dmsgdisc.store;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
