/**
 * The visor config file ({@code skywire-config.json}): a Jackson model of Go Skywire's V1 config that reads and
 * writes the same JSON (same keys, key order, defaults and formatting), and {@link
 * io.skywire.core.visor.config.ConfigGenerator}, the logic behind {@code skywire cli config gen}.
 */
@Export
@Version("0.1.0")
package io.skywire.core.visor.config;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
