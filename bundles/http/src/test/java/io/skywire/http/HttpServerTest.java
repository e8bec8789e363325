package io.skywire.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class HttpServerTest {
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    java.net.http.HttpResponse<String> send(HttpServer s, String method, String path, String body) throws Exception {
        return client.send(java.net.http.HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + s.address().getPort() + path))
                .timeout(Duration.ofSeconds(5))
                .method(method, body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofString(body))
                .build(), BodyHandlers.ofString());
    }

    @Test
    void routesParamsQueryBodyAndGoStyleErrors() throws Exception {
        Routes r = new Routes()
                .get("/entry/{pk}", q -> HttpResponse.json(200, "\"" + q.pathParams().get("pk") + "\""))
                .post("/entry/", q -> HttpResponse.json(200, "{\"got\":" + q.bodyText() + ",\"t\":\""
                        + q.queryParam("timeout") + "\",\"h\":\"" + q.header("X-Test") + "\"}"))
                .get("/boom", q -> {
                    throw new IllegalStateException("boom");
                });
        try (HttpServer s = HttpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), r, 1024)) {
            assertEquals("\"abc\"", send(s, "GET", "/entry/abc", null).body());
            var post = client.send(java.net.http.HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + s.address().getPort() + "/entry/?timeout=true"))
                    .header("X-Test", "yes").POST(java.net.http.HttpRequest.BodyPublishers.ofString("[1]")).build(),
                    BodyHandlers.ofString());
            assertEquals("{\"got\":[1],\"t\":\"true\",\"h\":\"yes\"}", post.body());
            assertEquals("application/json", post.headers().firstValue("content-type").orElse(""));
            var notFound = send(s, "GET", "/nope", null);
            assertEquals(404, notFound.statusCode());
            assertEquals("404 page not found\n", notFound.body());
            assertEquals(405, send(s, "GET", "/entry/", null).statusCode()); // known path, other method
            assertEquals(405, send(s, "DELETE", "/entry/abc", null).statusCode());
            assertEquals(500, send(s, "GET", "/boom", null).statusCode());
            assertEquals(413, send(s, "POST", "/entry/", "x".repeat(5000)).statusCode());
        }
    }

    @Test
    void routeMatching() {
        Routes r = new Routes().get("/a/{x}/c", q -> null).post("/a/", q -> null);
        assertEquals("b", r.match("GET", "/a/b/c").params().get("x"));
        assertNull(r.match("GET", "/a//c").handler());
        assertNull(r.match("GET", "/a/b").handler());
        assertTrue(r.match("GET", "/a/").pathKnown());
        assertNull(r.match("GET", "/a/").handler());
        assertTrue(r.match("POST", "/a/").handler() != null);
    }

    @Test
    void busyPortIsAClearError() throws Exception {
        try (HttpServer s = HttpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), new Routes(), 10)) {
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> HttpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                            s.address().getPort()), new Routes(), 10));
            assertTrue(e.getMessage().startsWith("cannot listen on 127.0.0.1:" + s.address().getPort()), e.getMessage());
        }
    }
}
