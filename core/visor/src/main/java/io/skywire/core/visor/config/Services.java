package io.skywire.core.visor.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.skywire.core.crypto.PubKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The URLs and keys of a Skywire deployment, as in Go's {@code services-config.json}: {@code dmsg_discovery,
 * transport_discovery, address_resolver, route_finder, route_setup_nodes, transport_setup, uptime_tracker,
 * service_discovery, stun_servers, dns_server, survey_whitelist} (and {@code conf}, the URL this file is served
 * from). A copy of Go's file with its {@code test} and {@code prod} deployments is embedded; {@link #read} reads
 * another one, either in that {@code {"test":{…},"prod":{…}}} shape or as one flat {@code {…}} object (e.g. for a
 * local deployment).
 *
 * @param conf the configuration service URL ("" if not given)
 * @param dmsgDiscovery dmsg discovery URL
 * @param transportDiscovery transport discovery URL
 * @param addressResolver address resolver URL
 * @param routeFinder route finder URL
 * @param routeSetupNodes route setup node keys
 * @param transportSetup transport setup node keys
 * @param uptimeTracker uptime tracker URL
 * @param serviceDiscovery service discovery URL
 * @param stunServers STUN servers, host:port
 * @param dnsServer the DNS server handed to vpn-client ("" if not given)
 * @param surveyWhitelist keys allowed to collect the node survey
 */
public record Services(String conf, String dmsgDiscovery, String transportDiscovery, String addressResolver,
                       String routeFinder, List<PubKey> routeSetupNodes, List<PubKey> transportSetup,
                       String uptimeTracker, String serviceDiscovery, List<String> stunServers, String dnsServer,
                       List<PubKey> surveyWhitelist) {
    /** Resource name of the embedded copy of Go's services-config.json. */
    public static final String EMBEDDED_RESOURCE = "services-config.json";

    private static final class Embedded {
        static final Services PROD = load(false);
        static final Services TEST = load(true);

        private static Services load(boolean test) {
            try (InputStream in = Services.class.getResourceAsStream(EMBEDDED_RESOURCE)) {
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
    }

    /** Normalises nulls to empty values and copies the lists. */
    public Services {
        conf = conf == null ? "" : conf;
        dmsgDiscovery = dmsgDiscovery == null ? "" : dmsgDiscovery;
        transportDiscovery = transportDiscovery == null ? "" : transportDiscovery;
        addressResolver = addressResolver == null ? "" : addressResolver;
        routeFinder = routeFinder == null ? "" : routeFinder;
        routeSetupNodes = routeSetupNodes == null ? List.of() : List.copyOf(routeSetupNodes);
        transportSetup = transportSetup == null ? List.of() : List.copyOf(transportSetup);
        uptimeTracker = uptimeTracker == null ? "" : uptimeTracker;
        serviceDiscovery = serviceDiscovery == null ? "" : serviceDiscovery;
        stunServers = stunServers == null ? List.of() : List.copyOf(stunServers);
        dnsServer = dnsServer == null ? "" : dnsServer;
        surveyWhitelist = surveyWhitelist == null ? List.of() : List.copyOf(surveyWhitelist);
    }

    /**
     * @param test true for the test deployment ({@code skywire.dev}), false for production
     * @return the embedded services of that deployment
     */
    public static Services embedded(boolean test) {
        return test ? Embedded.TEST : Embedded.PROD;
    }

    /** The production services: the values Go fills in for keys missing from a config file. */
    static Services baseDefaults() {
        return Embedded.PROD;
    }

    /**
     * Reads a services config file.
     *
     * @param file a {@code {"test":{…},"prod":{…}}} file or a flat services object
     * @param test which deployment to take from a two-deployment file
     * @return the services
     * @throws ConfigException if the file is missing, unreadable or invalid (one-line message)
     */
    public static Services read(Path file, boolean test) throws ConfigException {
        return parse(Json.readFile(file, "services config file"), "services config file " + file, test);
    }

    /**
     * Parses services JSON.
     *
     * @param json the JSON bytes
     * @param source what to call the JSON in messages, e.g. "services config file /x.json"
     * @param test which deployment to take from a two-deployment file
     * @return the services
     * @throws ConfigException if the JSON is invalid or has an invalid key
     */
    public static Services parse(byte[] json, String source, boolean test) throws ConfigException {
        JsonNode root = Json.readTree(json, source);
        if (root == null || !root.isObject()) {
            throw new ConfigException(source + ": expected a JSON object");
        }
        String prefix = "";
        JsonNode node = root;
        if (root.has("prod") || root.has("test")) {
            String env = test ? "test" : "prod";
            node = root.get(env);
            if (node == null || !node.isObject()) {
                throw new ConfigException(source + " has no \"" + env + "\" deployment");
            }
            prefix = env + ".";
        }
        return new Services(str(node, "conf", source, prefix), str(node, "dmsg_discovery", source, prefix),
                str(node, "transport_discovery", source, prefix), str(node, "address_resolver", source, prefix),
                str(node, "route_finder", source, prefix), keys(node, "route_setup_nodes", source, prefix),
                keys(node, "transport_setup", source, prefix), str(node, "uptime_tracker", source, prefix),
                str(node, "service_discovery", source, prefix), strs(node, "stun_servers", source, prefix),
                str(node, "dns_server", source, prefix), keys(node, "survey_whitelist", source, prefix));
    }

    private static JsonNode field(JsonNode node, String name) {
        JsonNode v = node.get(name);
        if (v == null) { // Go matches keys case-insensitively
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue();
                }
            }
        }
        return v;
    }

    private static String str(JsonNode node, String name, String source, String prefix) throws ConfigException {
        JsonNode v = field(node, name);
        if (v == null || v.isNull()) {
            return "";
        }
        if (!v.isTextual()) {
            throw new ConfigException(source + ": \"" + prefix + name + "\" must be a string");
        }
        return v.textValue();
    }

    private static List<String> strs(JsonNode node, String name, String source, String prefix)
            throws ConfigException {
        JsonNode v = field(node, name);
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            throw new ConfigException(source + ": \"" + prefix + name + "\" must be an array of strings");
        }
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw new ConfigException(source + ": \"" + prefix + name + "\" must be an array of strings");
            }
            out.add(e.textValue());
        }
        return out;
    }

    private static List<PubKey> keys(JsonNode node, String name, String source, String prefix)
            throws ConfigException {
        List<PubKey> out = new ArrayList<>();
        int i = 0;
        for (String s : strs(node, name, source, prefix)) {
            try {
                out.add(PubKey.fromHex(s.trim()));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(source + ": \"" + prefix + name + "[" + i + "]\": "
                        + Json.oneLine(e.getMessage()));
            }
            i++;
        }
        return out;
    }
}
