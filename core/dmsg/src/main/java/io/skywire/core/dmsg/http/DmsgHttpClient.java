package io.skywire.core.dmsg.http;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.IntFunction;

import io.skywire.core.crypto.PubKey;
import io.skywire.core.dmsg.client.DmsgNetwork;
import io.skywire.core.dmsg.session.DmsgStream;

/**
 * Fetches {@code dmsg://<pk>[:<port>]/<path>} over a {@link DmsgNetwork}: one dmsg stream per request (as Go's
 * {@code dmsghttp.HTTPTransport}), HTTP/1.1 with {@code Connection: close}; the response body (Content-Length,
 * chunked, or up to the end of the stream) is streamed to a sink. Thread-safe; one instance may serve many requests
 * at once.
 */
public final class DmsgHttpClient {
    /** The dmsg port used when the URL names none (Go's dmsghttp default). */
    public static final int DEFAULT_PORT = 80;
    private static final int COPY_CHUNK = 64 * 1024;

    private final DmsgNetwork network;
    private volatile String userAgent = "skywire-dmsghttp";

    public DmsgHttpClient(DmsgNetwork network) {
        this.network = Objects.requireNonNull(network, "network");
    }

    /** Sets the User-Agent sent with each request; returns this. */
    public DmsgHttpClient userAgent(String agent) {
        if (agent == null || agent.isEmpty() || !HttpCodec.isFieldValue(agent)) {
            throw new IllegalArgumentException("invalid User-Agent");
        }
        this.userAgent = agent;
        return this;
    }

    /**
     * The outcome of a request.
     *
     * @param status    the HTTP status
     * @param headers   the response header fields, names lower-cased, repeated fields joined with {@code ", "}
     * @param bodyBytes how many body bytes were written to the sink
     */
    public record Result(int status, Map<String, String> headers, long bodyBytes) {
        /** Whether the status is 2xx. */
        public boolean isSuccess() {
            return status >= 200 && status < 300;
        }

        /** The status with its reason phrase, e.g. {@code "404 Not Found"}. */
        public String statusText() {
            String r = HttpCodec.reason(status);
            return r.isEmpty() ? Integer.toString(status) : status + " " + r;
        }
    }

    /**
     * Where a {@code dmsg://} URL points.
     *
     * @param pk            the server's public key
     * @param port          the dmsg port ({@link #DEFAULT_PORT} if the URL names none)
     * @param requestTarget the path and query as sent on the request line ({@code "/"} at least)
     */
    public record Target(PubKey pk, int port, String requestTarget) {
    }

