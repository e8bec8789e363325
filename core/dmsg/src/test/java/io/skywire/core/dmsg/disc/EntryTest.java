package io.skywire.core.dmsg.disc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skywire.core.crypto.KeyPair;
import io.skywire.core.crypto.PubKey;
import io.skywire.core.crypto.SecKey;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Vectors from spec/dmsg.md Appendix A (produced by Go dmsg develop 022283c9). */
class EntryTest {
    static final PubKey A = PubKey.fromHex("0385b4a08246a1d7fa5f22841783eaf3caf3bbd89c5c2e1737eef4b2a7bba42205");
    static final SecKey A_SK = SecKey.fromHex("0b072dd42296a40806d3fbb999cca89ddc25f94c82096db0538d38e84aaa370e");
    static final PubKey S = PubKey.fromHex("03451e75a2a8b636631cdf7c3f7d5e4bd8459a1b306ef14af775ddb5b3c363377e");
    static final long TS = 1700000000000000000L;

    static final String CLIENT_SIGNING = "{\"version\":\"0.0.1\",\"sequence\":0,\"timestamp\":1700000000000000000,"
            + "\"static\":\"0385b4a08246a1d7fa5f22841783eaf3caf3bbd89c5c2e1737eef4b2a7bba42205\",\"client\":"
            + "{\"delegated_servers\":[\"03451e75a2a8b636631cdf7c3f7d5e4bd8459a1b306ef14af775ddb5b3c363377e\"]},"
            + "\"client_type\":\"visor\"}";
    static final String SERVER_SIGNING = "{\"version\":\"0.0.1\",\"sequence\":0,\"timestamp\":1700000000000000000,"
            + "\"static\":\"03451e75a2a8b636631cdf7c3f7d5e4bd8459a1b306ef14af775ddb5b3c363377e\",\"server\":"
            + "{\"address\":\"127.0.0.1:8081\",\"availableSessions\":2048}}";
    static final String SERVER_SIGNED = SERVER_SIGNING.substring(0, SERVER_SIGNING.length() - 1)
            + ",\"signature\":\"3c37d705cd7566f1119b943cbd7452f16adbabb7d7b4317f7632fb2a296d8db41dce92a9b06e7754498c7c5d"
            + "18f607bc8ef56e56f232915bbb010d2532f44da300\"}";

    @Test
    void signingBytesMatchGo() {
        assertEquals(CLIENT_SIGNING, Entry.client(A, 0, TS, List.of(S)).withClientType("visor").toJson());
        assertEquals(SERVER_SIGNING, Entry.server(S, 0, TS, "127.0.0.1:8081", 2048).toJson());
        assertTrue(Entry.client(A, 0, TS, null).toJson().endsWith("\"client\":{\"delegated_servers\":null}}"));
        assertTrue(Entry.client(A, 0, TS, List.of()).toJson().endsWith("\"client\":{\"delegated_servers\":[]}}"));
    }

    @Test
    void goSignedServerEntryVerifiesAndRoundTrips() {
        Entry e = Entry.fromJson(SERVER_SIGNED);
        assertTrue(e.verifySignature());
        assertEquals(SERVER_SIGNED, e.toJson());
        assertEquals(new Entry.Server("127.0.0.1:8081", 2048), e.server());
        assertNull(e.client());
        // Go re-marshals before verifying: extra fields and another order do not matter
        String reordered = "{\"server\":{\"availableSessions\":2048,\"address\":\"127.0.0.1:8081\",\"x\":1},"
                + SERVER_SIGNED.substring(1).replace("\"server\":{\"address\":\"127.0.0.1:8081\",\"availableSessions\":2048},", "");
        assertTrue(Entry.fromJson(reordered).verifySignature(), reordered);
    }

    @Test
    void forgedOrTamperedEntriesFailVerification() {
        assertFalse(Entry.fromJson(SERVER_SIGNED.replace("2048", "2047")).verifySignature());
        assertFalse(Entry.fromJson(SERVER_SIGNED.replace("127.0.0.1", "127.0.0.2")).verifySignature());
        Entry byOther = Entry.server(S, 0, TS, "127.0.0.1:8081", 2048).sign(A_SK);
        assertFalse(byOther.verifySignature(), "signed by A but claims S");
        assertFalse(Entry.fromJson(SERVER_SIGNED.replace("\"signature\":\"3c", "\"signature\":\"zz")).verifySignature());
        KeyPair kp = KeyPair.generate();
        Entry mine = Entry.client(kp.pk(), 3, TS, List.of(S)).sign(kp.sk());
        assertTrue(mine.verifySignature());
        assertTrue(Entry.fromJson(mine.toJson()).verifySignature());
    }

