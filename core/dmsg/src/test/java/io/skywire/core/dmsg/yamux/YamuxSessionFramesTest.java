package io.skywire.core.dmsg.yamux;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.skywire.core.dmsg.yamux.YamuxFrame.*;
import static io.skywire.core.dmsg.yamux.YamuxTestSupport.encode;
import static io.skywire.core.dmsg.yamux.YamuxTestSupport.outboundFrames;
import static org.junit.jupiter.api.Assertions.*;

/** Session behaviour frame by frame, against an EmbeddedChannel standing in for the peer. */
@Timeout(10)
class YamuxSessionFramesTest {

    private EmbeddedChannel ch;

    private YamuxSession server(YamuxConfig cfg) {
        ch = new EmbeddedChannel();
        return YamuxSession.server(ch, cfg);
    }

    private YamuxSession client(YamuxConfig cfg) {
        ch = new EmbeddedChannel();
        return YamuxSession.client(ch, cfg);
    }

    private void in(YamuxFrame... frames) {
        ch.writeInbound(encode(frames));
    }

    private static void assertFrame(YamuxFrame f, int type, int flags, long stream, long length) {
        assertEquals(type, f.type(), f::toString);
        assertEquals(flags, f.flags(), f::toString);
        assertEquals(stream, f.streamId(), f::toString);
        assertEquals(length, f.length(), f::toString);
    }

    private void assertProtocolErrorClose(YamuxSession s, String messagePart) {
        List<YamuxFrame> out = outboundFrames(ch);
        assertFalse(out.isEmpty(), "expected a GoAway");
        assertFrame(out.getLast(), TYPE_GO_AWAY, 0, 0, GO_AWAY_PROTO_ERR);
        assertTrue(s.isClosed());
        assertFalse(ch.isOpen());
        YamuxException cause = assertInstanceOf(YamuxException.class, s.closeCause());
        assertEquals(YamuxException.Reason.PROTOCOL_ERROR, cause.reason());
        assertTrue(cause.getMessage().contains(messagePart), cause.getMessage());
    }

    @Test
    void pingSynIsAnsweredWithAckEchoingTheOpaqueValue() {
        YamuxSession s = server(YamuxTestSupport.noKeepAlive());
        in(ping(FLAG_SYN, 0xCAFEBABEL));
        List<YamuxFrame> out = outboundFrames(ch);
        assertEquals(1, out.size());
        assertFrame(out.get(0), TYPE_PING, FLAG_ACK, 0, 0xCAFEBABEL);
        assertFalse(s.isClosed());
    }

    @Test
    void incomingSynWaitsInTheBacklogAndIsAckedByAccept() throws Exception {
        YamuxSession s = server(YamuxTestSupport.noKeepAlive());
        in(windowUpdate(1, FLAG_SYN, 0), data(1, 0, Unpooled.wrappedBuffer("hi".getBytes())));
        assertTrue(outboundFrames(ch).isEmpty(), "Go sends the ACK from AcceptStream, not on receipt");
        assertEquals(1, s.pendingAccepts());
        assertEquals(1, s.numStreams());
        YamuxStream st = s.accept();
        assertEquals(1, st.id());
        List<YamuxFrame> out = outboundFrames(ch);
        assertEquals(1, out.size());
        assertFrame(out.get(0), TYPE_WINDOW_UPDATE, FLAG_ACK, 1, 0);
        byte[] buf = new byte[10];
        assertEquals(2, st.read(buf, 0, 10));
        assertEquals("hi", new String(buf, 0, 2));
        assertThrows(java.net.SocketTimeoutException.class, () -> s.accept(Duration.ZERO));
    }

    @Test
    void windowUpdatesFollowTheGoHalfWindowRule() throws Exception {
        YamuxSession s = server(YamuxTestSupport.noKeepAlive());
        in(windowUpdate(1, FLAG_SYN, 0));
        YamuxStream st = s.accept();
        outboundFrames(ch);
        byte[] chunk = new byte[100 * 1024];
        in(data(1, 0, Unpooled.wrappedBuffer(chunk)));
        assertEquals(chunk.length, st.read(new byte[chunk.length], 0, chunk.length));
        assertTrue(outboundFrames(ch).isEmpty(), "100 KiB consumed < half of 256 KiB: no update");
        in(data(1, 0, Unpooled.wrappedBuffer(chunk)));
        assertEquals(chunk.length, st.read(new byte[chunk.length], 0, chunk.length));
        List<YamuxFrame> out = outboundFrames(ch);
        assertEquals(1, out.size());
        assertFrame(out.get(0), TYPE_WINDOW_UPDATE, 0, 1, 200 * 1024);
        // the peer may now send a full window again
        in(data(1, 0, Unpooled.wrappedBuffer(new byte[256 * 1024])));
        assertFalse(s.isClosed());
        assertEquals(256 * 1024, st.available());
    }