    /**
     * Parses {@code dmsg://<pk>[:<port>][/path][?query]} ({@code http://} is accepted too, as Go's transport does).
     *
     * @throws IllegalArgumentException saying what is wrong with the URL
     */
    public static Target target(URI url) {
        Objects.requireNonNull(url, "url");
        String scheme = url.getScheme();
        if (scheme == null) {
            throw new IllegalArgumentException("URL is missing a scheme (use dmsg://<pk>:<port>/<path>)");
        }
        if (!scheme.equalsIgnoreCase("dmsg") && !scheme.equalsIgnoreCase("http")) {
            throw new IllegalArgumentException("unsupported URL scheme \"" + scheme + "\" (use dmsg://)");
        }
        String auth = url.getRawAuthority();
        if (auth == null || auth.isEmpty()) {
            throw new IllegalArgumentException("URL is missing a host (the server's public key)");
        }
        if (auth.indexOf('@') >= 0) {
            throw new IllegalArgumentException("URL user info is not supported");
        }
        if (url.getRawFragment() != null) {
            throw new IllegalArgumentException("URL fragments are not sent; remove \"#" + url.getRawFragment() + "\"");
        }
        int colon = auth.indexOf(':');
        String host = colon < 0 ? auth : auth.substring(0, colon);
        PubKey pk;
        try {
            pk = PubKey.fromHex(host);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("URL host is not a public key: " + e.getMessage());
        }
        int port = DEFAULT_PORT;
        if (colon >= 0) {
            String p = auth.substring(colon + 1);
            if (!p.isEmpty()) {
                if (!p.matches("[0-9]{1,5}") || Integer.parseInt(p) < 1 || Integer.parseInt(p) > 65535) {
                    throw new IllegalArgumentException("invalid dmsg port \"" + p + "\" (1..65535)");
                }
                port = Integer.parseInt(p);
            }
        }
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String target = url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new IllegalArgumentException("URL path has characters that must be percent-encoded");
            }
        }
        return new Target(pk, port, target);
    }

    /**
     * GET {@code dmsg://<pk>:<port>/<path>}; streams the body (whatever the status) to {@code sink}.
     *
     * @param timeout  bounds the dial, writing the request, the wait for the response head and every stall while
     *                 reading the body (there is no limit on the whole transfer while data keeps coming)
     * @param progress called with (bytes so far, Content-Length or -1) after each chunk written, and once with 0
     *                 before the first; may be null
     * @throws IOException if the dial fails, the response is malformed or truncated, a timeout passes, or the sink
     *                     fails
     */
    public Result get(URI dmsgUrl, Duration timeout, OutputStream sink, BiConsumer<Long, Long> progress)
            throws IOException {
        Objects.requireNonNull(sink, "sink");
        return fetch("GET", dmsgUrl, null, null, timeout, status -> sink, progress);
    }

    /**
     * A request with any method and an optional body (sent with Content-Length).
     *
     * @param body          request body, or null for none
     * @param contentType   Content-Type of the body, or null
     * @param sinkForStatus picks the sink for the body once the status is known; null means do not read the body
     *                      ({@link Result#bodyBytes()} is then 0)
     * @see #get
     */
    public Result fetch(String method, URI dmsgUrl, byte[] body, String contentType, Duration timeout,
                        IntFunction<OutputStream> sinkForStatus, BiConsumer<Long, Long> progress) throws IOException {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(sinkForStatus, "sinkForStatus");
        if (!HttpCodec.isToken(method)) {
            throw new IllegalArgumentException("invalid method \"" + method + "\"");
        }
        if (contentType != null && !HttpCodec.isFieldValue(contentType)) {
            throw new IllegalArgumentException("invalid Content-Type");
        }
        Target t;
        try {
            t = target(dmsgUrl);
        } catch (IllegalArgumentException e) {
            throw new IOException("invalid URL " + dmsgUrl + ": " + e.getMessage(), e);
        }
        DmsgStream stream = network.dial(t.pk(), t.port(), timeout);
        try (stream) {
            stream.setWriteDeadline(Instant.now().plus(timeout));
            OutputStream out = new BufferedOutputStream(stream.outputStream(), 8192);
            List<String[]> fields = new ArrayList<>();
            fields.add(new String[] {"Host", t.pk().hex() + ":" + t.port()});
            fields.add(new String[] {"User-Agent", userAgent});
            if (body != null) {
                fields.add(new String[] {"Content-Length", Integer.toString(body.length)});
                if (contentType != null) {
                    fields.add(new String[] {"Content-Type", contentType});
                }
            }
            fields.add(new String[] {"Connection", "close"});
            HttpCodec.writeHead(out, method + " " + t.requestTarget() + " HTTP/1.1", fields);
            if (body != null) {
                out.write(body);
            }
            out.flush();
            stream.setWriteDeadline(null);

            InputStream in = new BufferedInputStream(new InactivityGuard(stream, timeout), COPY_CHUNK);
            HttpCodec.StatusLine sl;
            HttpCodec.Fields rf;
            while (true) {
                List<String> head;
                try {
                    head = HttpCodec.readHead(in, HttpCodec.MAX_RESPONSE_HEAD, false);
                } catch (HttpCodec.BadMessage e) {
                    throw new IOException("malformed response from " + t.pk() + ":" + t.port() + ": " + e.getMessage());
                }
                if (head == null) {
                    throw new IOException("the server " + t.pk() + ":" + t.port() + " closed the stream without "
                            + "answering");
                }
                try {
                    sl = HttpCodec.parseStatusLine(head.get(0));
                    rf = HttpCodec.parseFields(head, 1);
                } catch (HttpCodec.BadMessage e) {
                    throw new IOException("malformed response from " + t.pk() + ":" + t.port() + ": " + e.getMessage());
                }
                if (sl.status() == 101) {
                    throw new IOException("the server switched protocols (101); not supported");
                }
                if (sl.status() >= 200) {
                    break;
                }
                // 1xx informational: another head follows
            }
            long length;
            try {
                length = HttpCodec.responseBodyLength(method, sl.status(), rf);
            } catch (HttpCodec.BadMessage e) {
                throw new IOException("malformed response from " + t.pk() + ":" + t.port() + ": " + e.getMessage());
            }
            Map<String, String> headers = rf.toMap();
            OutputStream sink = sinkForStatus.apply(sl.status());
            if (sink == null || length == 0) {
                return new Result(sl.status(), headers, 0);
            }
            InputStream bodyIn = length == HttpCodec.CHUNKED ? new HttpCodec.ChunkedInputStream(in, HttpCodec.MAX_TRAILERS)
                    : length == HttpCodec.UNTIL_EOF ? in : new HttpCodec.FixedLengthInputStream(in, length);
            long total = length >= 0 ? length : -1;
            long got = 0;
            if (progress != null) {
                progress.accept(0L, total);
            }
            byte[] buf = new byte[COPY_CHUNK];
            int n;
            while (true) {
                try {
                    n = bodyIn.read(buf);
                } catch (HttpCodec.BadMessage e) {
                    throw new IOException("malformed response body from " + t.pk() + ":" + t.port() + ": "
                            + e.getMessage());
                } catch (java.io.EOFException e) {
                    throw new IOException("response " + e.getMessage(), e);
                }
                if (n < 0) {
                    break;
                }
                sink.write(buf, 0, n);
                got += n;
                if (progress != null) {
                    progress.accept(got, total);
                }
            }
            sink.flush();
            return new Result(sl.status(), headers, got);
        } catch (SocketTimeoutException e) {
            SocketTimeoutException x = new SocketTimeoutException("no answer from " + t.pk() + ":" + t.port()
                    + " for " + format(timeout));
            x.initCause(e);
            throw x;
        }
    }

    private static String format(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    /** The stream's input with a read deadline renewed before every read. */
    private static final class InactivityGuard extends InputStream {
        private final DmsgStream stream;
        private final Duration timeout;

        InactivityGuard(DmsgStream stream, Duration timeout) {
            this.stream = stream;
            this.timeout = timeout;
        }

        @Override
        public int read() throws IOException {
            byte[] b = new byte[1];
            return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            stream.setReadDeadline(Instant.now().plus(timeout));
            return stream.read(b, off, len);
        }
    }

    @Override
    public String toString() {
        return "DmsgHttpClient[" + network.publicKey() + ", agent " + userAgent.toLowerCase(Locale.ROOT) + "]";
    }
}
