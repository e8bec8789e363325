/**
 * dmsg stream objects as Go's {@code encoding/gob} writes them: {@link io.skywire.core.dmsg.wire.StreamRequest},
 * {@link io.skywire.core.dmsg.wire.StreamResponse} and {@link io.skywire.core.dmsg.wire.Addr}, the signed object
 * {@code sig(65) || gob} ({@link io.skywire.core.dmsg.wire.SignedObject}) and Go's request/response verification
 * rules, including the request timestamp rule ({@link io.skywire.core.dmsg.wire.RequestTimestamps}).
 *
 * <p>{@link io.skywire.core.dmsg.wire.Gob} encodes byte-identically to Go (type definitions, then the value, one gob
 * stream per object) and decodes any gob stream a Go peer may send: it parses the type definitions (ids and field
 * order differ between Go processes) and maps fields by name, as Go does. {@link io.skywire.core.dmsg.wire.GobValue}
 * is the generic decoded form. Malformed input fails with a {@link io.skywire.core.dmsg.wire.WireException}. See
 * {@code docs/protocol.md}, section "gob stream objects".
 */
@Export
@Version("0.1.0")
package io.skywire.core.dmsg.wire;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
