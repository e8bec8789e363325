package io.skywire.core.dmsg.wire;

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
 */
public final class RequestTimestamps {
    private final boolean strict;
    private final AtomicLong last = new AtomicLong(0);

    private RequestTimestamps(boolean strict) {
        this.strict = strict;
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
}
