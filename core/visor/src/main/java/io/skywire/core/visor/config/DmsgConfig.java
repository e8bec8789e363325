package io.skywire.core.visor.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code dmsg} section: {@code {discovery, sessions_count, servers, servers_type}}. {@code servers} holds dmsg
 * discovery entries (used in dmsghttp mode) and is kept as raw JSON.
 */
@JsonPropertyOrder({"discovery", "sessions_count", "servers", "servers_type"})
public final class DmsgConfig extends Extensible {
    @JsonProperty("discovery")
    private String discovery = Services.baseDefaults().dmsgDiscovery();
    @JsonProperty("sessions_count")
    private int sessionsCount = 1;
    @JsonProperty("servers")
    private List<JsonNode> servers = new ArrayList<>();
    @JsonProperty("servers_type")
    private String serversType = "all";

    /** A section with Go's base defaults (production dmsg discovery, 1 session, no static servers). */
    public DmsgConfig() {
    }

    /** @return the dmsg discovery URL ({@code http://…} or {@code dmsg://<pk>:80}) */
    public String discovery() {
        return discovery;
    }

    public DmsgConfig setDiscovery(String discovery) {
        this.discovery = discovery;
        return this;
    }

    /** @return how many dmsg servers to keep sessions with (0 = all) */
    public int sessionsCount() {
        return sessionsCount;
    }

    public DmsgConfig setSessionsCount(int sessionsCount) {
        this.sessionsCount = sessionsCount;
        return this;
    }

    /** @return the static dmsg server entries (raw JSON, Go's {@code disc.Entry}); empty if none */
    public List<JsonNode> servers() {
        return servers == null ? List.of() : List.copyOf(servers);
    }

    public DmsgConfig setServers(List<JsonNode> servers) {
        this.servers = servers == null ? null : new ArrayList<>(servers);
        return this;
    }

    /** @return which servers to connect to, "all" by default */
    public String serversType() {
        return serversType;
    }

    public DmsgConfig setServersType(String serversType) {
        this.serversType = serversType;
        return this;
    }
}