    @Test
    void dataForAnUnknownStreamIsDiscardedLikeGo() {
        YamuxSession s = server(YamuxTestSupport.noKeepAlive());
        in(data(5, 0, Unpooled.wrappedBuffer(new byte[1000])), windowUpdate(7, 0, 100),
                windowUpdate(9, FLAG_FIN, 0), ping(FLAG_SYN, 1));
        List<YamuxFrame> out = outboundFrames(ch);
        assertEquals(1, out.size(), "only the ping answer; no RST, no GoAway");
        assertFrame(out.get(0), TYPE_PING, FLAG_ACK, 0, 1);
        assertFalse(s.isClosed());
        assertEquals(0, s.numStreams());
        assertEquals(0, s.bufferedBytes());
    }

    @Test
    void exceedingTheReceiveWindowIsAProtocolError() {
        YamuxSession s = server(YamuxTestSupport.noKeepAlive());
        in(windowUpdate(1, FLAG_SYN, 0), data(1, 0, Unpooled.wrappedBuffer(new byte[256 * 1024])));
        assertFalse(s.isClosed());
        in(data(1, 0, Unpooled.wrappedBuffer(new byte[1])));
        assertProtocolErrorClose(s, "recv window exceeded");
    }

    @Test
    void oversizedDataFrameIsAProtocolError() {
        YamuxSession s = server(YamuxTestSupport.noKeepAlive());
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 0, 0, 0, 0, 1, 0, 4, 0, 1}));
        assertProtocolErrorClose(s, "exceeds the maximum receive window");
    }

    @Test
    void badVersionIsAProtocolError() {
        YamuxSession s = server(YamuxTestSupport.noKeepAlive());
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {1, 2, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0}));
        assertProtocolErrorClose(s, "invalid protocol version");
    }

    @Test
    void unknownTypeIsAProtocolError() {
        YamuxSession s = client(YamuxTestSupport.noKeepAlive());
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
        assertProtocolErrorClose(s, "invalid msg type");
    }

    @Test
    void duplicateSynIsAProtocolError() {
        YamuxSession s = server(YamuxTestSupport.noKeepAlive());
        in(windowUpdate(1, FLAG_SYN, 0));
        in(windowUpdate(1, FLAG_SYN, 0));
        assertProtocolErrorClose(s, "duplicate stream");
    }

    @Test
    void synWithOurOwnIdParityOrOnStreamZeroIsAProtocolError() {
        YamuxSession s = server(YamuxTestSupport.noKeepAlive());
        in(windowUpdate(2, FLAG_SYN, 0));
        assertProtocolErrorClose(s, "parity");
        YamuxSession c = client(YamuxTestSupport.noKeepAlive());
        in(data(0, FLAG_SYN, Unpooled.EMPTY_BUFFER));
        assertProtocolErrorClose(c, "stream 0");
    }

    @Test
    void framesRacingWithOurResetAreIgnoredNotFatal() throws Exception {
        YamuxSession s = server(YamuxTestSupport.noKeepAlive());
        in(windowUpdate(1, FLAG_SYN, 0));
        YamuxStream st = s.accept();
        outboundFrames(ch);
        st.reset();
        // the event loop had already looked the stream up when the peer's FIN and data arrived
        st.onWindowUpdate(FLAG_FIN, 0);
        io.netty.buffer.ByteBuf late = Unpooled.wrappedBuffer(new byte[300 * 1024]);
        st.onData(FLAG_FIN, late);
        assertEquals(0, late.refCnt(), "late data is released");
        assertFalse(s.isClosed(), "a FIN for a stream we reset must not kill the session: " + s.closeCause());
        in(windowUpdate(3, FLAG_SYN, 0));
        assertEquals(3, s.accept().id());
    }

    @Test
    void unexpectedFinIsAProtocolError() {
        YamuxSession s = server(YamuxTestSupport.noKeepAlive());
        in(windowUpdate(1, FLAG_SYN, 0), windowUpdate(1, FLAG_FIN, 0));
        assertFalse(s.isClosed());
        in(windowUpdate(1, FLAG_FIN, 0));
        assertProtocolErrorClose(s, "unexpected FIN");
    }

    @Test
    void sendWindowOverflowIsAProtocolError() throws Exception {
        YamuxSession s = server(YamuxTestSupport.noKeepAlive());
        in(windowUpdate(1, FLAG_SYN, 0));
        s.accept();
        in(windowUpdate(1, 0, 0xFFFF_FFFFL));
        assertProtocolErrorClose(s, "overflows");
    }

    @Test
    void backlogOverflowIsAnsweredWithRst() {
        YamuxSession s = server(YamuxTestSupport.noKeepAlive().withAcceptBacklog(2));
        in(windowUpdate(1, FLAG_SYN, 0), windowUpdate(3, FLAG_SYN, 0), windowUpdate(5, FLAG_SYN, 0));
        List<YamuxFrame> out = outboundFrames(ch);
        assertEquals(1, out.size());
        assertFrame(out.get(0), TYPE_WINDOW_UPDATE, FLAG_RST, 5, 0);
        assertEquals(2, s.pendingAccepts());
        assertEquals(2, s.numStreams());
        assertFalse(s.isClosed());
    }

    @Test
    void afterLocalGoAwayNewStreamsAreReset() {
        YamuxSession s = server(YamuxTestSupport.noKeepAlive());
        s.goAway();
        in(windowUpdate(1, FLAG_SYN, 0), data(1, 0, Unpooled.wrappedBuffer(new byte[10])));
        List<YamuxFrame> out = outboundFrames(ch);
        assertEquals(2, out.size());
        assertFrame(out.get(0), TYPE_GO_AWAY, 0, 0, GO_AWAY_NORMAL);
        assertFrame(out.get(1), TYPE_WINDOW_UPDATE, FLAG_RST, 1, 0);
        assertEquals(0, s.numStreams());
        assertFalse(s.isClosed());
    }

    @Test
    void remoteGoAwayNormalStopsOpensAndOtherCodesCloseTheSession() {
        YamuxSession s = client(YamuxTestSupport.noKeepAlive());
        in(goAway(GO_AWAY_NORMAL));
        assertTrue(s.isRemoteGoAway());
        assertFalse(s.isClosed());
        ExecutionException e = assertThrows(ExecutionException.class, () -> s.openStream().get());
        assertEquals(YamuxException.Reason.REMOTE_GO_AWAY, ((YamuxException) e.getCause()).reason());

        YamuxSession s2 = client(YamuxTestSupport.noKeepAlive());
        in(goAway(GO_AWAY_PROTO_ERR));
        assertTrue(s2.isClosed());
        assertEquals(YamuxException.Reason.PROTOCOL_ERROR, ((YamuxException) s2.closeCause()).reason());
        assertTrue(outboundFrames(ch).isEmpty(), "no GoAway answered to a GoAway");

        YamuxSession s3 = client(YamuxTestSupport.noKeepAlive());
        in(goAway(GO_AWAY_INTERNAL_ERR));
        assertTrue(s3.isClosed());
        assertTrue(s3.closeCause().getMessage().contains("internal error"));
    }

    @Test
    void openStreamUsesRoleParityAndCompletesOnAckOrFailsOnRst() throws Exception {
        YamuxSession c = client(YamuxTestSupport.noKeepAlive());
        CompletableFuture<YamuxStream> a = c.openStream();
        CompletableFuture<YamuxStream> b = c.openStream();
        List<YamuxFrame> out = outboundFrames(ch);
        assertEquals(2, out.size());
        assertFrame(out.get(0), TYPE_WINDOW_UPDATE, FLAG_SYN, 1, 0);
        assertFrame(out.get(1), TYPE_WINDOW_UPDATE, FLAG_SYN, 3, 0);
        assertFalse(a.isDone());
        in(windowUpdate(1, FLAG_ACK, 0));
        assertEquals(1, a.get().id());
        in(windowUpdate(3, FLAG_RST, 0));
        ExecutionException e = assertThrows(ExecutionException.class, b::get);
        assertEquals(YamuxException.Reason.STREAM_RESET, ((YamuxException) e.getCause()).reason());
        assertEquals(1, c.numStreams());

        YamuxSession s = server(YamuxTestSupport.noKeepAlive());
        s.openStream();
        s.openStream();
        out = outboundFrames(ch);
        assertFrame(out.get(0), TYPE_WINDOW_UPDATE, FLAG_SYN, 2, 0);
        assertFrame(out.get(1), TYPE_WINDOW_UPDATE, FLAG_SYN, 4, 0);
    }

    @Test
    void opensBeyondTheBacklogWaitForSynSlots() {
        YamuxSession c = client(YamuxTestSupport.noKeepAlive().withAcceptBacklog(2));
        CompletableFuture<YamuxStream> a = c.openStream();
        c.openStream();
        CompletableFuture<YamuxStream> third = c.openStream();
        assertEquals(2, outboundFrames(ch).size());
        in(windowUpdate(1, FLAG_ACK, 0));
        assertTrue(a.isDone());
        List<YamuxFrame> out = outboundFrames(ch);
        assertEquals(1, out.size());
        assertFrame(out.get(0), TYPE_WINDOW_UPDATE, FLAG_SYN, 5, 0);
        assertFalse(third.isDone());
    }

    @Test
    void unansweredOpenClosesTheSessionAfterStreamOpenTimeout() {
        YamuxSession c = client(YamuxTestSupport.noKeepAlive());
        CompletableFuture<YamuxStream> f = c.openStream();
        ch.advanceTimeBy(74, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertFalse(c.isClosed());
        ch.advanceTimeBy(2, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertTrue(c.isClosed());
        ExecutionException e = assertThrows(ExecutionException.class, f::get);
        assertEquals(YamuxException.Reason.STREAM_OPEN_TIMEOUT, ((YamuxException) e.getCause()).reason());
        assertFalse(ch.isOpen());
    }

    @Test
    void keepAlivePingsEvery30sAndClosesWhenUnanswered() {
        YamuxSession s = client(YamuxConfig.defaults());
        ch.advanceTimeBy(30, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        List<YamuxFrame> out = outboundFrames(ch);
        assertEquals(1, out.size());
        assertFrame(out.get(0), TYPE_PING, FLAG_SYN, 0, 0);
        in(ping(FLAG_ACK, 0));
        ch.advanceTimeBy(30, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        out = outboundFrames(ch);
        assertEquals(1, out.size());
        assertFrame(out.get(0), TYPE_PING, FLAG_SYN, 0, 1);
        ch.advanceTimeBy(11, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertTrue(s.isClosed());
        assertEquals(YamuxException.Reason.KEEPALIVE_TIMEOUT, ((YamuxException) s.closeCause()).reason());
    }

    @Test
    void halfClosesFromBothSidesRemoveTheStream() throws Exception {
        YamuxSession s = server(YamuxTestSupport.noKeepAlive());
        in(windowUpdate(1, FLAG_SYN, 0));
        YamuxStream st = s.accept();
        in(data(1, FLAG_FIN, Unpooled.wrappedBuffer(new byte[] {7})));
        byte[] b = new byte[4];
        assertEquals(1, st.read(b, 0, 4));
        assertEquals(-1, st.read(b, 0, 4));
        assertEquals(1, s.numStreams());
        st.outputStream().write(new byte[] {1, 2});
        st.closeWrite();
        assertEquals(0, s.numStreams());
        List<YamuxFrame> out = outboundFrames(ch);
        assertFrame(out.get(0), TYPE_WINDOW_UPDATE, FLAG_ACK, 1, 0);
        assertFrame(out.get(1), TYPE_DATA, 0, 1, 2);
        assertFrame(out.get(2), TYPE_WINDOW_UPDATE, FLAG_FIN, 1, 0);
        assertThrows(YamuxException.class, () -> st.write(new byte[1], 0, 1));
    }

    @Test
    void localCloseWithoutPeerFinIsResetAfterStreamCloseTimeout() throws Exception {
        YamuxSession s = server(YamuxTestSupport.noKeepAlive());
        in(windowUpdate(1, FLAG_SYN, 0));
        YamuxStream st = s.accept();
        st.close();
        outboundFrames(ch);
        assertEquals(1, s.numStreams());
        ch.advanceTimeBy(5, TimeUnit.MINUTES);
        ch.runScheduledPendingTasks();
        List<YamuxFrame> out = outboundFrames(ch);
        assertEquals(1, out.size());
        assertFrame(out.get(0), TYPE_WINDOW_UPDATE, FLAG_RST, 1, 0);
        assertEquals(0, s.numStreams());
    }

    @Test
    void blockingOnTheEventLoopIsRefusedInsteadOfDeadlocking() throws Exception {
        YamuxSession s = server(YamuxTestSupport.noKeepAlive());
        assertThrows(IllegalStateException.class, s::accept);
        in(windowUpdate(1, FLAG_SYN, 0));
        YamuxStream st = s.accept();
        assertThrows(IllegalStateException.class, () -> st.read(new byte[1], 0, 1));
    }

    @Test
    void closeSendsGoAwayNormalAndFailsEverything() throws Exception {
        YamuxSession s = server(YamuxTestSupport.noKeepAlive());
        in(windowUpdate(1, FLAG_SYN, 0), data(1, 0, Unpooled.wrappedBuffer(new byte[] {1, 2, 3})));
        YamuxStream st = s.accept();
        outboundFrames(ch);
        s.close();
        List<YamuxFrame> out = outboundFrames(ch);
        assertFrame(out.getLast(), TYPE_GO_AWAY, 0, 0, GO_AWAY_NORMAL);
        assertFalse(ch.isOpen());
        assertTrue(s.closeFuture().isDone());
        assertEquals(3, st.read(new byte[8], 0, 8), "data received before the close stays readable");
        YamuxException e = assertThrows(YamuxException.class, () -> st.read(new byte[8], 0, 8));
        assertEquals(YamuxException.Reason.SESSION_SHUTDOWN, e.reason());
        assertThrows(YamuxException.class, () -> st.write(new byte[1], 0, 1));
        assertThrows(ExecutionException.class, () -> s.openStream().get());
        assertThrows(YamuxException.class, s::accept);
    }
}
