/**
 * A hashicorp/yamux v0.1.2 compatible stream multiplexer for Netty, as dmsg runs it directly on the TCP
 * connection of a dmsg session (yamux headers are cleartext; see {@code docs/protocol.md}, section "yamux").
 *
 * <p>{@link io.skywire.core.dmsg.yamux.YamuxFrameDecoder} / {@link io.skywire.core.dmsg.yamux.YamuxFrameEncoder}
 * convert between bytes and {@link io.skywire.core.dmsg.yamux.YamuxFrame}s; {@link
 * io.skywire.core.dmsg.yamux.YamuxSession} is the handler that owns the streams of one connection and hands out
 * {@link io.skywire.core.dmsg.yamux.YamuxStream}s with blocking {@link java.io.InputStream} /
 * {@link java.io.OutputStream} views, Go-style deadlines, half-close and reset.
 */
@Export
@Version("0.1.0")
package io.skywire.core.dmsg.yamux;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
