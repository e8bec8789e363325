package io.skywire.core.dmsg.http;

import java.util.Map;
import java.util.Objects;

import io.skywire.core.dmsg.wire.Addr;

/**
 * One request as the server read it.
 *
 * @param method   the request method as sent (case-sensitive, e.g. {@code GET}, {@code HEAD})
 * @param path     the percent-decoded path without the query ({@code "/"} at least; {@code "*"} for
 *                 {@code OPTIONS *}); it may contain {@code "/"} decoded from {@code %2F}, {@code ".."} segments
 *                 and any other Unicode, so handlers that map it to files must check it
 * @param rawQuery the query as sent (not decoded), {@code ""} if none
 * @param headers  the header fields, names lower-cased, repeated fields joined with {@code ", "}
 * @param body     the request body (Content-Length or chunked), empty if none
 * @param remote   the requesting client's dmsg address (its public key authenticates it: dmsg streams are
 *                 end-to-end Noise KK)
 */
public record DmsgHttpRequest(String method, String path, String rawQuery, Map<String, String> headers, byte[] body,
                              Addr remote) {
    public DmsgHttpRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        rawQuery = rawQuery == null ? "" : rawQuery;
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    /** The value of a header field (name in any case), or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
}
