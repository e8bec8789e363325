package io.skywire.sdk.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AppAddrTest {
    private static final String PK = "0385b4a08246a1d7fa5f22841783eaf3caf3bbd89c5c2e1737eef4b2a7bba42205";

    @Test
    void parsesAndPrintsGoForm() {
        AppAddr a = AppAddr.parse(PK.toUpperCase().replace("X", "x") + ":3");
        assertEquals(PK, a.pk());
        assertEquals(3, a.port());
        assertEquals(PK + ":3", a.toString());
    }

    @Test
    void rejectsBadInputWithOneLineReasons() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AppAddr.parse(PK))
                .getMessage().contains("<pk>:<port>"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AppAddr.parse(PK + ":x"))
                .getMessage().contains("invalid port"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AppAddr.parse(PK + ":70000"))
                .getMessage().contains("0..65535"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AppAddr.parse("04" + PK.substring(2) + ":1"))
                .getMessage().contains("invalid public key"));
        assertThrows(IllegalArgumentException.class, () -> AppAddr.parse(PK.substring(1) + ":1"));
        assertThrows(IllegalArgumentException.class, () -> AppAddr.parse(null));
    }

    @Test
    void networkParsing() {
        assertEquals(Network.SKYNET, Network.parse("SkyNet"));
        assertEquals(Network.DMSG, Network.parse("dmsg"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Network.parse("tcp"))
                .getMessage().contains("skynet or dmsg"));
    }
}
