package io.skywire.core.visor.config;

import java.time.Duration;

/** Jackson value filter for Go's {@code omitempty} on a duration: true (= leave out) for null or zero. */
final class ZeroDuration {
    @Override
    public boolean equals(Object o) {
        return o == null || (o instanceof Duration d && d.isZero());
    }

    @Override
    public int hashCode() {
        return 0;
    }
}
