package io.skywire.core.visor.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Duration;

/** The {@code transport.log_store} section: {@code {type, location, rotation_interval}}. */
@JsonPropertyOrder({"type", "location", "rotation_interval"})
public final class LogStoreConfig extends Extensible {
    /** {@code type} value: CSV files under {@code location}. */
    public static final String FILE = "file";
    /** {@code type} value: keep transport logs in memory only. */
    public static final String MEMORY = "memory";
    /** Go's default rotation interval, one week ({@code "168h0m0s"}). */
    public static final Duration DEFAULT_ROTATION_INTERVAL = Duration.ofDays(7);

    @JsonProperty("type")
    private String type = FILE;
    @JsonProperty("location")
    private String location = "./local/transport_logs";
    @JsonProperty("rotation_interval")
    private Duration rotationInterval = DEFAULT_ROTATION_INTERVAL;

    /** A section with Go's defaults ({@code file}, {@code ./local/transport_logs}, {@code 168h0m0s}). */
    public LogStoreConfig() {
    }

    /** @return {@value #FILE} or {@value #MEMORY} */
    public String type() {
        return type;
    }

    public LogStoreConfig setType(String type) {
        this.type = type;
        return this;
    }

    /** @return the directory of the daily CSV files */
    public String location() {
        return location;
    }

    public LogStoreConfig setLocation(String location) {
        this.location = location;
        return this;
    }

    /** @return how long transport logs are kept */
    public Duration rotationInterval() {
        return rotationInterval;
    }

    public LogStoreConfig setRotationInterval(Duration rotationInterval) {
        this.rotationInterval = rotationInterval == null ? Duration.ZERO : rotationInterval;
        return this;
    }
}
