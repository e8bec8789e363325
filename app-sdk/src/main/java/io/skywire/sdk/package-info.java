/**
 * The Skywire app SDK: what a route-consuming app implements ({@link io.skywire.sdk.SkywireApp}) and what
 * the visor hands it ({@link io.skywire.sdk.AppContext}).
 *
 * <p>An app is an OSGi bundle that registers a {@code SkywireApp} service (typically a Declarative Services
 * component) with the {@value io.skywire.sdk.SkywireApp#NAME} property. The visor starts and stops it, with the
 * args from the visor config's launcher section, when the user asks or when auto_start says so.
 */
@Export
@Version("1.0.0")
package io.skywire.sdk;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
