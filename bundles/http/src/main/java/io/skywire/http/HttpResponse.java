package io.skywire.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A whole response.
 *
 * @param status HTTP status
 * @param contentType content type, or null for none
 * @param body the body
 * @param headers extra headers
 */
public record HttpResponse(int status, String contentType, byte[] body, Map<String, String> headers) {
    public static HttpResponse json(int status, String json) {
        return new HttpResponse(status, "application/json", json.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public static HttpResponse text(int status, String text) {
        return new HttpResponse(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public static HttpResponse empty(int status) {
        return new HttpResponse(status, null, new byte[0], Map.of());
    }
}
