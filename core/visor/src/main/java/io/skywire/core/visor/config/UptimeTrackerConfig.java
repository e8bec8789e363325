package io.skywire.core.visor.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The {@code uptime_tracker} section: {@code {addr}}. */
@JsonPropertyOrder({"addr"})
public final class UptimeTrackerConfig extends Extensible {
    @JsonProperty("addr")
    private String addr = Services.baseDefaults().uptimeTracker();

    /** A section with the production uptime tracker. */
    public UptimeTrackerConfig() {
    }

    /** @return the uptime tracker URL */
    public String addr() {
        return addr;
    }

    public UptimeTrackerConfig setAddr(String addr) {
        this.addr = addr;
        return this;
    }
}
