package io.skywire.services.dmsgdisc.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** The embedded store: a map with expiry, for a local deployment that needs no database. */
public final class MemoryStore implements DiscoveryStore {
    private record Stored(String json, long expiresAtNanos) {
        boolean live(long now) {
            return expiresAtNanos == 0 || now - expiresAtNanos < 0;
        }
    }

    private final Map<String, Stored> entries = new ConcurrentHashMap<>();
    private final Set<String> servers = ConcurrentHashMap.newKeySet();
    private final Set<String> clients = ConcurrentHashMap.newKeySet();
    private final LongSupplier clock;

    public MemoryStore() {
        this(System::nanoTime);
    }

    /** @param clock a nanosecond clock, replaceable in tests */
    MemoryStore(LongSupplier clock) {
        this.clock = clock;
    }

    @Override
    public Optional<String> entry(String pk) {
        Stored s = entries.get(pk);
        if (s == null) {
            return Optional.empty();
        }
        if (!s.live(clock.getAsLong())) {
            entries.remove(pk, s);
            return Optional.empty();
        }
        return Optional.of(s.json());
    }

    @Override
    public void setEntry(String pk, String json, boolean server, boolean client, Duration ttl) {
        Duration effective = server ? SERVER_TTL : ttl;
        long expires = effective == null || effective.isZero() || effective.isNegative() ? 0
                : clock.getAsLong() + effective.toNanos() | 1; // |1: never the "no expiry" marker 0
        entries.put(pk, new Stored(json, expires));
        if (server) {
            servers.add(pk);
        }
        if (client) {
            clients.add(pk);
        }
    }

    @Override
    public void deleteEntry(String pk) {
        entries.remove(pk);
        servers.remove(pk);
        clients.remove(pk);
    }

    @Override
    public List<String> availableServers(int max) {
        return Entries.available(allServers(), max);
    }

    @Override
    public List<String> allServers() {
        List<String> out = new ArrayList<>();
        for (String pk : servers) {
            entry(pk).ifPresent(out::add);
        }
        return out;
    }

    @Override
    public List<String> clientKeys() {
        return new ArrayList<>(clients);
    }

    @Override
    public long[] counts() {
        return new long[] {servers.size(), clients.size()};
    }

    @Override
    public void removeExpiredServers() {
        servers.removeIf(pk -> entry(pk).isEmpty());
    }

    @Override
    public void close() {
        // nothing held
    }
}
