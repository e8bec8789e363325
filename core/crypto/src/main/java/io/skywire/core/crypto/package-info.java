/**
 * Skywire identity crypto, byte-compatible with Skycoin's {@code cipher} package as used by Go Skywire and dmsg:
 * secp256k1 keys ({@link io.skywire.core.crypto.PubKey} 33-byte compressed, {@link io.skywire.core.crypto.SecKey}
 * 32-byte scalar), 65-byte recoverable signatures over SHA-256 of the payload ({@link io.skywire.core.crypto.Sig},
 * {@link io.skywire.core.crypto.Secp256k1}) and ECDH as SHA-256 of the compressed shared point.
 *
 * <p>Built on BouncyCastle's lightweight API only; no JCA provider is ever registered (a registered provider would
 * outlive an update of this bundle).
 */
@Export
@Version("0.1.0")
package io.skywire.core.crypto;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
