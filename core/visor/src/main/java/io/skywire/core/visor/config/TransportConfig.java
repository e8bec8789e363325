package io.skywire.core.visor.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.skywire.core.crypto.PubKey;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code transport} section: {@code {discovery, address_resolver, public_autoconnect, transport_setup,
 * log_store, stcpr_port, sudph_port}}.
 */
@JsonPropertyOrder({"discovery", "address_resolver", "public_autoconnect", "transport_setup", "log_store",
        "stcpr_port", "sudph_port"})
public final class TransportConfig extends Extensible {
    @JsonProperty("discovery")
    private String discovery = Services.baseDefaults().transportDiscovery();
    @JsonProperty("address_resolver")
    private String addressResolver = Services.baseDefaults().addressResolver();
    @JsonProperty("public_autoconnect")
    private boolean publicAutoconnect = true;
    @JsonProperty("transport_setup")
    private List<PubKey> transportSetup;
    @JsonProperty("log_store")
    private LogStoreConfig logStore = new LogStoreConfig();
    @JsonProperty("stcpr_port")
    private int stcprPort;
    @JsonProperty("sudph_port")
    private int sudphPort;

    /** A section with Go's base defaults (production TPD and AR, autoconnect on, random ports). */
    public TransportConfig() {
    }

    /** @return the transport discovery URL */
    public String discovery() {
        return discovery;
    }

    public TransportConfig setDiscovery(String discovery) {
        this.discovery = discovery;
        return this;
    }

    /** @return the address resolver URL */
    public String addressResolver() {
        return addressResolver;
    }

    public TransportConfig setAddressResolver(String addressResolver) {
        this.addressResolver = addressResolver;
        return this;
    }

    /** @return whether to dial transports to public visors automatically */
    public boolean publicAutoconnect() {
        return publicAutoconnect;
    }

    public TransportConfig setPublicAutoconnect(boolean publicAutoconnect) {
        this.publicAutoconnect = publicAutoconnect;
        return this;
    }

    /** @return the transport setup node keys (dmsg port 47); empty if none */
    public List<PubKey> transportSetup() {
        return transportSetup == null ? List.of() : List.copyOf(transportSetup);
    }

    public TransportConfig setTransportSetup(List<PubKey> transportSetup) {
        this.transportSetup = transportSetup == null ? null : new ArrayList<>(transportSetup);
        return this;
    }

    /** @return the transport log store, or null if the file says null */
    public LogStoreConfig logStore() {
        return logStore;
    }

    public TransportConfig setLogStore(LogStoreConfig logStore) {
        this.logStore = logStore;
        return this;
    }

    /** @return the STCPR listening port, 0 = random */
    public int stcprPort() {
        return stcprPort;
    }

    public TransportConfig setStcprPort(int stcprPort) {
        this.stcprPort = stcprPort;
        return this;
    }

    /** @return the SUDPH listening port, 0 = random */
    public int sudphPort() {
        return sudphPort;
    }

    public TransportConfig setSudphPort(int sudphPort) {
        this.sudphPort = sudphPort;
        return this;
    }
}
