/**
 * dmsg discovery: Go's {@link io.skywire.core.dmsg.disc.Entry} with its exact signing JSON, signatures and
 * validation rules, the HTTP API's paths, messages and server-side rules ({@link io.skywire.core.dmsg.disc.DiscoveryHttp})
 * and an HTTP client ({@link io.skywire.core.dmsg.disc.DiscoveryClient}) with Go's client semantics. See
 * {@code docs/protocol.md}, section "dmsg discovery".
 */
@Export
@Version("0.1.0")
package io.skywire.core.dmsg.disc;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