    @Test
    void validationRulesAndGoMessages() throws Exception {
        long now = TS + 10_000_000_000L;
        Entry ok = Entry.server(S, 0, TS, "1.2.3.4:8081", 1).sign(A_SK);
        ok.validate(true, TS);
        EntryValidationException old = assertThrows(EntryValidationException.class, () -> ok.validate(true, TS + 61_000_000_000L));
        assertEquals("entry validation error: advertised entry has outdated timestamp", old.getMessage());
        assertThrows(EntryValidationException.class, () -> ok.validate(true, TS - 6_000_000_000L));
        ok.validate(false, now + 3_600_000_000_000L); // clients skip the timestamp check
        assertEquals("entry validation error: entry has no signature",
                assertThrows(EntryValidationException.class, () -> Entry.server(S, 0, TS, "a:1", 1).validate(false))
                        .getMessage());
        assertEquals("entry validation error: server address cannot be empty",
                assertThrows(EntryValidationException.class,
                        () -> Entry.server(S, 0, TS, "", 1).sign(A_SK).validate(false)).getMessage());
        assertEquals("entry validation error: entry has neither client or server field",
                assertThrows(EntryValidationException.class, () -> new Entry("0.0.1", 0, TS, S, null, null, "", "ab")
                        .validate(false)).getMessage());
        assertEquals("entry validation error: entry Keys is nil",
                assertThrows(EntryValidationException.class, () -> new Entry("0.0.1", 0, TS, PubKey.NULL,
                        new Entry.Client(null), null, "", "ab").validate(false)).getMessage());
        assertEquals("entry validation error: entry has no version",
                assertThrows(EntryValidationException.class, () -> new Entry("", 0, TS, S,
                        new Entry.Client(null), null, "", "ab").validate(false)).getMessage());
    }

    @Test
    void iterationRules() throws Exception {
        Entry first = Entry.client(A, 5, TS, List.of());
        first.validateIteration(first.withSequence(6, TS));
        assertEquals("entry validation error: sequence field of new entry is not sequence of old entry + 1",
                assertThrows(EntryValidationException.class, () -> first.validateIteration(first.withSequence(5, TS + 1)))
                        .getMessage());
        assertEquals("entry validation error: advertised entry timestamp is not greater than previous",
                assertThrows(EntryValidationException.class, () -> first.validateIteration(first.withSequence(6, TS - 1)))
                        .getMessage());
        // uint64 sequences compare unsigned, as in Go
        Entry high = Entry.client(A, Long.MAX_VALUE, TS, List.of());
        high.validateIteration(high.withSequence(Long.MIN_VALUE, TS));
        assertEquals("9223372036854775808", Entry.fromJson(high.withSequence(Long.MIN_VALUE, TS).toJson()).toJson()
                .replaceAll(".*\"sequence\":(\\d+).*", "$1"));
    }

    @Test
    void goEscapingAndBadInput() {
        // Go dmsg marshals with jsoniter.ConfigFastest: no HTML escaping (<>& stay), short escapes, backslash-u00xx
        assertEquals("\"a<b>&\\\"\\\\\\n\\u0001\"", quoted("a<b>&\"\\\n\u0001"));
        for (String bad : new String[] {"[]", "{\"sequence\":-1}", "{\"sequence\":1.5}", "{\"static\":\"xyz\"}",
                "{\"timestamp\":\"now\"}", "{\"server\":{\"availableSessions\":\"x\"}}",
                "{\"client\":{\"delegated_servers\":\"x\"}}", "{", "{\"sequence\":18446744073709551616}"}) {
            assertThrows(IllegalArgumentException.class, () -> Entry.fromJson(bad), bad);
        }
        Entry empty = Entry.fromJson("{}");
        assertTrue(empty.staticPk().isNull());
        assertFalse(empty.verifySignature());
    }

    static String quoted(String s) {
        StringBuilder sb = new StringBuilder();
        Entry.quote(sb, s);
        return sb.toString();
    }
}
