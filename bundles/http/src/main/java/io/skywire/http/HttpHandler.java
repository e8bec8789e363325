package io.skywire.http;

/** Answers one route. Runs on a worker thread: blocking is fine. */
@FunctionalInterface
public interface HttpHandler {
    /**
     * @param request the request
     * @return the response
     * @throws Exception answered with 500 and logged
     */
    HttpResponse handle(HttpRequest request) throws Exception;
}
