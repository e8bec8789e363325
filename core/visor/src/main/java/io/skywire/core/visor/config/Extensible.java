package io.skywire.core.visor.config;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps the JSON keys a config object does not know. Go ignores unknown keys when it reads a config (and so drops
 * them when it writes the config back); we keep them and write them back after the known keys, so that a config
 * edited by a newer Skywire survives a rewrite by this one.
 */
abstract class Extensible {
    @JsonIgnore
    private final Map<String, JsonNode> unknown = new LinkedHashMap<>();

    @JsonAnySetter
    void putUnknown(String key, JsonNode value) {
        unknown.put(key, value);
    }

    @JsonAnyGetter
    Map<String, JsonNode> unknown() {
        return unknown;
    }

    /**
     * The keys this object did not recognise when it was read, in file order (they are written back last).
     *
     * @return an unmodifiable view
     */
    public Map<String, JsonNode> unknownFields() {
        return java.util.Collections.unmodifiableMap(unknown);
    }
}
