package io.skywire.services.dmsgdisc.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MemoryStoreTest extends StoreContract {
    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final MemoryStore store = new MemoryStore(now::get);

    @Override
    DiscoveryStore store() {
        return store;
    }

    @Override
    void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void serverEntriesExpireAfterTwoMinutesAndLeaveTheIndexOnCleanup() {
        store.setEntry(S1, server(S1, 5), true, false, Duration.ZERO);
        advance(Duration.ofSeconds(119));
        assertEquals(1, store.allServers().size());
        advance(Duration.ofSeconds(2));
        assertTrue(store.allServers().isEmpty());
        assertEquals(1, store.counts()[0]);
        store.removeExpiredServers();
        assertEquals(0, store.counts()[0]);
    }
}
