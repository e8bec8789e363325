package io.skywire.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Method + path pattern → handler. A pattern is matched segment by segment: literal segments exactly,
 * {@code {name}} any one non-empty segment. A trailing slash is a segment, as in Go's chi router
 * ({@code /entry/} and {@code /entry/{pk}} are different routes).
 */
public final class Routes {
    private record Route(String method, String[] segments, HttpHandler handler) {
    }

    /** The outcome of matching a request. */
    public record Match(HttpHandler handler, Map<String, String> params, boolean pathKnown) {
    }

    private final List<Route> routes = new ArrayList<>();

    public Routes get(String pattern, HttpHandler h) {
        return add("GET", pattern, h);
    }

    public Routes post(String pattern, HttpHandler h) {
        return add("POST", pattern, h);
    }

    public Routes put(String pattern, HttpHandler h) {
        return add("PUT", pattern, h);
    }

    public Routes delete(String pattern, HttpHandler h) {
        return add("DELETE", pattern, h);
    }

    public Routes add(String method, String pattern, HttpHandler h) {
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("route pattern must start with /: " + pattern);
        }
        routes.add(new Route(method, pattern.substring(1).split("/", -1), h));
        return this;
    }

    /**
     * @param method request method
     * @param path request path
     * @return the handler (null if none) and whether any route has this path (for 405 vs 404)
     */
    public Match match(String method, String path) {
        String[] segs = (path.startsWith("/") ? path.substring(1) : path).split("/", -1);
        boolean known = false;
        for (Route r : routes) {
            Map<String, String> params = matchSegments(r.segments, segs);
            if (params != null) {
                if (r.method.equals(method)) {
                    return new Match(r.handler, params, true);
                }
                known = true;
            }
        }
        return new Match(null, Map.of(), known);
    }

    private static Map<String, String> matchSegments(String[] pattern, String[] segs) {
        if (pattern.length != segs.length) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            if (p.length() > 2 && p.startsWith("{") && p.endsWith("}")) {
                if (segs[i].isEmpty()) {
                    return null;
                }
                params.put(p.substring(1, p.length() - 1), segs[i]);
            } else if (!p.equals(segs[i])) {
                return null;
            }
        }
        return params;
    }
}
