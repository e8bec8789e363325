package io.skywire.core.visor.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.skywire.core.crypto.PubKey;

/**
 * One {@code persistent_transports[]} entry: {@code {pk, type}} — a transport the visor re-dials at startup.
 *
 * @param pk the remote visor
 * @param type the transport type: "stcpr", "sudph", "dmsg" or "stcp"
 */
@JsonPropertyOrder({"pk", "type"})
public record PersistentTransport(@JsonProperty("pk") PubKey pk, @JsonProperty("type") String type) {
    /** Canonical constructor, also used by Jackson. */
    @JsonCreator
    public PersistentTransport {
        type = type == null ? "" : type;
    }
}
