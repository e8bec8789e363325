package io.skywire.core.visor.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A deployment reached over dmsg instead of HTTP (for regions that block the HTTP services), as in Go's
 * {@code dmsghttp-config.json}: {@code {"test"|"prod": {dmsg_servers:[{static, server:{address}}], dmsg_discovery,
 * transport_discovery, address_resolver, route_finder, uptime_tracker, service_discovery}}} where the services are
 * {@code dmsg://<pk>:80} URLs. A copy of Go's file is embedded.
 *
 * @param servers the static dmsg servers, already in the shape Go writes into {@code dmsg.servers}
 * @param dmsgDiscovery dmsg discovery URL
 * @param transportDiscovery transport discovery URL
 * @param addressResolver address resolver URL
 * @param routeFinder route finder URL
 * @param uptimeTracker uptime tracker URL
 * @param serviceDiscovery service discovery URL
 */
public record DmsgHttpConfig(List<JsonNode> servers, String dmsgDiscovery, String transportDiscovery,
                             String addressResolver, String routeFinder, String uptimeTracker,
                             String serviceDiscovery) {
    /** Resource name of the embedded copy of Go's dmsghttp-config.json. */
    public static final String EMBEDDED_RESOURCE = "dmsghttp-config.json";

    /** Copies the server list. */
    public DmsgHttpConfig {
        servers = servers == null ? List.of() : List.copyOf(servers);
    }

    /**
     * @param test true for the test deployment
     * @return the embedded dmsghttp config of that deployment
     */
    public static DmsgHttpConfig embedded(boolean test) {
        try (InputStream in = DmsgHttpConfig.class.getResourceAsStream(EMBEDDED_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("embedded " + EMBEDDED_RESOURCE + " is missing from the bundle");
            }
            return parse(in.readAllBytes(), "embedded " + EMBEDDED_RESOURCE, test);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ConfigException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * @param file a dmsghttp-config.json
     * @param test which deployment to take
     * @return the config
     * @throws ConfigException if missing or invalid
     */
    public static DmsgHttpConfig read(Path file, boolean test) throws ConfigException {
        return parse(Json.readFile(file, "dmsghttp config file"), "dmsghttp config file " + file, test);
    }

    /**
     * @param json the bytes
     * @param source name for messages
     * @param test which deployment to take
     * @return the config
     * @throws ConfigException if invalid
     */
    public static DmsgHttpConfig parse(byte[] json, String source, boolean test) throws ConfigException {
        JsonNode root = Json.readTree(json, source);
        String env = test ? "test" : "prod";
        JsonNode node = root == null ? null : root.get(env);
        if (node == null || !node.isObject()) {
            throw new ConfigException(source + " has no \"" + env + "\" deployment");
        }
        List<JsonNode> servers = new ArrayList<>();
        JsonNode s = node.get("dmsg_servers");
        if (s != null && s.isArray()) {
            for (JsonNode e : s) {
                servers.add(entry(e));
            }
        }
        return new DmsgHttpConfig(servers, text(node, "dmsg_discovery"), text(node, "transport_discovery"),
                text(node, "address_resolver"), text(node, "route_finder"), text(node, "uptime_tracker"),
                text(node, "service_discovery"));
    }

    private static String text(JsonNode n, String name) {
        JsonNode v = n.get(name);
        return v == null || v.isNull() ? "" : v.asText();
    }

    /** Go's {@code disc.Entry} as encoding/json writes it (zero values included, omitempty fields left out). */
    private static JsonNode entry(JsonNode e) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode();
        o.put("version", text(e, "version"));
        o.put("sequence", e.path("sequence").asLong(0));
        o.put("timestamp", e.path("timestamp").asLong(0));
        String st = text(e, "static");
        o.put("static", st.isEmpty() ? Json.NULL_PK_HEX : st);
        if (e.hasNonNull("client")) {
            o.set("client", e.get("client"));
        }
        if (!text(e, "client_type").isEmpty()) {
            o.put("client_type", text(e, "client_type"));
        }
        if (e.hasNonNull("server")) {
            JsonNode srv = e.get("server");
            ObjectNode so = f.objectNode();
            so.put("address", text(srv, "address"));
            so.put("availableSessions", srv.path("availableSessions").asInt(0));
            if (!text(srv, "serverType").isEmpty()) {
                so.put("serverType", text(srv, "serverType"));
            }
            o.set("server", so);
        }
        if (!text(e, "signature").isEmpty()) {
            o.put("signature", text(e, "signature"));
        }
        return o;
    }
}
