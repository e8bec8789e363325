package io.skywire.http;

import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An HTTP server for {@link Routes}, run by Undertow (private to this bundle). */
public final class HttpServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("skywire.http");

    private static final HttpResponse TOO_LARGE = HttpResponse.json(413, "{\"error\":\"request body too large\"}");

    private final Undertow undertow;
    private final InetSocketAddress address;

    private HttpServer(Undertow undertow, InetSocketAddress address) {
        this.undertow = undertow;
        this.address = address;
    }

    /**
     * Starts serving.
     *
     * @param bind where to listen (port 0 = any free port)
     * @param routes the routes
     * @param maxBodyBytes larger request bodies are refused with 413
     * @return the running server
     * @throws IllegalStateException if the address cannot be bound (message says which)
     */
    public static HttpServer start(InetSocketAddress bind, Routes routes, long maxBodyBytes) {
        String host = bind.getAddress() != null ? bind.getAddress().getHostAddress() : bind.getHostString();
        Undertow u = Undertow.builder()
                .addHttpListener(bind.getPort(), host)
                .setIoThreads(1)
                .setWorkerThreads(8)
                .setHandler(exchange -> {
                    if (exchange.isInIoThread()) {
                        exchange.dispatch(ex -> serve(ex, routes, maxBodyBytes));
                        return;
                    }
                    serve(exchange, routes, maxBodyBytes);
                })
                .build();
        try {
            u.start();
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("cannot listen on " + host + ":" + bind.getPort() + ": "
                    + cause.getMessage(), e);
        }
        InetSocketAddress bound = (InetSocketAddress) u.getListenerInfo().get(0).getAddress();
        return new HttpServer(u, bound);
    }

    private static void serve(HttpServerExchange ex, Routes routes, long maxBodyBytes) {
        Routes.Match m = routes.match(ex.getRequestMethod().toString(), ex.getRequestPath());
        if (m.handler() == null) {
            // what Go's chi answers
            respond(ex, m.pathKnown() ? HttpResponse.empty(405) : HttpResponse.text(404, "404 page not found\n"));
            return;
        }
        if (ex.getRequestContentLength() > maxBodyBytes) {
            respond(ex, TOO_LARGE);
            return;
        }
        ex.setMaxEntitySize(maxBodyBytes); // chunked bodies: the receiver fails past the limit
        ex.getRequestReceiver().receiveFullBytes((exchange, body) -> {
            Map<String, java.util.List<String>> query = new LinkedHashMap<>();
            for (Map.Entry<String, Deque<String>> q : exchange.getQueryParameters().entrySet()) {
                query.put(q.getKey(), List.copyOf(q.getValue()));
            }
            Map<String, String> headers = new HashMap<>();
            for (HeaderValues h : exchange.getRequestHeaders()) {
                headers.put(h.getHeaderName().toString().toLowerCase(java.util.Locale.ROOT), h.getFirst());
            }
            HttpRequest req = new HttpRequest(exchange.getRequestMethod().toString(), exchange.getRequestPath(),
                    Map.copyOf(m.params()), query, headers, body, exchange.getSourceAddress());
            HttpResponse resp;
            try {
                resp = m.handler().handle(req);
            } catch (Exception e) {
                LOG.log(System.Logger.Level.ERROR, req.method() + " " + req.path() + " failed", e);
                resp = HttpResponse.json(500, "{\"error\":\"internal server error\"}");
            }
            respond(exchange, resp);
        }, (exchange, e) -> respond(exchange, TOO_LARGE));
    }

    private static void respond(HttpServerExchange ex, HttpResponse r) {
        ex.setStatusCode(r.status());
        if (r.contentType() != null) {
            ex.getResponseHeaders().put(Headers.CONTENT_TYPE, r.contentType());
        }
        r.headers().forEach((k, v) -> ex.getResponseHeaders().put(new HttpString(k), v));
        ex.getResponseSender().send(ByteBuffer.wrap(r.body()));
    }

    /** @return the bound address (with the real port when 0 was asked) */
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public void close() {
        undertow.stop();
    }
}
