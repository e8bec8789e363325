package io.skywire.sdk.discovery;

import java.io.Closeable;
import org.osgi.annotation.versioning.ProviderType;

/** A live service-discovery registration; closing it deregisters. */
@ProviderType
public interface Registration extends Closeable {
    /** @return the registered entry */
    ServiceEntry entry();

    /** Removes the entry. Idempotent, never throws. */
    @Override
    void close();
}
