package io.skywire.core.dmsg.http;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.skywire.core.dmsg.session.DmsgException;
import io.skywire.core.dmsg.session.DmsgStream;

/**
 * Serves a {@link DmsgHttpHandler} over HTTP/1.1 on the dmsg streams an {@link Acceptor} hands out (Go's
 * {@code dmsghttp.ListenAndServe}: {@code net/http}'s server on a dmsg listener). One virtual thread per stream;
 * requests on a stream are answered in order (keep-alive, {@code Connection: close} honoured, HTTP/1.0 closes
 * unless asked to keep alive). The wire rules, limits and differences from Go are in {@code docs/protocol.md}
 * ("dmsghttp").
 *
 * <p>The server does not own the acceptor: close the listener yourself after {@link #close()} (close() interrupts
 * the accept loop, and closes the acceptor if it is {@link Closeable}).
 */
public final class DmsgHttpServer implements Closeable {
    private static final System.Logger LOG = System.getLogger(DmsgHttpServer.class.getName());

    /** Where streams come from; {@code DmsgNetworkListener::accept} fits. */
    @FunctionalInterface
    public interface Acceptor {
        DmsgStream accept() throws IOException;
    }

    /**
     * @param maxHeaderBytes    largest request head (request line, fields, empty line); larger: 431
     * @param headerTimeout     time to read a request head, from accepting the stream or from the first byte of a
     *                          later request (Go's ReadHeaderTimeout)
     * @param idleTimeout       how long a kept-alive stream may wait for its next request (Go's IdleTimeout)
     * @param bodyTimeout       time to read a request body
     * @param maxBodyBytes      largest request body (bodies are read into memory); larger: 413
     * @param writeStallTimeout longest a response write may block (the peer not reading); the stream is closed then
     */
    public record Limits(int maxHeaderBytes, Duration headerTimeout, Duration idleTimeout, Duration bodyTimeout,
                         long maxBodyBytes, Duration writeStallTimeout) {
        public Limits {
            if (maxHeaderBytes < 64 || maxBodyBytes < 0) {
                throw new IllegalArgumentException("limits too small");
            }
            for (Duration d : new Duration[] {headerTimeout, idleTimeout, bodyTimeout, writeStallTimeout}) {
                if (d == null || d.isNegative() || d.isZero()) {
                    throw new IllegalArgumentException("timeouts must be positive");
                }
            }
        }

        /** 8 KiB heads read within 2 s, 30 s idle keep-alive, 4 MiB bodies within 30 s, writes stalled 30 s. */
        public static Limits defaults() {
            return new Limits(HttpCodec.MAX_REQUEST_HEAD, Duration.ofSeconds(2), Duration.ofSeconds(30),
                    Duration.ofSeconds(30), 4L << 20, Duration.ofSeconds(30));
        }
    }

    private final Acceptor acceptor;
    private final DmsgHttpHandler handler;
    private final Limits limits;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong served = new AtomicLong();
    private volatile boolean closed;
    private Thread acceptThread;

    /** A server with {@link Limits#defaults()}; call {@link #start()}. */
    public DmsgHttpServer(Acceptor acceptor, DmsgHttpHandler handler) {
        this(acceptor, handler, Limits.defaults());
    }

