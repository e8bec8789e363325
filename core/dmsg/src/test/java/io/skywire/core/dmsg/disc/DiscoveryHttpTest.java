package io.skywire.core.dmsg.disc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Go's discovery API shapes and its server-side rules that live outside Entry. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class DiscoveryHttpTest {

    @Test
    void loopbackRuleIsGosIsLoopbackAddr() {
        Map<String, Boolean> cases = Map.ofEntries(
                Map.entry("127.0.0.1:8081", true), Map.entry("127.255.0.9:1", true), Map.entry(":8081", true),
                Map.entry("[]:1", true), Map.entry("[::1]:1", true), Map.entry("[0:0:0:0:0:0:0:1]:5", true),
                Map.entry("[::ffff:127.0.0.2]:1", true), Map.entry("[::ffff:7f00:1]:1", true),
                Map.entry("[0::1]:7", true),
                // not loopback for Go
                Map.entry("localhost:1", false), Map.entry("127.1:80", false), Map.entry("0127.0.0.1:1", false),
                Map.entry("1.2.3.4:80", false), Map.entry("[::]:1", false), Map.entry("[::2]:1", false),
                Map.entry("[::1%lo]:1", false), Map.entry("[fe80::1]:1", false), Map.entry("[1::2::1]:1", false),
                Map.entry("[::1:2:3:4:5:6:7:8]:1", false), Map.entry("[1:2:3:4:5:6:7:8]:1", false),
                Map.entry("[::127.0.0.1]:1", false),
                // SplitHostPort errors: not loopback either (Go lets them through)
                Map.entry("127.0.0.1", false), Map.entry("::1:80", false), Map.entry("[::1]", false),
                Map.entry("[::1]x:1", false), Map.entry("[::1:1", false), Map.entry("a]:1", false),
                Map.entry("", false));
        cases.forEach((addr, loop) -> assertEquals(loop, DiscoveryHttp.isLoopbackAddress(addr), addr));
        assertEquals(false, DiscoveryHttp.isLoopbackAddress(null));
    }

    @Test
    void ipParsingFollowsGo() {
        assertEquals(4, DiscoveryHttp.parseIp("10.0.0.1").length);
        assertEquals(16, DiscoveryHttp.parseIp("2001:db8::1").length);
        assertEquals(16, DiscoveryHttp.parseIp("::ffff:1.2.3.4").length);
        for (String bad : new String[] {"256.0.0.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1..3.4", "::g", "12345::",
                "1:2:3:4:5:6:7", ":1::", "1::2:", "::1.2.3.4:1", "١.2.3.4"}) {
            assertEquals(null, DiscoveryHttp.parseIp(bad), bad);
        }
    }

    @Test
    void messagesStatusesAndServerTypes() {
        DiscoveryHttp.HttpMessage m = new DiscoveryHttp.HttpMessage(DiscoveryHttp.MSG_ENTRY_SET, 200);
        assertEquals("{\"message\":\"wrote a new entry\",\"code\":200}", m.toJson());
        assertEquals(m, DiscoveryHttp.HttpMessage.fromJson(m.toJson()));
        assertEquals(new DiscoveryHttp.HttpMessage("", 0), DiscoveryHttp.HttpMessage.fromJson("{}"));
        assertThrows(IllegalArgumentException.class, () -> DiscoveryHttp.HttpMessage.fromJson("[]"));
        assertThrows(IllegalArgumentException.class, () -> DiscoveryHttp.HttpMessage.fromJson("{\"message\":1}"));
        assertEquals(404, DiscoveryHttp.statusFor(DiscoveryHttp.ERR_KEY_NOT_FOUND));
        assertEquals(401, DiscoveryHttp.statusFor(DiscoveryHttp.ERR_UNAUTHORIZED));
        assertEquals(400, DiscoveryHttp.statusFor(DiscoveryHttp.ERR_BAD_INPUT));
        assertEquals(500, DiscoveryHttp.statusFor(DiscoveryHttp.ERR_UNEXPECTED));
        assertEquals(500, DiscoveryHttp.statusFor("redis down"));
        assertEquals(422, DiscoveryHttp.statusFor(new EntryValidationException(EntryValidationException.WRONG_TIME)
                .getMessage()));
        assertEquals("official", DiscoveryHttp.serverTypeFor("", "", false));
        assertEquals("official", DiscoveryHttp.serverTypeFor(null, null, false));
        assertEquals("official", DiscoveryHttp.serverTypeFor("pass", "pass", false));
        assertEquals("community", DiscoveryHttp.serverTypeFor("", "pass", false));
        assertEquals("official", DiscoveryHttp.serverTypeFor("", "pass", true));
    }
}
