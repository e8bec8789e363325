/**
 * Noise as Go dmsg uses it ({@code github.com/skycoin/dmsg/pkg/noise} over the 2018 {@code skycoin/noise} fork of
 * flynn/noise): the handshake patterns XK (client to dmsg server sessions) and KK (end-to-end streams) with the suite
 * {@code Secp256k1_ChaChaPoly_SHA256} ({@link io.skywire.core.crypto.noise.NoiseHandshake}), and dmsg's transport
 * frames with an explicit nonce ({@link io.skywire.core.crypto.noise.NoiseFrames}).
 *
 * <p>Byte-compatible with Go, including dmsg's split quirk (on XK the initiator sends with the second split key).
 * Everything a peer can get wrong is reported as the checked {@link io.skywire.core.crypto.noise.NoiseException};
 * calls made out of turn by the local caller throw {@link java.lang.IllegalStateException}. ChaCha20-Poly1305 is the
 * JDK's own ({@code Cipher.getInstance("ChaCha20-Poly1305")}); no security provider is registered.
 */
@Export
@Version("0.1.0")
package io.skywire.core.crypto.noise;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
