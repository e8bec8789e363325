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
    void serversAndClientsRegisterAndAreFound() throws Exception {
        KeyPair s1 = KeyPair.generate();
        KeyPair s2 = KeyPair.generate();
        assertTrue(client.availableServers().isEmpty());
        client.postEntry(Entry.server(s1.pk(), 0, now(), "127.0.0.1:8081", 10).sign(s1.sk()), false);
        client.postEntry(Entry.server(s2.pk(), 0, now(), "127.0.0.1:8082", 100).sign(s2.sk()), false);
        List<Entry> avail = client.availableServers();
        assertEquals(List.of(s2.pk(), s1.pk()), avail.stream().map(Entry::staticPk).toList());
        assertEquals(2, client.allServers().size());
        assertTrue(avail.get(0).verifySignature());

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
