package io.skywire.services.dmsgdisc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skywire.core.crypto.KeyPair;
import io.skywire.core.dmsg.disc.DiscoveryClient;
import io.skywire.core.dmsg.disc.DiscoveryException;
import io.skywire.core.dmsg.disc.Entry;
import io.skywire.http.HttpServer;
import io.skywire.services.dmsgdisc.store.MemoryStore;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Our discovery client against our discovery API, in one JVM (the process test covers the launcher). */
@Timeout(30)
class DiscoveryApiTest {
    HttpServer server;
    DiscoveryClient client;

    @BeforeEach
    void start() {
        DiscoveryApi api = new DiscoveryApi(new MemoryStore(), true, Duration.ofMinutes(3), Instant.now(), "test");
        server = HttpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), api.routes(), 64 * 1024);
        client = new DiscoveryClient("http://127.0.0.1:" + server.address().getPort(), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static long now() {
        return System.currentTimeMillis() * 1_000_000L;
    }

    @Test
    void serverTypeIsOfficialForThePassphraseOrAListedKeyElseCommunity() throws Exception {
        KeyPair listed = KeyPair.generate();
        DiscoveryApi api = new DiscoveryApi(new MemoryStore(), true, Duration.ofMinutes(3), Instant.now(), "test",
                "secret", java.util.Set.of(listed.pk().hex()));
        try (HttpServer s = HttpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), api.routes(),
                64 * 1024)) {
            DiscoveryClient c = new DiscoveryClient("http://127.0.0.1:" + s.address().getPort(), Duration.ofSeconds(5));
            KeyPair withPass = KeyPair.generate();
            KeyPair without = KeyPair.generate();
            c.postEntry(Entry.server(withPass.pk(), 0, now(), "127.0.0.1:8081", 10).withServerType("secret")
                    .sign(withPass.sk()), false);
            c.postEntry(Entry.server(without.pk(), 0, now(), "127.0.0.1:8082", 10).sign(without.sk()), false);
            c.postEntry(Entry.server(listed.pk(), 0, now(), "127.0.0.1:8083", 10).sign(listed.sk()), false);
            assertEquals("official", c.entry(withPass.pk()).orElseThrow().server().serverType());
            assertEquals("community", c.entry(without.pk()).orElseThrow().server().serverType());
            assertEquals("official", c.entry(listed.pk()).orElseThrow().server().serverType());
            // a forged entry claiming the passphrase is refused before any rewrite
            KeyPair other = KeyPair.generate();
            Entry forged = Entry.server(other.pk(), 0, now(), "127.0.0.1:8084", 10).withServerType("secret")
                    .sign(KeyPair.generate().sk());
            assertThrows(Exception.class, () -> c.postEntry(forged, false));
            assertFalse(c.entry(other.pk()).isPresent());
        }
    }

    @Test
    void serversAndClientsRegisterAndAreFound() throws Exception {
        KeyPair s1 = KeyPair.generate();
        KeyPair s2 = KeyPair.generate();
        assertTrue(client.availableServers().isEmpty());
        client.postEntry(Entry.server(s1.pk(), 0, now(), "127.0.0.1:8081", 10).sign(s1.sk()), false);
        client.postEntry(Entry.server(s2.pk(), 0, now(), "127.0.0.1:8082", 100).sign(s2.sk()), false);
        List<Entry> avail = client.availableServers();
        assertEquals(List.of(s2.pk(), s1.pk()), avail.stream().map(Entry::staticPk).toList());
        assertEquals(2, client.allServers().size());
        // Go's discovery stamps serverType after verifying: without --auth every server is official; the entry as
        // posted (no type) still verifies
        assertEquals("official", avail.get(0).server().serverType());
        assertTrue(avail.get(0).withServerType("").verifySignature());

        KeyPair c = KeyPair.generate();
        Entry ce = Entry.client(c.pk(), 0, now(), List.of(s2.pk())).sign(c.sk());
        client.postEntry(ce, true);
        assertEquals(ce, client.entry(c.pk()).orElseThrow());
        assertFalse(client.entry(KeyPair.generate().pk()).isPresent());

        client.postEntry(ce.withSequence(1, now()).sign(c.sk()), true);
        assertEquals(1, client.entry(c.pk()).orElseThrow().sequence());
        client.deleteEntry(ce.withSequence(2, now()).sign(c.sk()));
        assertFalse(client.entry(c.pk()).isPresent());
    }

    @Test
    void refusalsCarryGoStatusAndMessage() throws Exception {
        KeyPair c = KeyPair.generate();
        Entry ce = Entry.client(c.pk(), 3, now(), List.of()).sign(c.sk());
        client.postEntry(ce, false);
        DiscoveryException stale = assertThrows(DiscoveryException.class, () -> client.postEntry(ce, false));
        assertEquals(422, stale.status());
        assertTrue(stale.getMessage().endsWith(
                "422 entry validation error: sequence field of new entry is not sequence of old entry + 1"),
                stale.getMessage());
        DiscoveryException forged = assertThrows(DiscoveryException.class,
                () -> client.postEntry(Entry.client(c.pk(), 4, now(), List.of()).sign(KeyPair.generate().sk()), false));
        assertEquals(401, forged.status());
        DiscoveryException oldServer = assertThrows(DiscoveryException.class, () -> client.postEntry(
                Entry.server(c.pk(), 0, now() - 120_000_000_000L, "1.2.3.4:1", 1).sign(c.sk()), false));
        assertTrue(oldServer.getMessage().contains("outdated timestamp"), oldServer.getMessage());
    }

    @Test
    void unreachableDiscoveryIsAClearError() {
        server.close();
        DiscoveryException e = assertThrows(DiscoveryException.class, () -> client.availableServers());
        assertEquals(0, e.status());
        assertTrue(e.getMessage().contains("discovery http://127.0.0.1:"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DiscoveryClient("ftp://x", Duration.ofSeconds(1)));
    }

    @Test
    void loopbackCheckMatchesGo() {
        assertTrue(DiscoveryApi.isLoopback("127.0.0.1:80"));
        assertTrue(DiscoveryApi.isLoopback(":80"));
        assertTrue(DiscoveryApi.isLoopback("[::1]:80"));
        assertFalse(DiscoveryApi.isLoopback("localhost:80"), "Go's ParseIP does not resolve names");
        assertFalse(DiscoveryApi.isLoopback("10.0.0.1:80"));
        assertFalse(DiscoveryApi.isLoopback("no-port"));
        assertFalse(DiscoveryApi.isLoopback("127.1:80"), "Go's ParseIP rejects the short form");
    }
}
