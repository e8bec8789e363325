package io.skywire.cli.config;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What {@code config gen} takes from its surroundings, replaceable in tests: environment variables, the working
 * directory (relative paths are resolved against it), the country lookup behind {@code -b} and the HTTP GET behind
 * {@code -a}.
 *
 * @param vars environment variables ({@code SKYENV}, {@code HOME}, {@code TMPDIR}, {@code UNHIDEFLAGS})
 * @param workDir the working directory
 * @param country returns the ISO country code of this host's public IP, or null if unknown
 * @param fetcher HTTP GET
 */
record Env(Map<String, String> vars, Path workDir, Supplier<String> country, Fetcher fetcher) {
    /** HTTP GET of a URL's body. */
    interface Fetcher {
        byte[] get(String url) throws IOException;
    }

    static Env system() {
        return new Env(System.getenv(), Path.of(System.getProperty("user.dir", ".")).toAbsolutePath(),
                Env::lookupCountry, Env::httpGet);
    }

    String var(String name) {
        return vars.get(name);
    }

    String home() {
        String h = vars.get("HOME");
        return h != null && !h.isEmpty() ? h : System.getProperty("user.home", "");
    }

    /** Go's {@code netutil.LocalProtocol}: asks ipinfo.io for the country of our public IP. */
    private static String lookupCountry() {
        try {
            byte[] body = httpGet("https://ipinfo.io/country", Duration.ofSeconds(10));
            String s = new String(body, java.nio.charset.StandardCharsets.UTF_8).strip();
            return s.length() >= 2 ? s.substring(0, 2) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static byte[] httpGet(String url) throws IOException {
        return httpGet(url, Duration.ofSeconds(15));
    }

    private static byte[] httpGet(String url, Duration timeout) throws IOException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpRequest req;
        try {
            req = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).header("Cache-Control", "no-cache")
                    .GET().build();
        } catch (IllegalArgumentException e) {
            throw new IOException("invalid URL \"" + url + "\"");
        }
        try {
            HttpResponse<byte[]> res = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
            if (res.statusCode() / 100 != 2) {
                throw new IOException("HTTP status " + res.statusCode());
            }
            return res.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }
}
