package io.skywire.sdk.discovery;

import io.skywire.sdk.net.AppAddr;
import java.util.Objects;

/**
 * One service-discovery entry, as Go Skywire's service discovery holds it.
 *
 * @param addr where the service listens ({@code pk:port})
 * @param type the service type
 * @param version the version of the software serving it
 */
public record ServiceEntry(AppAddr addr, String type, String version) {
    /** Requires address and type. */
    public ServiceEntry {
        Objects.requireNonNull(addr, "addr");
        Objects.requireNonNull(type, "type");
        version = version == null ? "" : version;
    }
}
