package io.skywire.services.dmsgdisc.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What every {@link DiscoveryStore} must do; run against the memory and the Redis store. */
abstract class StoreContract {
    static final String A = "0385b4a08246a1d7fa5f22841783eaf3caf3bbd89c5c2e1737eef4b2a7bba42205";
    static final String B = "02748ddd65484df87738ffd550e320409719a298f4a2088037a91e0bf369b7345f";
    static final String S1 = "03451e75a2a8b636631cdf7c3f7d5e4bd8459a1b306ef14af775ddb5b3c363377e";
    static final String S2 = "02d6853758906a33f75af5af39e32849d3f60321dd23284f58948e41dca565fcb3";

    abstract DiscoveryStore store();

    static String server(String pk, int sessions) {
        return "{\"static\":\"" + pk + "\",\"server\":{\"address\":\"127.0.0.1:8081\",\"availableSessions\":"
                + sessions + "}}";
    }

    static String client(String pk) {
        return "{\"static\":\"" + pk + "\",\"client\":{\"delegated_servers\":[\"" + S1 + "\"]}}";
    }

    @Test
    void setGetReplaceDelete() throws Exception {
        DiscoveryStore s = store();
        assertEquals(Optional.empty(), s.entry(A));
        s.setEntry(A, client(A), false, true, DiscoveryStore.CLIENT_TTL);
        assertEquals(Optional.of(client(A)), s.entry(A));
        String updated = client(A).replace("}}", "},\"sequence\":1}");
        s.setEntry(A, updated, false, true, DiscoveryStore.CLIENT_TTL);
        assertEquals(Optional.of(updated), s.entry(A));
        s.deleteEntry(A);
        assertEquals(Optional.empty(), s.entry(A));
        assertArrayEquals(new long[] {0, 0}, s.counts());
    }

    @Test
    void serversAreIndexedAndOfferedMostAvailableFirst() throws Exception {
        DiscoveryStore s = store();
        s.setEntry(S1, server(S1, 10), true, false, Duration.ZERO);
        s.setEntry(S2, server(S2, 2048), true, false, Duration.ZERO);
        s.setEntry(B, server(B, 0), true, false, Duration.ZERO);
        s.setEntry(A, client(A), false, true, DiscoveryStore.CLIENT_TTL);
        assertEquals(3, s.allServers().size());
        assertEquals(List.of(server(S2, 2048), server(S1, 10)), s.availableServers(10));
        assertEquals(List.of(server(S2, 2048)), s.availableServers(1));
        assertArrayEquals(new long[] {3, 1}, s.counts());
        assertEquals(List.of(A), s.clientKeys());
    }

    @Test
    void clientEntriesExpire() throws Exception {
        DiscoveryStore s = store();
        s.setEntry(A, client(A), false, true, Duration.ofMillis(150));
        assertTrue(s.entry(A).isPresent());
        advance(Duration.ofMillis(400));
        assertEquals(Optional.empty(), s.entry(A));
    }

    /** Lets time pass for the store (really, or on a fake clock). */
    abstract void advance(Duration d) throws Exception;
}
