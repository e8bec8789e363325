package io.skywire.core.dmsg.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A handler's answer: status, content type, extra header fields and a body of known length, either bytes or a file
 * streamed in chunks. The server adds {@code Date}, {@code Content-Length} and (when it closes the stream)
 * {@code Connection: close}; framing fields ({@code Content-Length}, {@code Transfer-Encoding}) cannot be set.
 */
public final class DmsgHttpResponse {
    /** Chunk size for file bodies: 16 dmsg Noise frames, one yamux write. */
    static final int FILE_CHUNK = 16 * 4070;

    private final int status;
    private final byte[] bytes;
    private final Path file;
    private final long length;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Map<String, String> names = new LinkedHashMap<>();

    private DmsgHttpResponse(int status, String contentType, byte[] bytes, Path file, long length) {
        if (status < 200 || status > 999) {
            throw new IllegalArgumentException("status " + status + " (handlers answer 200..999)");
        }
        this.status = status;
        this.bytes = bytes;
        this.file = file;
        this.length = length;
        if (contentType != null) {
            header("Content-Type", contentType);
        }
    }

    /** A response with {@code body} (null: empty) and {@code contentType} (null: no Content-Type field). */
    public static DmsgHttpResponse of(int status, String contentType, byte[] body) {
        byte[] b = body == null ? new byte[0] : body;
        return new DmsgHttpResponse(status, contentType, b, null, b.length);
    }

    /** A UTF-8 text response ({@code text/plain; charset=utf-8}). */
    public static DmsgHttpResponse text(int status, String text) {
        return of(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON response ({@code application/json}); {@code json} is sent as is (UTF-8). */
    public static DmsgHttpResponse json(int status, String json) {
        return of(status, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * 200 with the content of {@code file}, streamed in chunks when sent; Content-Length is the file's size now.
     * If the file is shorter when sent, the stream is closed after what there was (the client sees a truncated
     * body); if longer, only the first Content-Length bytes are sent.
     *
     * @throws IOException if the file cannot be read or is not a regular file
     */
    public static DmsgHttpResponse file(Path file, String contentType) throws IOException {
        Objects.requireNonNull(file, "file");
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " is not a regular file");
        }
        if (!Files.isReadable(file)) {
            throw new IOException(file + " is not readable");
        }
        return new DmsgHttpResponse(200, contentType, null, file, Files.size(file));
    }

    /**
     * Adds (or replaces) a header field.
     *
     * @return this
     * @throws IllegalArgumentException for an invalid name or value, or a framing field the server owns
     *                                  ({@code Content-Length}, {@code Transfer-Encoding})
     */
    public DmsgHttpResponse header(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (!HttpCodec.isToken(name)) {
            throw new IllegalArgumentException("invalid header field name \"" + HttpCodec.shorten(name) + "\"");
        }
        if (!HttpCodec.isFieldValue(value)) {
            throw new IllegalArgumentException("invalid value for header field " + name);
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("content-length") || lower.equals("transfer-encoding")) {
            throw new IllegalArgumentException(name + " is set by the server");
        }
        String old = names.put(lower, name);
        if (old != null) {
            headers.remove(old);
        }
        headers.put(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    /** The header fields set so far (as named by the handler), without the server's own. */
    public Map<String, String> headers() {
        return Collections.unmodifiableMap(headers);
    }

    /** The value of a field set by the handler (name in any case), or null. */
    public String header(String name) {
        String n = names.get(name.toLowerCase(Locale.ROOT));
        return n == null ? null : headers.get(n);
    }

    /** The body's length in bytes (for a file: its size when this response was made). */
    public long contentLength() {
        return length;
    }

    /** The whole body (a file body is read now); meant for tests and small bodies. */
    public byte[] bodyBytes() throws IOException {
        if (bytes != null) {
            return bytes.clone();
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        writeBody(out);
        return out.toByteArray();
    }

    /** Writes exactly {@link #contentLength()} bytes. @throws EOFException if a file body shrank */
    void writeBody(OutputStream out) throws IOException {
        if (bytes != null) {
            out.write(bytes);
            return;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[(int) Math.min(FILE_CHUNK, Math.max(1, length))];
            long left = length;
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    throw new EOFException(file + " shrank while being sent: " + (length - left) + " of " + length
                            + " bytes");
                }
                out.write(buf, 0, n);
                left -= n;
            }
        }
    }

    @Override
    public String toString() {
        return "DmsgHttpResponse[" + status + ", " + length + " bytes" + (file != null ? " from " + file : "") + "]";
    }
}
