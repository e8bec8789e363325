/**
 * dmsg sessions: the relay server ({@link io.skywire.core.dmsg.session.DmsgServer}) and a client holding one
 * session to one server ({@link io.skywire.core.dmsg.session.DmsgClient}) that dials and accepts end-to-end
 * Noise-KK streams ({@link io.skywire.core.dmsg.session.DmsgStream}). Layering: TCP, Noise XK handshake,
 * yamux, session objects (signed StreamRequest/StreamResponse in XK frames), KK transport frames.
 */
@Export
@Version("0.1.0")
package io.skywire.core.dmsg.session;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