    public DmsgHttpServer(Acceptor acceptor, DmsgHttpHandler handler, Limits limits) {
        this.acceptor = Objects.requireNonNull(acceptor, "acceptor");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** Starts accepting on a virtual thread; returns at once. */
    public synchronized DmsgHttpServer start() {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (acceptThread == null) {
            acceptThread = Thread.ofVirtual().name("dmsghttp-accept").start(this::acceptLoop);
        }
        return this;
    }

    /** Streams currently open. */
    public int connectionCount() {
        return connections.size();
    }

    /** Requests answered so far (including error answers). */
    public long requestsServed() {
        return served.get();
    }

    /** Stops accepting and closes every open stream (requests in progress are cut). */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            t = acceptThread;
        }
        if (acceptor instanceof Closeable c) {
            try {
                c.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "dmsghttp: closing the acceptor: {0}", e.toString());
            }
        }
        if (t != null) {
            t.interrupt();
        }
        for (Connection c : new ArrayList<>(connections)) {
            c.stream.close();
            connections.remove(c);
        }
        if (t != null) {
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void acceptLoop() {
        while (!closed) {
            DmsgStream s;
            try {
                s = acceptor.accept();
            } catch (SocketTimeoutException e) {
                continue;
            } catch (InterruptedIOException e) {
                break;
            } catch (DmsgException e) {
                if (e.code() == 200) {
                    LOG.log(System.Logger.Level.DEBUG, "dmsghttp: listener closed, no longer accepting");
                    break;
                }
                if (!pauseAfter(e)) {
                    break;
                }
                continue;
            } catch (IOException | RuntimeException e) {
                if (!pauseAfter(e)) {
                    break;
                }
                continue;
            }
            if (s == null) {
                continue;
            }
            Connection c = new Connection(s);
            connections.add(c);
            if (closed) {
                s.close();
                connections.remove(c);
                break;
            }
            Thread.ofVirtual().name("dmsghttp-" + s.remoteAddr()).start(c::serve);
        }
    }

    /** Logs an accept failure and waits a little (no busy loop on a broken acceptor); false if closed meanwhile. */
    private boolean pauseAfter(Exception e) {
        if (closed) {
            return false;
        }
        LOG.log(System.Logger.Level.WARNING, "dmsghttp: accept failed: {0}", e.toString());
        try {
            Thread.sleep(100);
        } catch (InterruptedException ie) {
            return false;
        }
        return !closed;
    }

    /** One stream: requests read and answered in order until either side closes or a limit is hit. */
    private final class Connection {
        private final DmsgStream stream;
        private final Instant acceptedAt = Instant.now();

        Connection(DmsgStream stream) {
            this.stream = stream;
        }

        void serve() {
            InputStream in = new BufferedInputStream(stream.inputStream(), 16 * 1024);
            OutputStream out = new BufferedOutputStream(new StallGuard(stream, limits.writeStallTimeout()),
                    DmsgHttpResponse.FILE_CHUNK);
            try {
                boolean first = true;
                while (!closed) {
                    if (first) {
                        stream.setReadDeadline(acceptedAt.plus(limits.headerTimeout()));
                        first = false;
                    } else {
                        // wait for the next request's first byte, then give it the header timeout
                        stream.setReadDeadline(Instant.now().plus(limits.idleTimeout()));
                        in.mark(1);
                        if (in.read() < 0) {
                            return;
                        }
                        in.reset();
                        stream.setReadDeadline(Instant.now().plus(limits.headerTimeout()));
                    }
                    if (!serveOne(in, out)) {
                        return;
                    }
                }
            } catch (SocketTimeoutException e) {
                LOG.log(System.Logger.Level.DEBUG, "dmsghttp {0}: timed out", stream.remoteAddr());
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "dmsghttp {0}: {1}", stream.remoteAddr(), e.toString());
            } finally {
                try {
                    out.flush();
                } catch (IOException ignored) {
                    // the stream is gone
                }
                stream.close();
                connections.remove(this);
            }
        }

        /** Reads and answers one request. @return whether to keep the stream for another */
        private boolean serveOne(InputStream in, OutputStream out) throws IOException {
            String method;
            HttpCodec.Target target;
            HttpCodec.Fields fields;
            boolean keepAlive;
            byte[] body;
            try {
                List<String> head = HttpCodec.readHead(in, limits.maxHeaderBytes(), true);
                if (head == null) {
                    return false;
                }
                HttpCodec.RequestLine rl = HttpCodec.parseRequestLine(head.get(0));
                method = rl.method();
                fields = HttpCodec.parseFields(head, 1);
                target = HttpCodec.parseTarget(rl.target());
                long length = HttpCodec.requestBodyLength(fields);
                keepAlive = rl.minorVersion() >= 1 ? !fields.hasToken("connection", "close")
                        : fields.hasToken("connection", "keep-alive");
                String expect = fields.get("expect");
                boolean continueWanted = false;
                if (expect != null) {
                    if (!expect.equalsIgnoreCase("100-continue")) {
                        throw new HttpCodec.BadMessage(417, "unsupported Expect \"" + HttpCodec.shorten(expect)
                                + "\"");
                    }
                    continueWanted = rl.minorVersion() >= 1 && length != 0;
                }
                if (length > limits.maxBodyBytes()) {
                    throw new HttpCodec.BadMessage(413, "request body of " + length + " bytes, more than "
                            + limits.maxBodyBytes());
                }
                if (continueWanted) {
                    out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
                stream.setReadDeadline(length == 0 ? null : Instant.now().plus(limits.bodyTimeout()));
                body = HttpCodec.readBody(in, length, limits.maxBodyBytes());
                stream.setReadDeadline(null);
            } catch (HttpCodec.BadMessage e) {
                LOG.log(System.Logger.Level.DEBUG, "dmsghttp {0}: bad request: {1}", stream.remoteAddr(),
                        e.getMessage());
                DmsgHttpResponse r = DmsgHttpResponse.text(e.status, e.status + " " + HttpCodec.reason(e.status)
                        + ": " + e.getMessage());
                write(r, false, false, out);
                return false;
            }

            DmsgHttpRequest req = new DmsgHttpRequest(method, target.path(), target.rawQuery(), fields.toMap(), body,
                    stream.remoteAddr());
            DmsgHttpResponse resp;
            try {
                resp = handler.handle(req);
                if (resp == null) {
                    resp = DmsgHttpResponse.text(404, "404 page not found");
                }
            } catch (Exception | StackOverflowError | AssertionError | LinkageError e) {
                LOG.log(System.Logger.Level.WARNING, "dmsghttp: handler failed on " + method + " " + target.path()
                        + " from " + stream.remoteAddr(), e);
                resp = DmsgHttpResponse.text(500, "500 internal server error");
            }
            String connection = resp.header("Connection");
            if (connection != null && connection.toLowerCase(java.util.Locale.ROOT).contains("close")) {
                keepAlive = false;
            }
            write(resp, "HEAD".equals(method), keepAlive, out);
            return keepAlive;
        }

        private void write(DmsgHttpResponse r, boolean head, boolean keepAlive, OutputStream out) throws IOException {
            int status = r.status();
            List<String[]> fields = new ArrayList<>();
            if (r.header("Date") == null) {
                fields.add(new String[] {"Date", HttpCodec.httpDate(Instant.now())});
            }
            boolean bodiless = HttpCodec.isBodiless(status);
            if (!bodiless) {
                fields.add(new String[] {"Content-Length", Long.toString(r.contentLength())});
            }
            if (!keepAlive && r.header("Connection") == null) {
                fields.add(new String[] {"Connection", "close"});
            }
            r.headers().forEach((k, v) -> fields.add(new String[] {k, v}));
            String reason = HttpCodec.reason(status);
            HttpCodec.writeHead(out, "HTTP/1.1 " + status + (reason.isEmpty() ? " " : " " + reason), fields);
            served.incrementAndGet();
            if (!head && !bodiless) {
                r.writeBody(out);
            }
            out.flush();
        }
    }

    /** The stream's output with a write deadline renewed before every write: a stall, not a slow peer, fails. */
    private static final class StallGuard extends OutputStream {
        private final DmsgStream stream;
        private final Duration stall;

        StallGuard(DmsgStream stream, Duration stall) {
            this.stream = stream;
            this.stall = stall;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            stream.setWriteDeadline(Instant.now().plus(stall));
            stream.write(b, off, len);
        }
    }
}
