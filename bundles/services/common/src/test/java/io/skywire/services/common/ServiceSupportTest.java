package io.skywire.services.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ServiceSupportTest {
    @Test
    void goStyleAddresses() {
        assertEquals(9090, ServiceSupport.parseAddr("127.0.0.1:9090").getPort());
        assertTrue(ServiceSupport.parseAddr("127.0.0.1:9090").getAddress().isLoopbackAddress());
        assertTrue(ServiceSupport.parseAddr(":8081").getAddress().isAnyLocalAddress());
        assertTrue(ServiceSupport.parseAddr("[::1]:1").getAddress().isLoopbackAddress());
        for (String bad : new String[] {"nope", "h:x", "127.0.0.1:70000", null}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServiceSupport.parseAddr(bad));
            assertTrue(e.getMessage().startsWith("invalid"), e.getMessage());
        }
    }
}
