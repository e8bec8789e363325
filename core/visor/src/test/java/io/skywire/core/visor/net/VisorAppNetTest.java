package io.skywire.core.visor.net;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skywire.core.dmsg.session.DmsgException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

class VisorAppNetTest {
    @Test
    void dialTimeoutsBecomeSocketTimeoutsAndTheRestConnectExceptions() {
        SocketTimeoutException deep = new SocketTimeoutException("opening a stream");
        deep.initCause(new java.util.concurrent.TimeoutException());
        DmsgException timedOut = new DmsgException("dial x: opening a stream timed out", deep);
        assertInstanceOf(SocketTimeoutException.class, VisorAppNet.translate("dial dmsg://x", timedOut));
        DmsgException wrapped = new DmsgException("dial x failed", new DmsgException("inner", deep));
        assertInstanceOf(SocketTimeoutException.class, VisorAppNet.translate("dial dmsg://x", wrapped));

        DmsgException refused = new DmsgException(306, "dial x");
        java.io.IOException r = VisorAppNet.translate("dial dmsg://x", refused);
        assertInstanceOf(ConnectException.class, r);
        assertTrue(r.getMessage().startsWith("dial dmsg://x: dmsg error 306"), r.getMessage());
    }
}
