package io.skywire.core.visor.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.skywire.core.crypto.PubKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The {@code routing} section: {@code {route_setup_nodes, route_finder, route_finder_timeout, min_hops}}. */
@JsonPropertyOrder({"route_setup_nodes", "route_finder", "route_finder_timeout", "min_hops"})
public final class RoutingConfig extends Extensible {
    /** Go's default route finder timeout ({@code "10s"}). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    @JsonProperty("route_setup_nodes")
    @JsonInclude(JsonInclude.Include.NON_EMPTY) // Go: omitempty
    private List<PubKey> routeSetupNodes = new ArrayList<>(Services.baseDefaults().routeSetupNodes());
    @JsonProperty("route_finder")
    private String routeFinder = Services.baseDefaults().routeFinder();
    @JsonProperty("route_finder_timeout")
    @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = ZeroDuration.class) // Go: omitempty
    private Duration routeFinderTimeout = DEFAULT_TIMEOUT;
    @JsonProperty("min_hops")
    private int minHops;

    /** A section with Go's base defaults (production setup nodes and route finder, 10s, 0 hops). */
    public RoutingConfig() {
    }

    /** @return the route setup node keys; empty if none */
    public List<PubKey> routeSetupNodes() {
        return routeSetupNodes == null ? List.of() : List.copyOf(routeSetupNodes);
    }

    public RoutingConfig setRouteSetupNodes(List<PubKey> routeSetupNodes) {
        this.routeSetupNodes = routeSetupNodes == null ? null : new ArrayList<>(routeSetupNodes);
        return this;
    }

    /** @return the route finder URL */
    public String routeFinder() {
        return routeFinder;
    }

    public RoutingConfig setRouteFinder(String routeFinder) {
        this.routeFinder = routeFinder;
        return this;
    }

    /** @return the route finder timeout (zero if unset) */
    public Duration routeFinderTimeout() {
        return routeFinderTimeout;
    }

    public RoutingConfig setRouteFinderTimeout(Duration routeFinderTimeout) {
        this.routeFinderTimeout = routeFinderTimeout == null ? Duration.ZERO : routeFinderTimeout;
        return this;
    }

    /** @return the minimum number of hops of routes */
    public int minHops() {
        return minHops;
    }

    public RoutingConfig setMinHops(int minHops) {
        this.minHops = minHops;
        return this;
    }
}
