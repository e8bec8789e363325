package io.skywire.core.visor.config;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code launcher.apps[]} entry: {@code {name, binary, args, auto_start, port}} ({@code args} is left out when
 * empty, as Go's {@code omitempty} does). Immutable: the {@code with…} methods return changed copies, and
 * {@link VisorConfig#setAppAutoStart} / {@link VisorConfig#setAppArgs} put them into a config.
 */
@JsonPropertyOrder({"name", "binary", "args", "auto_start", "port"})
public final class AppConfig {
    @JsonProperty("name")
    private final String name;
    @JsonProperty("binary")
    private final String binary;
    @JsonProperty("args")
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    private final List<String> args;
    @JsonProperty("auto_start")
    private final boolean autoStart;
    @JsonProperty("port")
    private final int port;
    @JsonIgnore
    private final Map<String, JsonNode> unknown;

    /**
     * @param name the app name (unique in a config)
     * @param binary the executable, "skywire" for the built-in apps
     * @param args the arguments (null = none)
     * @param autoStart whether the visor starts the app
     * @param port the skynet port the app listens on
     */
    public AppConfig(String name, String binary, List<String> args, boolean autoStart, int port) {
        this(name, binary, args, autoStart, port, new LinkedHashMap<>());
    }

    @JsonCreator
    AppConfig(@JsonProperty("name") String name, @JsonProperty("binary") String binary,
              @JsonProperty("args") List<String> args, @JsonProperty("auto_start") Boolean autoStart,
              @JsonProperty("port") Integer port) {
        this(name == null ? "" : name, binary == null ? "" : binary, args, autoStart != null && autoStart,
                port == null ? 0 : port, new LinkedHashMap<>());
    }

    private AppConfig(String name, String binary, List<String> args, boolean autoStart, int port,
                      Map<String, JsonNode> unknown) {
        this.name = Objects.requireNonNull(name, "name");
        this.binary = binary == null ? "" : binary;
        List<String> a = new ArrayList<>();
        if (args != null) {
            for (String s : args) {
                a.add(s == null ? "" : s); // Go decodes a JSON null in []string as ""
            }
        }
        this.args = Collections.unmodifiableList(a);
        this.autoStart = autoStart;
        this.port = port;
        this.unknown = unknown;
    }

    @JsonAnySetter
    void putUnknown(String key, JsonNode value) {
        unknown.put(key, value);
    }

    @JsonAnyGetter
    Map<String, JsonNode> unknown() {
        return unknown;
    }

    /** @return the app name */
    public String name() {
        return name;
    }

    /** @return the executable ("skywire" for the built-in apps; the Java visor maps it to an app bundle) */
    public String binary() {
        return binary;
    }

    /** @return the arguments, e.g. {@code [app, skychat, --addr, :8001]}; never null */
    public List<String> args() {
        return args;
    }

    /** @return whether the visor starts the app at startup */
    public boolean autoStart() {
        return autoStart;
    }

    /** @return the skynet port */
    public int port() {
        return port;
    }

    /** @return the keys of this entry that were not recognised when read */
    public Map<String, JsonNode> unknownFields() {
        return Collections.unmodifiableMap(unknown);
    }

    /**
     * @param value the new auto_start
     * @return a copy with {@code auto_start} set
     */
    public AppConfig withAutoStart(boolean value) {
        return new AppConfig(name, binary, args, value, port, new LinkedHashMap<>(unknown));
    }

    /**
     * @param newArgs the new arguments (null = none)
     * @return a copy with {@code args} replaced
     */
    public AppConfig withArgs(List<String> newArgs) {
        return new AppConfig(name, binary, newArgs, autoStart, port, new LinkedHashMap<>(unknown));
    }

    /**
     * @param newPort the new port
     * @return a copy with {@code port} replaced
     */
    public AppConfig withPort(int newPort) {
        return new AppConfig(name, binary, args, autoStart, newPort, new LinkedHashMap<>(unknown));
    }

    /**
     * Sets a string flag the way Go's {@code UpdateAppArg} does: replaces the value after an existing
     * {@code argName}, appends {@code argName value} if absent, and removes the pair if {@code value} is empty.
     *
     * @param argName e.g. "--passcode"
     * @param value the value, "" to remove the flag
     * @return the changed copy (or this if nothing changed)
     */
    public AppConfig withStringArg(String argName, String value) {
        List<String> a = new ArrayList<>(args);
        boolean found = false;
        for (int j = 0; j + 1 < a.size(); j++) {
            if (a.get(j).equals(argName)) {
                if (value == null || value.isEmpty()) {
                    a.remove(j + 1);
                    a.remove(j);
                } else {
                    a.set(j + 1, value);
                }
                found = true;
                break;
            }
        }
        if (!found && value != null && !value.isEmpty()) {
            a.add(argName);
            a.add(value);
        }
        return a.equals(args) ? this : withArgs(a);
    }

    /**
     * Sets a boolean flag the way Go's {@code UpdateAppArg} does: one element {@code -name=value} (single dash),
     * replacing an existing {@code -name…}/{@code --name…} element (and a stray "true"/"false" after it), or
     * appended.
     *
     * @param argName e.g. "--killswitch" or "-killswitch"
     * @param value the value
     * @return the changed copy (or this if nothing changed)
     */
    public AppConfig withBoolArg(String argName, boolean value) {
        String bare = argName.startsWith("--") ? argName.substring(1) : argName.startsWith("-") ? argName
                : "-" + argName;
        String arg = bare + "=" + value;
        List<String> a = new ArrayList<>(args);
        boolean found = false;
        for (int j = 0; j < a.size(); j++) {
            String cur = a.get(j);
            if (cur.length() < 2) {
                continue;
            }
            String norm = cur.startsWith("--") ? cur.substring(1) : cur;
            if (!norm.equals(bare) && !norm.startsWith(bare + "=")) {
                continue;
            }
            if (j + 1 < a.size() && (a.get(j + 1).equals("true") || a.get(j + 1).equals("false"))) {
                a.remove(j + 1);
            }
            a.set(j, arg);
            found = true;
            break;
        }
        if (!found) {
            a.add(arg);
        }
        return a.equals(args) ? this : withArgs(a);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AppConfig other && name.equals(other.name) && binary.equals(other.binary)
                && args.equals(other.args) && autoStart == other.autoStart && port == other.port
                && unknown.equals(other.unknown);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, binary, args, autoStart, port);
    }

    @Override
    public String toString() {
        return "AppConfig[name=" + name + ", binary=" + binary + ", args=" + args + ", auto_start=" + autoStart
                + ", port=" + port + "]";
    }
}
