package io.skywire.core.visor.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code skywire-tcp} (STCP) section: {@code {pk_table, listening_address}}. */
@JsonPropertyOrder({"pk_table", "listening_address"})
public final class StcpConfig extends Extensible {
    @JsonProperty("pk_table")
    private Map<String, String> pkTable;
    @JsonProperty("listening_address")
    private String listeningAddress = ":7777";

    /** A section with Go's defaults ({@code pk_table} null, {@code :7777}). */
    public StcpConfig() {
    }

    /** @return public key (hex) → {@code host:port} of the static STCP peers; empty if none */
    public Map<String, String> pkTable() {
        return pkTable == null ? Map.of() : java.util.Collections.unmodifiableMap(pkTable);
    }

    public StcpConfig setPkTable(Map<String, String> pkTable) {
        this.pkTable = pkTable == null ? null : new LinkedHashMap<>(pkTable);
        return this;
    }

    public String listeningAddress() {
        return listeningAddress;
    }

    public StcpConfig setListeningAddress(String listeningAddress) {
        this.listeningAddress = listeningAddress;
        return this;
    }
}
