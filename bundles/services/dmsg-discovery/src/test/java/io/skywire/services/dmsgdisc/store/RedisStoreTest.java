package io.skywire.services.dmsgdisc.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Against a real redis-server started for the test. */
@Timeout(60)
class RedisStoreTest extends StoreContract {
    static RedisServer redis;
    RedisStore store;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = new RedisServer();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    @BeforeEach
    void connect() throws Exception {
        store = new RedisStore(redis.url(), "", Duration.ofSeconds(2));
        new RespClient(redis.url(), "", Duration.ofSeconds(2)).call("FLUSHALL");
    }

    @AfterEach
    void disconnect() {
        store.close();
    }

    @Override
    DiscoveryStore store() {
        return store;
    }

    @Override
    void advance(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis());
    }

    @Test
    void usesGoDiscoveryKeyLayoutWithTtls() throws Exception {
        store.setEntry(S1, server(S1, 5), true, false, Duration.ZERO);
        store.setEntry(A, client(A), false, true, DiscoveryStore.CLIENT_TTL);
        RespClient raw = new RespClient(redis.url(), "", Duration.ofSeconds(2));
        assertEquals(server(S1, 5), raw.call("GET", S1));
        long serverTtl = (Long) raw.call("TTL", S1);
        assertTrue(serverTtl > 110 && serverTtl <= 120, "server TTL " + serverTtl);
        long clientTtl = (Long) raw.call("TTL", A);
        assertTrue(clientTtl > 170 && clientTtl <= 180, "client TTL " + clientTtl);
        assertEquals(java.util.List.of(S1), raw.call("SMEMBERS", "servers"));
        assertEquals(java.util.List.of(A), raw.call("SMEMBERS", "clients"));
        // an index member whose key is gone is cleaned up
        raw.call("DEL", S1);
        assertTrue(store.allServers().isEmpty());
        store.removeExpiredServers();
        assertEquals(0L, store.counts()[0]);
        raw.close();
    }

    @Test
    void survivesARedisRestartAndReportsAnOutageClearly() throws Exception {
        store.setEntry(A, client(A), false, true, Duration.ZERO);
        redis.stop();
        StoreException down = assertThrows(StoreException.class, () -> store.entry(A));
        assertTrue(down.getMessage().startsWith("Redis GET failed at 127.0.0.1:" + redis.port), down.getMessage());
        redis.start();
        assertEquals(Optional.empty(), store.entry(A)); // a fresh server without persistence: reconnected, empty
    }

    @Test
    void unreachableOrBadUrlFailsWithOneLine() {
        StoreException e = assertThrows(StoreException.class,
                () -> new RedisStore("redis://127.0.0.1:1", "", Duration.ofSeconds(1)));
        assertTrue(e.getMessage().startsWith("cannot reach Redis at 127.0.0.1:1"), e.getMessage());
        assertTrue(e.getMessage().contains("embedded store"));
        StoreException bad = assertThrows(StoreException.class,
                () -> new RedisStore("http://x", "", Duration.ofSeconds(1)));
        assertTrue(bad.getMessage().startsWith("invalid Redis URL"), bad.getMessage());
    }

    @Test
    void redisErrorRepliesSurface() throws Exception {
        RespClient raw = new RespClient(redis.url(), "", Duration.ofSeconds(2));
        RespClient.RedisError e = assertThrows(RespClient.RedisError.class, () -> raw.call("NOSUCHCOMMAND"));
        assertTrue(e.getMessage().startsWith("ERR"), e.getMessage());
        assertEquals("PONG", raw.call("PING")); // the connection is still usable
        raw.close();
    }
}
