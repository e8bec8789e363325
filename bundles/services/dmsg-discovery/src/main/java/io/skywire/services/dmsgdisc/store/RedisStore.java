package io.skywire.services.dmsgdisc.store;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Entries in Redis with Go dmsg-discovery's layout: key {@code <pk hex>} holds the entry JSON with a TTL, the
 * sets {@code servers} and {@code clients} index them. A Go discovery and this one can share the database.
 */
public final class RedisStore implements DiscoveryStore {
    /** Go: store.DefaultURL. */
    public static final String DEFAULT_URL = "redis://localhost:6379";

    private final RespClient redis;

    /**
     * Connects and checks the server answers PING.
     *
     * @param url redis://[:password@]host[:port][/db]
     * @param password password (overrides the URL's), or empty
     * @param timeout per-operation timeout
     * @throws StoreException if Redis cannot be reached (the message says where and what to do)
     */
    public RedisStore(String url, String password, Duration timeout) throws StoreException {
        try {
            redis = new RespClient(url, password, timeout);
        } catch (IllegalArgumentException e) {
            throw new StoreException(e.getMessage());
        }
        try {
            Object pong = redis.call("PING");
            if (!"PONG".equals(pong)) {
                throw new StoreException("Redis at " + redis.target() + " answered PING with " + pong);
            }
        } catch (IOException e) {
            redis.close();
            throw new StoreException("cannot reach Redis at " + redis.target() + ": " + e.getMessage()
                    + " (start redis-server, or use the embedded store)", e);
        }
    }

    private Object call(String... args) throws StoreException {
        try {
            return redis.call(args);
        } catch (IOException e) {
            throw new StoreException("Redis " + args[0] + " failed at " + redis.target() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> entry(String pk) throws StoreException {
        return Optional.ofNullable((String) call("GET", pk));
    }

    @Override
    public void setEntry(String pk, String json, boolean server, boolean client, Duration ttl) throws StoreException {
        Duration effective = server ? SERVER_TTL : ttl;
        if (effective == null || effective.isZero() || effective.isNegative()) {
            call("SET", pk, json);
        } else {
            call("SET", pk, json, "PX", Long.toString(effective.toMillis()));
        }
        if (server) {
            call("SADD", "servers", pk);
        }
        if (client) {
            call("SADD", "clients", pk);
        }
    }

    @Override
    public void deleteEntry(String pk) throws StoreException {
        call("DEL", pk);
        call("SREM", "servers", pk);
        call("SREM", "clients", pk);
    }

    @Override
    public List<String> availableServers(int max) throws StoreException {
        return Entries.available(allServers(), max);
    }

    @Override
    public List<String> allServers() throws StoreException {
        List<String> pks = strings(call("SMEMBERS", "servers"));
        if (pks.isEmpty()) {
            return pks;
        }
        String[] mget = new String[pks.size() + 1];
        mget[0] = "MGET";
        for (int i = 0; i < pks.size(); i++) {
            mget[i + 1] = pks.get(i);
        }
        return strings(call(mget)); // expired keys come back nil and are skipped
    }

    @Override
    public List<String> clientKeys() throws StoreException {
        return strings(call("SMEMBERS", "clients"));
    }

    @Override
    public long[] counts() throws StoreException {
        return new long[] {(Long) call("SCARD", "servers"), (Long) call("SCARD", "clients")};
    }

    @Override
    public void removeExpiredServers() throws StoreException {
        for (String pk : strings(call("SMEMBERS", "servers"))) {
            if ((Long) call("EXISTS", pk) == 0) {
                call("SREM", "servers", pk);
            }
        }
    }

    private static List<String> strings(Object reply) {
        List<String> out = new ArrayList<>();
        if (reply instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof String s) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        redis.close();
    }
}
