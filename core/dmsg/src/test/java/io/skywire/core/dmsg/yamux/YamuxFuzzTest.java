package io.skywire.core.dmsg.yamux;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Arbitrary bytes into decoder + session (EmbeddedChannel): nothing but the session's own protocol-error
 * handling may happen, and memory stays bounded by the windows and the backlog.
 *
 * <p>{@code @FuzzTest} runs its seed inputs in a normal build and fuzzes with {@code JAZZER_FUZZ=1}; the
 * plain {@code @Test} below runs the same target on a few thousand generated frame sequences every build.
 */
class YamuxFuzzTest {
    private static final int BACKLOG = 4;
    private static final YamuxConfig CFG = YamuxTestSupport.noKeepAlive().withAcceptBacklog(BACKLOG);

    @FuzzTest(maxDuration = "30s")
    void decoderAndSessionSurviveArbitraryInput(byte[] input) {
        run(input);
    }

    @Test
    @Timeout(20)
    void generatedAndMutatedFrameSequences() {
        SplittableRandom rnd = new SplittableRandom(20241019);
        for (int i = 0; i < 4000; i++) {
            run(generate(rnd));
        }
    }

    static void run(byte[] input) {
        boolean client = input.length > 0 && (input[0] & 1) == 1;
        EmbeddedChannel ch = new EmbeddedChannel();
        YamuxSession s = client ? YamuxSession.client(ch, CFG) : YamuxSession.server(ch, CFG);
        List<YamuxStream> accepted = new ArrayList<>();
        byte[] buf = new byte[1024];
        long fed = 0;
        long written = 0;
        int pos = Math.min(1, input.length);
        while (pos < input.length && ch.isOpen()) {
            int n = Math.min(input.length - pos, 1 + (input[pos] & 0x3F));
            ch.writeInbound(Unpooled.wrappedBuffer(input, pos, n));
            fed += n;
            pos += n;
            try {
                while (s.pendingAccepts() > 0) {
                    accepted.add(s.accept());
                }
                for (YamuxStream st : accepted) {
                    if (st.available() > 0) {
                        st.read(buf, 0, 1 + (n * 31) % buf.length);
                    }
                }
                if (!accepted.isEmpty() && (n & 3) == 0) {
                    accepted.get(n % accepted.size()).write(buf, 0, n);
                }
                if (!accepted.isEmpty() && n == 7) {
                    accepted.get(0).closeWrite();
                }
                if (!accepted.isEmpty() && n == 11) {
                    accepted.getLast().reset();
                }
            } catch (IllegalStateException e) {
                // would have to block (window exhausted): expected on the event loop
            } catch (IOException e) {
                // stream reset / closed / session gone: the peer's doing
            }
            Object o;
            while ((o = ch.readOutbound()) != null) {
                written += ((ByteBuf) o).readableBytes();
                ((ByteBuf) o).release();
            }
            long max = CFG.maxStreamWindowSize();
            assertTrue(s.bufferedBytes() <= (long) s.numStreams() * max, "buffered beyond the windows");
            assertTrue(s.pendingAccepts() <= BACKLOG, "accept backlog overflow");
            assertTrue(s.numStreams() <= fed / 12 + 1, "more streams than SYN frames");
            assertTrue(written <= 3 * fed + 64L * 1024 + 64, "output out of proportion to input: " + written);
        }
        ch.finishAndReleaseAll();
        assertTrue(s.isClosed());
        Throwable cause = s.closeCause();
        YamuxException ye = assertInstanceOf(YamuxException.class, cause);
        Throwable inner = ye.getCause();
        if (inner != null && !(inner instanceof YamuxProtocolException)) {
            throw new AssertionError("unexpected exception inside the session", inner);
        }
    }

    /** Mostly well-formed frames for small stream ids, then random damage. */
    private static byte[] generate(SplittableRandom rnd) {
        ByteBuf b = Unpooled.buffer();
        b.writeByte(rnd.nextInt(256));
        int frames = 1 + rnd.nextInt(40);
        for (int i = 0; i < frames; i++) {
            int type = rnd.nextInt(10) == 0 ? rnd.nextInt(256) : rnd.nextInt(4);
            int flags = rnd.nextInt(5) == 0 ? rnd.nextInt(65536) : 1 << rnd.nextInt(4) & (rnd.nextBoolean() ? 1 : 15);
            int id = rnd.nextInt(6) == 0 ? rnd.nextInt() : rnd.nextInt(10);
            int version = rnd.nextInt(50) == 0 ? 1 : 0;
            b.writeByte(version).writeByte(type).writeShort(flags).writeInt(id);
            if (type == 0) {
                int len = rnd.nextInt(8) == 0 ? 200_000 + rnd.nextInt(100_000) : rnd.nextInt(600);
                b.writeInt(len);
                byte[] payload = new byte[rnd.nextInt(20) == 0 ? rnd.nextInt(len + 1) : len];
                rnd.nextBytes(payload);
                b.writeBytes(payload);
            } else {
                b.writeInt(rnd.nextInt(5) == 0 ? rnd.nextInt() : rnd.nextInt(300_000));
            }
        }
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        int damage = rnd.nextInt(4);
        for (int i = 0; i < damage && out.length > 1; i++) {
            out[1 + rnd.nextInt(out.length - 1)] ^= (byte) (1 << rnd.nextInt(8));
        }
        if (rnd.nextInt(5) == 0 && out.length > 2) {
            out = java.util.Arrays.copyOf(out, 1 + rnd.nextInt(out.length - 1));
        }
        return out;
    }
}
