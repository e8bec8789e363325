package io.skywire.core.dmsg.disc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.skywire.core.crypto.KeyPair;

/** DiscoveryClient against an in-test discovery (com.sun.net.httpserver on 127.0.0.1:0). */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DiscoveryClientTest {
    FakeDiscovery disc;
    DiscoveryClient client;
    final KeyPair a = KeyPair.generate();
    final KeyPair s1 = KeyPair.generate();
    final KeyPair s2 = KeyPair.generate();

    @BeforeEach
    void start() throws IOException {
        disc = new FakeDiscovery();
        client = new DiscoveryClient(disc.url() + "/", Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        client.close();
        disc.close();
    }

    @Test
    void entryPostGetAndRequestShape() throws Exception {
        assertEquals(disc.url(), client.baseUrl());
        assertEquals(Optional.empty(), client.entry(a.pk()));
        Entry e = Entry.client(a.pk(), 0, Entry.nowNanos(), List.of(s1.pk())).withClientType("visor").sign(a.sk());
        client.postEntry(e);
        assertEquals(Optional.of(e), client.entry(a.pk()));
        FakeDiscovery.Request post = disc.requests.get(1);
        assertEquals("POST", post.method());
        assertEquals("/dmsg-discovery/entry/", post.path());
        assertNull(post.query());
        assertEquals("application/json", post.contentType());
        assertEquals(e.toJson(), post.body());
        assertEquals("GET", disc.requests.get(0).method());
        assertEquals("/dmsg-discovery/entry/" + a.pk().hex(), disc.requests.get(0).path());

        client.postEntry(e.withSequence(1, Entry.nowNanos()).sign(a.sk()), true);
        assertEquals("timeout=true", disc.requests.get(3).query());
        assertEquals(List.of(a.pk().hex()), client.allEntries());
        assertEquals(List.of(a.pk().hex()), client.visorEntries());
        assertTrue(client.health().contains("\"started_at\""));

        client.deleteEntry(client.entry(a.pk()).orElseThrow());
        assertEquals(Optional.empty(), client.entry(a.pk()));
        assertEquals(List.of(), client.allEntries());
    }

    @Test
    void refusalsCarryGosMessageAndStatus() throws Exception {
        Entry e = Entry.client(a.pk(), 3, Entry.nowNanos(), null).sign(a.sk());
        client.postEntry(e);
        DiscoveryException same = assertThrows(DiscoveryException.class, () -> client.postEntry(e));
        assertEquals(422, same.status());
        assertTrue(same.isWrongSequence());
        assertEquals("entry validation error: sequence field of new entry is not sequence of old entry + 1",
                same.serverMessage());
        assertTrue(same.getMessage().contains("refused to post the entry of " + a.pk().hex() + ": 422 entry validation"),
                same.getMessage());

        DiscoveryException older = assertThrows(DiscoveryException.class,
                () -> client.postEntry(e.withSequence(4, e.timestamp() - 1).sign(a.sk())));
        assertEquals(EntryValidationException.PREFIX + EntryValidationException.WRONG_TIME, older.serverMessage());
        assertFalse(older.isWrongSequence());

        Entry forged = Entry.client(a.pk(), 9, Entry.nowNanos(), null).sign(s1.sk());
        DiscoveryException unauthorized = assertThrows(DiscoveryException.class, () -> client.postEntry(forged));
        assertEquals(401, unauthorized.status());
        assertEquals(DiscoveryHttp.ERR_UNAUTHORIZED, unauthorized.serverMessage());

        Entry stale = Entry.server(s1.pk(), 0, Entry.nowNanos() - 120_000_000_000L, "1.2.3.4:1", 1).sign(s1.sk());
        assertEquals(EntryValidationException.PREFIX + EntryValidationException.OUTDATED_TIME,
                assertThrows(DiscoveryException.class, () -> client.postEntry(stale)).serverMessage());
        assertEquals(Optional.of(e), client.entry(a.pk()), "refused posts changed nothing");
    }

    @Test
    void putEntryFollowsGo() throws Exception {
        Entry e0 = Entry.client(a.pk(), 0, Entry.nowNanos(), List.of()).sign(a.sk());
        client.postEntry(e0);
        Entry e1 = client.putEntry(a.sk(), e0);
        assertEquals(1, e1.sequence());
        assertTrue(e1.verifySignature());
        assertEquals(Optional.of(e1), client.entry(a.pk()));

        // another writer got to sequence 5 earlier: Go retries with the remote sequence + 1
        Entry remote = Entry.client(a.pk(), 5, e1.timestamp(), List.of(s1.pk())).sign(a.sk());
        disc.entries.put(a.pk(), remote);
        Entry e6 = client.putEntry(a.sk(), e1);
        assertEquals(6, e6.sequence());
        assertEquals(Optional.of(e6), client.entry(a.pk()));
        assertEquals(List.of(), e6.client().delegatedServers(), "our content, the remote's sequence + 1");

        // the remote entry is newer: Go drops the update and takes the remote sequence
        Entry newer = Entry.client(a.pk(), 9, Entry.nowNanos() + 3_600_000_000_000L, List.of(s2.pk())).sign(a.sk());
        disc.entries.put(a.pk(), newer);
        Entry dropped = client.putEntry(a.sk(), e6);
        assertEquals(9, dropped.sequence());
        assertEquals(Optional.of(newer), client.entry(a.pk()), "nothing was posted");

        // other errors are returned as they are
        disc.override = ex -> FakeDiscovery.send(ex, 500, "application/json",
                new DiscoveryHttp.HttpMessage(DiscoveryHttp.ERR_UNEXPECTED, 500).toJson());
        assertEquals(500, assertThrows(DiscoveryException.class, () -> client.putEntry(a.sk(), e6)).status());
    }

    @Test
    void servers() throws Exception {
        assertEquals(List.of(), client.availableServers());
        assertEquals(List.of(), client.allServers());
        long now = Entry.nowNanos();
        client.postEntry(Entry.server(s1.pk(), 0, now, "1.2.3.4:8081", 10).sign(s1.sk()));
        client.postEntry(Entry.server(s2.pk(), 0, now, "1.2.3.5:8081", 100).sign(s2.sk()));
        KeyPair full = KeyPair.generate();
        client.postEntry(Entry.server(full.pk(), 0, now, "1.2.3.6:8081", 0).sign(full.sk()));
        List<Entry> avail = client.availableServers();
        assertEquals(List.of(s2.pk(), s1.pk()), avail.stream().map(Entry::staticPk).toList());
        assertEquals(3, client.allServers().size());
        // the discovery stamped serverType after verifying: as in Go, fetched server entries no longer verify
        assertEquals("official", avail.get(0).server().serverType());
        assertFalse(avail.get(0).verifySignature());
        assertTrue(avail.get(0).withServerType("").verifySignature());
    }

    @Test
    void brokenServersGiveClearErrors() throws Exception {
        disc.override = ex -> FakeDiscovery.send(ex, 502, "text/html", "<html><body>Bad Gateway</body></html>");
        DiscoveryException gw = assertThrows(DiscoveryException.class, () -> client.entry(a.pk()));
        assertEquals(502, gw.status());
        assertTrue(gw.getMessage().contains("HTTP 502 with a body that is not a discovery message: <html>"),
                gw.getMessage());
        assertNull(gw.serverMessage());

        disc.override = null;
        DiscoveryClient wrongPath = new DiscoveryClient(disc.url() + "/nope", Duration.ofSeconds(5));
        DiscoveryException notFound = assertThrows(DiscoveryException.class, () -> wrongPath.entry(a.pk()));
        assertTrue(notFound.getMessage().contains("HTTP 404"), notFound.getMessage());
        assertThrows(DiscoveryException.class, wrongPath::availableServers);
        wrongPath.close();

        disc.override = ex -> FakeDiscovery.send(ex, 200, "application/json", "{\"sequence\":\"x\"}");
        assertTrue(assertThrows(DiscoveryException.class, () -> client.entry(a.pk())).getMessage()
                .contains("unreadable entry"));
        disc.override = ex -> FakeDiscovery.send(ex, 200, "application/json", "{}");
        assertTrue(assertThrows(DiscoveryException.class, client::allServers).getMessage()
                .contains("unreadable server list"));
        assertTrue(assertThrows(DiscoveryException.class, client::allEntries).getMessage()
                .contains("unreadable key list"));

        disc.override = ex -> FakeDiscovery.send(ex, 200, "application/json", "[" + "\"k\",".repeat(2000) + "\"k\"]");
        DiscoveryClient small = new DiscoveryClient(disc.url(), null, Duration.ofSeconds(5), 1000);
        assertTrue(assertThrows(DiscoveryException.class, small::allEntries).getMessage()
                .contains("sent more than 1000 bytes"));
        small.close();
    }

    @Test
    void everyCallIsTimeBounded() throws Exception {
        disc.override = ex -> {
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            FakeDiscovery.send(ex, 200, "application/json", "[]");
        };
        DiscoveryClient quick = new DiscoveryClient(disc.url(), Duration.ofMillis(300));
        long t0 = System.nanoTime();
        DiscoveryException e = assertThrows(DiscoveryException.class, quick::availableServers);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 2_000, "took " + ms + " ms");
        assertEquals(0, e.status());
        assertTrue(e.getMessage().contains("did not answer GET /dmsg-discovery/available_servers within 300 ms"),
                e.getMessage());
        quick.close();

        int closedPort;
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = ss.getLocalPort();
        }
        DiscoveryClient nobody = new DiscoveryClient("http://127.0.0.1:" + closedPort, Duration.ofSeconds(2));
        DiscoveryException refused = assertThrows(DiscoveryException.class, () -> nobody.entry(a.pk()));
        assertEquals(0, refused.status());
        assertTrue(refused.getMessage().startsWith("cannot get the entry of"), refused.getMessage());
        nobody.close();
    }

    @Test
    void constructorChecks() {
        assertThrows(IllegalArgumentException.class, () -> new DiscoveryClient("ftp://x", Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new DiscoveryClient("not a url", Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new DiscoveryClient("http://x?a=b", Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new DiscoveryClient("http://x", Duration.ZERO));
    }
}
