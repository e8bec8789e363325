package io.skywire.core.visor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.skywire.core.crypto.KeyPair;
import io.skywire.core.crypto.PubKey;
import io.skywire.core.dmsg.http.DmsgHttpRequest;
import io.skywire.core.dmsg.wire.Addr;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogServerTest {
    @TempDir
    Path local;

    static DmsgHttpRequest get(String path, PubKey from) {
        return new DmsgHttpRequest("GET", path, "", Map.of(), new byte[0], new Addr(from, 49153));
    }

    LogServer server(List<PubKey> whitelist) throws Exception {
        Files.createDirectories(local.resolve("transport_logs"));
        Files.createDirectories(local.resolve("custom"));
        Files.writeString(local.resolve("node-info.json"), "{\"public_key\":\"x\"}");
        Files.writeString(local.resolve("reward.txt"), "addr");
        Files.writeString(local.resolve("transport_logs/2026-11-25.csv"), "a,b\n");
        Files.writeString(local.resolve("custom/hello.txt"), "hi");
        Files.writeString(local.resolve("custom/.hidden"), "secret");
        Files.writeString(local.resolve("secret.txt"), "outside the custom path");
        return new LogServer(local, local.resolve("transport_logs"), local.resolve("custom"), whitelist, "v0.1.0",
                Instant.parse("2026-11-25T00:00:00Z"));
    }

    @Test
    void goRoutes() throws Exception {
        LogServer s = server(List.of());
        PubKey anyone = KeyPair.generate().pk();
        assertEquals(200, s.handle(get("/health", anyone)).status());
        assertEquals(200, s.handle(get("/node-info", anyone)).status());
        assertEquals(200, s.handle(get("/reward.txt", anyone)).status());
        assertEquals(200, s.handle(get("/transport_logs/2026-11-25.csv", anyone)).status());
        assertEquals(200, s.handle(get("/2026-11-25.csv", anyone)).status());
        assertEquals(200, s.handle(get("/hello.txt", anyone)).status());
        assertEquals(404, s.handle(get("/missing.txt", anyone)).status());
        assertEquals(404, s.handle(get("/transport_logs/hello.txt", anyone)).status());
        assertEquals(405, s.handle(new DmsgHttpRequest("POST", "/hello.txt", "", Map.of(), new byte[1],
                new Addr(anyone, 1))).status());
    }

    @Test
    void nothingOutsideTheServedDirectories() throws Exception {
        LogServer s = server(List.of());
        PubKey anyone = KeyPair.generate().pk();
        for (String p : new String[] {"/../secret.txt", "/..", "/.hidden", "/", "/custom/hello.txt",
                "/transport_logs/../secret.txt", "/transport_logs/..%2fsecret.txt", "/..\\secret.txt"}) {
            assertEquals(404, s.handle(get(p, anyone)).status(), p);
        }
        assertNull(LogServer.segment("a/b"));
        assertNull(LogServer.segment(".."));
        assertEquals("a.txt", LogServer.segment("a.txt"));
    }

    @Test
    void surveyAndRewardAreForWhitelistedKeysWhenAWhitelistIsSet() throws Exception {
        KeyPair hv = KeyPair.generate();
        LogServer s = server(List.of(hv.pk()));
        PubKey stranger = KeyPair.generate().pk();
        assertEquals(401, s.handle(get("/node-info", stranger)).status());
        assertEquals(401, s.handle(get("/reward.txt", stranger)).status());
        assertEquals(200, s.handle(get("/node-info", hv.pk())).status());
        assertEquals(200, s.handle(get("/reward.txt", hv.pk())).status());
        // the rest stays public, as in Go
        assertEquals(200, s.handle(get("/health", stranger)).status());
        assertEquals(200, s.handle(get("/hello.txt", stranger)).status());
    }
}
