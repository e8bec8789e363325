package io.skywire.core.dmsg.wire;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The request timestamp rule. Go's {@code StreamRequest.Verify(lastTimestamp)} rejects a request whose timestamp is
 * not after {@code lastTimestamp} (dmsg error 301), but both callers (the server relaying a request and the
 * responding client) pass 0 ("TODO: Implement timestamp tracker"), so Go only requires {@code timestamp > 0} and
 * does no replay check. {@link #goCompatible()} does exactly that and is what interop needs.
 *
 * <p>{@link #strict()} is the tracker Go planned: strictly increasing timestamps per tracker (keep one per session
 * and source key). It is an opt-in hardening, not Go behaviour: a Go client dialling several streams at once can
 * deliver requests out of timestamp order (each is stamped before its own yamux stream is written), and a strict
 * tracker rejects the later-delivered, earlier-stamped one. The tracker only advances after the signature verified,
 * so a forged request cannot push it forward.
 *
 * <p>{@link #replayWindow(Duration)} is the default of our server: it accepts what a Go client sends (any order within
 * the window, as concurrent dials produce) but refuses a request it has already seen (same signed bytes) and one
 * stamped more than the window before the newest it accepted — replays and stale requests get 301.
 */
public final class RequestTimestamps {
    private final boolean strict;
    private final long windowNanos;
    private final AtomicLong last = new AtomicLong(0);
    /** Replay window: hashes of accepted requests (as ByteBuffers) and their timestamps, oldest first. */
    private final Set<ByteBuffer> seen = new HashSet<>();
    private final ArrayDeque<Object[]> order = new ArrayDeque<>();

    private RequestTimestamps(boolean strict, long windowNanos) {
        this.strict = strict;
        this.windowNanos = windowNanos;
    }

    private RequestTimestamps(boolean strict) {
        this(strict, 0);
    }

    /**
     * Go-compatible ordering with replay protection: a request is refused (301) if its exact signed bytes were accepted
     * before, or if its timestamp is more than {@code window} older than the newest accepted one.
     */
    public static RequestTimestamps replayWindow(Duration window) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive");
        }
        return new RequestTimestamps(false, window.toNanos());
    }

    /** Go's behaviour: only {@code timestamp > 0} is required. */
    public static RequestTimestamps goCompatible() {
        return new RequestTimestamps(false);
    }

    /** Per-tracker strictly increasing timestamps (not Go behaviour; see the class comment). */
    public static RequestTimestamps strict() {
        return new RequestTimestamps(true);
    }

    /** Whether this tracker enforces strictly increasing timestamps. */
    public boolean isStrict() {
        return strict;
    }

    /** The last accepted timestamp (always 0 for a Go-compatible tracker). */
    public long last() {
        return strict ? last.get() : 0;
    }

    /**
     * Verifies a request as Go's {@code Verify(last())} does (fields, timestamp, signature by the source), then, for a
     * strict tracker, records its timestamp.
     *
     * @throws WireException with the dmsg code of the failed check (301 for an old or replayed timestamp)
     */
    public void verify(SignedObject<StreamRequest> so) throws WireException {
        long previous = last();
        SignedObject.verifyRequest(so, previous);
        if (windowNanos > 0) {
            checkWindow(so);
            return;
        }
        if (!strict) {
            return;
        }
        long ts = so.object().timestamp();
        while (true) {
            long cur = last.get();
            if (ts <= cur) {
                throw new WireException(WireException.REQ_INVALID_TIMESTAMP, "timestamp " + ts + " is not after "
                        + cur);
            }
            if (last.compareAndSet(cur, ts)) {
                return;
            }
        }
    }

    private synchronized void checkWindow(SignedObject<StreamRequest> so) throws WireException {
        long ts = so.object().timestamp();
        long newest = last.get();
        if (newest != 0 && ts < newest - windowNanos) {
            throw new WireException(WireException.REQ_INVALID_TIMESTAMP, "timestamp " + ts + " is more than "
                    + Duration.ofNanos(windowNanos) + " older than the newest request on this session (" + newest
                    + ")");
        }
        ByteBuffer h = ByteBuffer.wrap(so.hash());
        if (seen.contains(h)) {
            throw new WireException(WireException.REQ_INVALID_TIMESTAMP, "replayed request (timestamp " + ts + ")");
        }
        seen.add(h);
        order.addLast(new Object[] {h, ts});
        if (ts > newest) {
            last.set(ts);
            newest = ts;
        }
        // forget what the window check refuses anyway
        while (!order.isEmpty() && (long) order.peekFirst()[1] < newest - windowNanos) {
            seen.remove((ByteBuffer) order.pollFirst()[0]);
        }
    }
}
