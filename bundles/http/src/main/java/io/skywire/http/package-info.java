/**
 * HTTP for Skywire's services and hypervisor: routes with {@code {param}} segments, whole-body requests and
 * responses. Undertow runs it but stays private to this bundle.
 */
@Export
@Version("0.1.0")
package io.skywire.http;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
