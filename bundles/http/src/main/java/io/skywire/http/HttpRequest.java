package io.skywire.http;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One request, body read in full.
 *
 * @param method upper-case method
 * @param path the request path (no query)
 * @param pathParams values of the route's {@code {name}} segments
 * @param query query parameters
 * @param headers headers, names lower-case (first value)
 * @param body the body (empty if none)
 * @param remote the peer
 */
public record HttpRequest(String method, String path, Map<String, String> pathParams,
                          Map<String, List<String>> query, Map<String, String> headers, byte[] body,
                          InetSocketAddress remote) {
    /** @return the first value of a query parameter, or null */
    public String queryParam(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** @return the header value (name case-insensitive), or null */
    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    /** @return the body as UTF-8 text */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
