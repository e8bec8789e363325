package io.skywire.core.dmsg.disc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skywire.core.crypto.PubKey;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** HTTP client of a dmsg discovery (Go: pkg/disc HTTP client), with a timeout on every call. */
public final class DiscoveryClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * @param baseUrl e.g. http://127.0.0.1:9090
     * @param timeout per call
     */
    public DiscoveryClient(String baseUrl, Duration timeout) {
        URI u = URI.create(baseUrl);
        if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
            throw new IllegalArgumentException("invalid discovery URL \"" + baseUrl + "\": expected http://host:port");
        }
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public String baseUrl() {
        return base;
    }

    /** @return the entry of {@code pk}, or empty if the discovery has none */
    public Optional<Entry> entry(PubKey pk) throws DiscoveryException {
        HttpResponse<String> r = send("GET", "/dmsg-discovery/entry/" + pk.hex(), null);
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(parse(ok(r, "get entry of " + pk.hex())));
    }

    /**
     * Posts a signed entry (new or next iteration).
     *
     * @param signed the entry, signed
     * @param withTimeout ask the discovery to expire a client entry (Go: ?timeout=true)
     */
    public void postEntry(Entry signed, boolean withTimeout) throws DiscoveryException {
        ok(send("POST", "/dmsg-discovery/entry/" + (withTimeout ? "?timeout=true" : ""), signed.toJson()),
                "post entry of " + signed.staticPk().hex());
    }

    /** Deletes the entry (the discovery checks the signature). */
    public void deleteEntry(Entry signed) throws DiscoveryException {
        ok(send("DELETE", "/dmsg-discovery/entry", signed.toJson()), "delete entry of " + signed.staticPk().hex());
    }

    /** @return servers with free sessions, most available first; empty if none */
    public List<Entry> availableServers() throws DiscoveryException {
        return servers("/dmsg-discovery/available_servers");
    }

    /** @return every registered server; empty if none */
    public List<Entry> allServers() throws DiscoveryException {
        return servers("/dmsg-discovery/all_servers");
    }

    private List<Entry> servers(String path) throws DiscoveryException {
        HttpResponse<String> r = send("GET", path, null);
        if (r.statusCode() == 404) {
            return List.of();
        }
        String body = ok(r, "list servers");
        List<Entry> out = new ArrayList<>();
        try {
            for (JsonNode n : JSON.readTree(body)) {
                out.add(Entry.fromJson(n.toString()));
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new DiscoveryException("discovery " + base + " sent an unreadable server list: " + e.getMessage(),
                    r.statusCode());
        }
        return out;
    }

    private Entry parse(String body) throws DiscoveryException {
        try {
            return Entry.fromJson(body);
        } catch (IllegalArgumentException e) {
            throw new DiscoveryException("discovery " + base + " sent an unreadable entry: " + e.getMessage(), 200);
        }
    }

    private HttpResponse<String> send(String method, String path, String body) throws DiscoveryException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.net.http.HttpTimeoutException e) {
            throw new DiscoveryException("discovery " + base + " did not answer " + method + " " + path + " within "
                    + timeout.toSeconds() + " s", 0);
        } catch (IOException e) {
            throw new DiscoveryException("cannot reach discovery " + base + ": " + e, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DiscoveryException("interrupted while calling discovery " + base, 0);
        }
    }

    private String ok(HttpResponse<String> r, String what) throws DiscoveryException {
        if (r.statusCode() / 100 == 2) {
            return r.body();
        }
        String msg = r.body();
        try {
            JsonNode n = JSON.readTree(r.body());
            if (n != null && n.hasNonNull("message")) {
                msg = n.get("message").asText();
            }
        } catch (IOException ignored) {
            // not JSON: use the raw body
        }
        throw new DiscoveryException("discovery " + base + " refused to " + what + ": " + r.statusCode() + " " + msg,
                r.statusCode());
    }
}
