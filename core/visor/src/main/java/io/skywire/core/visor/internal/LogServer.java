package io.skywire.core.visor.internal;

import io.skywire.core.crypto.PubKey;
import io.skywire.core.dmsg.http.DmsgHttpHandler;
import io.skywire.core.dmsg.http.DmsgHttpRequest;
import io.skywire.core.dmsg.http.DmsgHttpResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The visor's dmsghttp log server (Go: {@code pkg/visor/logserver}), served on dmsg port 80. Routes as Go's:
 * <ul>
 *   <li>{@code /health}: build info and start time (JSON);</li>
 *   <li>{@code /node-info}: the system survey ({@code local/node-info.json}) and {@code /reward.txt}, both limited to
 *       the survey whitelist, hypervisors and dmsgpty whitelist when any of those is set;</li>
 *   <li>{@code /transport_logs/<file>.csv}: transport logs from {@code transport.log_store.location};</li>
 *   <li>{@code /<file>}: a {@code .csv} from the transport logs if it exists there, else the file of that name in
 *       {@code dmsghttp_server_path}; 404 otherwise.</li>
 * </ul>
 * Only single path segments are served: no directory listings, nothing outside those directories.
 */
final class LogServer implements DmsgHttpHandler {
    private final Path localPath;
    private final Path transportLogs;
    private final Path customPath;
    private final Set<String> whitelist;
    private final String version;
    private final Instant startedAt;

    LogServer(Path localPath, Path transportLogs, Path customPath, List<PubKey> whitelist, String version,
              Instant startedAt) {
        this.localPath = localPath;
        this.transportLogs = transportLogs;
        this.customPath = customPath;
        this.whitelist = whitelist.stream().map(PubKey::hex).collect(Collectors.toUnmodifiableSet());
        this.version = version;
        this.startedAt = startedAt;
    }

    @Override
    public DmsgHttpResponse handle(DmsgHttpRequest req) throws IOException {
        if (!req.method().equals("GET") && !req.method().equals("HEAD")) {
            return DmsgHttpResponse.text(405, "405 method not allowed").header("Allow", "GET, HEAD");
        }
        String path = req.path();
        switch (path) {
            case "/health":
                return DmsgHttpResponse.json(200, "{\"build_info\":{\"version\":\"" + version
                        + "\",\"commit\":\"\",\"date\":\"\"},\"started_at\":\"" + startedAt + "\"}");
            case "/node-info":
                if (!allowed(req)) {
                    return DmsgHttpResponse.text(401, "401 unauthorized: this key is not whitelisted");
                }
                return serve(localPath.resolve("node-info.json"), "application/json");
            case "/reward.txt":
                if (!allowed(req)) {
                    return DmsgHttpResponse.text(401, "401 unauthorized: this key is not whitelisted");
                }
                return serve(localPath.resolve("reward.txt"), "text/plain; charset=utf-8");
            default:
                break;
        }
        if (path.startsWith("/transport_logs/")) {
            String file = segment(path.substring("/transport_logs/".length()));
            if (file != null && file.endsWith(".csv")) {
                return serve(transportLogs.resolve(file), "text/csv; charset=utf-8");
            }
            return notFound();
        }
        String file = segment(path.substring(1));
        if (file == null) {
            return notFound();
        }
        if (file.endsWith(".csv") && Files.isRegularFile(transportLogs.resolve(file))) {
            return serve(transportLogs.resolve(file), "text/csv; charset=utf-8");
        }
        return serve(customPath.resolve(file), contentType(file));
    }

    private boolean allowed(DmsgHttpRequest req) {
        return whitelist.isEmpty() || req.remote() != null && whitelist.contains(req.remote().pk().hex());
    }

    /** A single, ordinary path segment, or null (empty, ".", "..", hidden files, separators). */
    static String segment(String s) {
        if (s.isEmpty() || s.startsWith(".") || s.indexOf('/') >= 0 || s.indexOf('\\') >= 0 || s.indexOf('\0') >= 0) {
            return null;
        }
        return s;
    }

    private static DmsgHttpResponse serve(Path file, String contentType) throws IOException {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            return notFound();
        }
        return DmsgHttpResponse.file(file, contentType);
    }

    private static DmsgHttpResponse notFound() {
        return DmsgHttpResponse.text(404, "404 page not found");
    }

    static String contentType(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".json")) {
            return "application/json";
        }
        if (n.endsWith(".csv")) {
            return "text/csv; charset=utf-8";
        }
        if (n.endsWith(".txt") || n.endsWith(".log") || n.endsWith(".sha")) {
            return "text/plain; charset=utf-8";
        }
        if (n.endsWith(".html") || n.endsWith(".htm")) {
            return "text/html; charset=utf-8";
        }
        return "application/octet-stream";
    }
}
