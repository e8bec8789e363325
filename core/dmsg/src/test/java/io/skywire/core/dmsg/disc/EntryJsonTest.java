package io.skywire.core.dmsg.disc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.skywire.core.crypto.PubKey;
import io.skywire.core.crypto.SecKey;
import io.skywire.core.crypto.SignatureException;

/** Entry JSON as Go dmsg (jsoniter ConfigFastest) writes and reads it; Appendix A vectors; signature rules. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class EntryJsonTest {
    static final PubKey A = PubKey.fromHex("0385b4a08246a1d7fa5f22841783eaf3caf3bbd89c5c2e1737eef4b2a7bba42205");
    static final SecKey A_SK = SecKey.fromHex("0b072dd42296a40806d3fbb999cca89ddc25f94c82096db0538d38e84aaa370e");
    static final PubKey S = PubKey.fromHex("03451e75a2a8b636631cdf7c3f7d5e4bd8459a1b306ef14af775ddb5b3c363377e");
    static final SecKey S_SK = SecKey.fromHex("7e21ad7df581f4b0bf860570e564afdfa1de7b7b44c032942b646b58bc4e28f4");
    static final long TS = 1700000000000000000L;

    // Appendix A, verbatim
    static final String CLIENT_SIGNING = "{\"version\":\"0.0.1\",\"sequence\":0,\"timestamp\":1700000000000000000,"
            + "\"static\":\"0385b4a08246a1d7fa5f22841783eaf3caf3bbd89c5c2e1737eef4b2a7bba42205\",\"client\":"
            + "{\"delegated_servers\":[\"03451e75a2a8b636631cdf7c3f7d5e4bd8459a1b306ef14af775ddb5b3c363377e\"]},"
            + "\"client_type\":\"visor\"}";
    static final String SERVER_SIGNING = "{\"version\":\"0.0.1\",\"sequence\":0,\"timestamp\":1700000000000000000,"
            + "\"static\":\"03451e75a2a8b636631cdf7c3f7d5e4bd8459a1b306ef14af775ddb5b3c363377e\",\"server\":"
            + "{\"address\":\"127.0.0.1:8081\",\"availableSessions\":2048}}";
    static final String SERVER_SIGNED = "{\"version\":\"0.0.1\",\"sequence\":0,\"timestamp\":1700000000000000000,"
            + "\"static\":\"03451e75a2a8b636631cdf7c3f7d5e4bd8459a1b306ef14af775ddb5b3c363377e\",\"server\":"
            + "{\"address\":\"127.0.0.1:8081\",\"availableSessions\":2048},\"signature\":\"3c37d705cd7566f1119b943cbd"
            + "7452f16adbabb7d7b4317f7632fb2a296d8db41dce92a9b06e7754498c7c5d18f607bc8ef56e56f232915bbb010d2532f44da300\"}";

    @Test
    void appendixVectorsByteForByte() throws SignatureException {
        Entry client = Entry.client(A, 0, TS, List.of(S)).withClientType("visor");
        assertArrayEquals(CLIENT_SIGNING.getBytes(StandardCharsets.UTF_8), client.signingBytes());
        assertEquals(CLIENT_SIGNING, client.toJson());
        Entry server = Entry.server(S, 0, TS, "127.0.0.1:8081", 2048);
        assertArrayEquals(SERVER_SIGNING.getBytes(StandardCharsets.UTF_8), server.signingBytes());
        assertTrue(Entry.client(A, 0, TS, null).toJson().endsWith(",\"client\":{\"delegated_servers\":null}}"));
        assertTrue(Entry.client(A, 0, TS, List.of()).toJson().endsWith(",\"client\":{\"delegated_servers\":[]}}"));

        Entry goSigned = Entry.fromJson(SERVER_SIGNED);
        goSigned.verify();
        assertEquals(SERVER_SIGNED, goSigned.toJson());
        assertArrayEquals(SERVER_SIGNING.getBytes(StandardCharsets.UTF_8), goSigned.signingBytes());
        // decoding the vectors gives back the same bytes
        assertEquals(CLIENT_SIGNING, Entry.fromJson(CLIENT_SIGNING).toJson());
        assertEquals(SERVER_SIGNING, Entry.fromJson(SERVER_SIGNING).toJson());
        // our own signature over the same entry verifies too (deterministic nonce here, random in Go)
        server.sign(S_SK).verify();
    }

    @Test
    void goFieldOrderWithEverySection() {
        Entry all = new Entry("0.0.1", 7, 5, A, new Entry.Client(List.of()),
                new Entry.Server("1.2.3.4:80", -3, "official"), "visor", "ab");
        assertEquals("{\"version\":\"0.0.1\",\"sequence\":7,\"timestamp\":5,\"static\":\"" + A.hex() + "\","
                + "\"client\":{\"delegated_servers\":[]},\"client_type\":\"visor\",\"server\":{\"address\":\"1.2.3.4:80\","
                + "\"availableSessions\":-3,\"serverType\":\"official\"},\"signature\":\"ab\"}", all.toJson());
        Entry none = new Entry("", -1, Long.MIN_VALUE, PubKey.NULL, null, null, "", "");
        assertEquals("{\"version\":\"\",\"sequence\":18446744073709551615,\"timestamp\":-9223372036854775808,"
                + "\"static\":\"" + "0".repeat(66) + "\"}", none.toJson());
        assertEquals(none, Entry.fromJson(none.toJson()));
    }

    @Test
    void serverTypeIsSignedAndKept() throws SignatureException {
        // A Go dmsg server re-posts the entry it fetched, which carries the serverType the discovery set
        Entry fetched = Entry.server(S, 3, TS, "1.2.3.4:8081", 10).withServerType("official");
        Entry update = fetched.withSequence(4, TS + 1).sign(S_SK);
        assertTrue(update.toJson().contains("\"availableSessions\":10,\"serverType\":\"official\"}"));
        Entry received = Entry.fromJson(update.toJson());
        assertEquals("official", received.server().serverType());
        received.verify();
        // a decoder that dropped serverType would re-marshal other bytes and reject Go's signature
        Entry dropped = received.withServer(new Entry.Server("1.2.3.4:8081", 10));
        assertFalse(new Entry(dropped.version(), dropped.sequence(), dropped.timestamp(), dropped.staticPk(), null,
                dropped.server(), "", update.signature()).verifySignature());
        // the discovery rewrites it after verification, keeping the signature (which then no longer verifies)
        Entry stored = received.withServerType("community");
        assertEquals(update.signature(), stored.signature());
        assertFalse(stored.verifySignature());
        assertThrows(IllegalStateException.class, () -> Entry.client(A, 0, TS, null).withServerType("x"));
    }

    @Test
    void jsoniterEscaping() {
        String s = "<a>&b\u2028\u2029 \u007f é \u0000\u001f\t\r\n\"\\/";
        StringBuilder sb = new StringBuilder();
        Entry.quote(sb, s);
        assertEquals("\"<a>&b\u2028\u2029 \u007f é \\u0000\\u001f\\t\\r\\n\\\"\\\\/\"", sb.toString());
        Entry e = Entry.server(S, 0, TS, "é<>:1", 1);
        assertArrayEquals(("{\"version\":\"0.0.1\",\"sequence\":0,\"timestamp\":1700000000000000000,\"static\":\""
                + S.hex() + "\",\"server\":{\"address\":\"é<>:1\",\"availableSessions\":1}}")
                .getBytes(StandardCharsets.UTF_8), e.signingBytes());
        assertEquals(e, Entry.fromJson(e.toJson()));
        // a lone surrogate from a \\u escape decodes to U+FFFD, as in Go
        assertEquals("a\ufffdb", Entry.fromJson("{\"version\":\"a\\ud800b\"}").version());
    }

    @Test
    void readsLikeGo() throws SignatureException {
        // keys case-insensitively, unknown keys ignored, any order: the signature still verifies (re-marshal)
        String odd = "{\"SERVER\":{\"AvailableSessions\":2048,\"Address\":\"127.0.0.1:8081\",\"x\":[1,{}]},"
                + "\"extra\":{\"a\":null},\"Signature\":\"3c37d705cd7566f1119b943cbd7452f16adbabb7d7b4317f7632fb2a296d8db4"
                + "1dce92a9b06e7754498c7c5d18f607bc8ef56e56f232915bbb010d2532f44da300\",\"Static\":\"" + S.hex()
                + "\",\"timestamp\":1700000000000000000,\"sequence\":0,\"Version\":\"0.0.1\"}";
        Entry e = Entry.fromJson(odd);
        e.verify();
        assertEquals(SERVER_SIGNED, e.toJson());
        // nulls leave zero values; "" and all-zero keys are the null key
        Entry n = Entry.fromJson("{\"version\":null,\"sequence\":null,\"static\":null,\"client\":null,\"server\":null}");
        assertEquals("", n.version());
        assertTrue(n.staticPk().isNull());
        assertNull(n.client());
        assertNull(n.server());
        Entry z = Entry.fromJson("{\"static\":\"\",\"client\":{\"delegated_servers\":[null,\"000\"," + "\"" + S.hex()
                + "\"]}}");
        assertTrue(z.staticPk().isNull());
        assertEquals(List.of(PubKey.NULL, PubKey.NULL, S), z.client().delegatedServers());
        assertTrue(z.toJson().contains("[\"" + "0".repeat(66) + "\",\"" + "0".repeat(66) + "\",\"" + S.hex() + "\"]"));
        assertNull(Entry.fromJson("{\"client\":{}}").client().delegatedServers());
        // the largest uint64 sequence
        assertEquals(-1L, Entry.fromJson("{\"sequence\":18446744073709551615}").sequence());
    }

    @Test
    void refusesMalformedInputWithOneLineReasons() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        for (String bad : List.of("", "null", "[]", "1", "\"x\"", "{} {}", "{\"a\":1} x", "{\"sequence\":1e3}",
                "{\"sequence\":1.0}", "{\"sequence\":-1}", "{\"sequence\":18446744073709551616}",
                "{\"timestamp\":9223372036854775808}", "{\"timestamp\":\"1\"}", "{\"version\":1}",
                "{\"static\":\"03\"}", "{\"static\":\"04" + "00".repeat(32) + "\"}", "{\"static\":123}",
                "{\"client\":[]}", "{\"client\":{\"delegated_servers\":{}}}",
                "{\"client\":{\"delegated_servers\":[1]}}", "{\"server\":\"x\"}",
                "{\"server\":{\"availableSessions\":2147483648}}", "{\"server\":{\"address\":false}}",
                "{\"signature\":[]}", "{\"version\":\"x\"", deep, "{\"a\":" + deep + "}", "{'a':1}", "{\"a\":NaN}")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Entry.fromJson(bad), bad);
            assertTrue(e.getMessage().startsWith("invalid discovery entry: "), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Entry.fromJson(null));
    }

    @Test
    void lists() {
        assertEquals(List.of(), Entry.listFromJson("null"));
        assertEquals(List.of(), Entry.listFromJson("[]"));
        List<Entry> two = Entry.listFromJson("[" + SERVER_SIGNED + ",null," + CLIENT_SIGNING + "]");
        assertEquals(2, two.size());
        assertEquals(S, two.get(0).staticPk());
        assertThrows(IllegalArgumentException.class, () -> Entry.listFromJson("{}"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Entry.listFromJson("[{},{\"sequence\":\"x\"}]"));
        assertTrue(e.getMessage().contains("element 1"), e.getMessage());
    }

    @Test
    void forgedTamperedAndUnsignedEntriesFailWithReasons() {
        Entry good = Entry.client(A, 4, TS, List.of(S)).withClientType("visor").sign(A_SK);
        assertTrue(good.verifySignature());
        // tampered fields (every field is covered)
        for (String[] edit : new String[][] {{"\"sequence\":4", "\"sequence\":5"}, {"visor", "visoR"},
                {"\"timestamp\":1700000000000000000", "\"timestamp\":1700000000000000001"},
                {"[\"" + S.hex() + "\"]", "[]"}, {"\"version\":\"0.0.1\"", "\"version\":\"0.0.2\""}}) {
            Entry t = Entry.fromJson(good.toJson().replace(edit[0], edit[1]));
            SignatureException e = assertThrows(SignatureException.class, t::verify, edit[1]);
            assertTrue(e.getMessage().contains("is not signed by its static key"), e.getMessage());
        }
        // signed by someone else
        SignatureException forged = assertThrows(SignatureException.class,
                () -> Entry.client(A, 4, TS, List.of(S)).sign(S_SK).verify());
        assertTrue(forged.getMessage().contains("signature was made by " + S.hex()), forged.getMessage());
        assertTrue(assertThrows(SignatureException.class, () -> Entry.client(A, 0, TS, null).verify()).getMessage()
                .contains("has no signature"));
        assertTrue(assertThrows(SignatureException.class, () -> new Entry("0.0.1", 0, TS, A, null, null, "", "zz")
                .verify()).getMessage().contains("130 hex"));
        assertTrue(assertThrows(SignatureException.class, () -> new Entry("0.0.1", 0, TS, PubKey.NULL, null, null,
                "", good.signature()).verify()).getMessage().contains("null static key"));
        // the signature of another entry
        Entry other = Entry.client(A, 5, TS, List.of(S)).withClientType("visor").sign(A_SK);
        assertFalse(new Entry("0.0.1", 4, TS, A, new Entry.Client(List.of(S)), null, "visor", other.signature())
                .verifySignature());
    }

    @Test
    void validationRules() throws Exception {
        Entry s = Entry.server(S, 1, TS, "1.2.3.4:8081", 1).sign(S_SK);
        s.validate(true, TS + 60_000_000_000L); // exactly 60 s old: accepted (Go: Before(now-60s) rejects)
        s.validate(true, TS - 5_000_000_000L); // exactly 5 s ahead: accepted
        EntryValidationException old = assertThrows(EntryValidationException.class,
                () -> s.validate(true, TS + 60_000_000_001L));
        assertEquals(EntryValidationException.OUTDATED_TIME, old.cause());
        assertThrows(EntryValidationException.class, () -> s.validate(true, TS - 5_000_000_001L));
        s.validate(false, 0);
        // iterations: strictly higher sequence (any step), timestamp not earlier
        s.validateIteration(s.withSequence(9, TS));
        for (long seq : new long[] {1, 0}) {
            EntryValidationException e = assertThrows(EntryValidationException.class,
                    () -> s.validateIteration(s.withSequence(seq, TS + 1)));
            assertEquals("entry validation error: sequence field of new entry is not sequence of old entry + 1",
                    e.getMessage());
        }
        assertEquals(EntryValidationException.WRONG_TIME, assertThrows(EntryValidationException.class,
                () -> s.validateIteration(s.withSequence(2, TS - 1))).cause());
        // order of Go's checks: version before signature before key
        assertEquals(EntryValidationException.NO_VERSION, assertThrows(EntryValidationException.class,
                () -> new Entry("", 0, 0, PubKey.NULL, null, null, "", "").validate(true, 0)).cause());
        assertEquals(EntryValidationException.NO_SIGNATURE, assertThrows(EntryValidationException.class,
                () -> new Entry("1", 0, 0, PubKey.NULL, null, null, "", "").validate(true, 0)).cause());
    }

    @Test
    void jsonOfEqualEntriesIsEqual() {
        Entry a = Entry.client(A, 1, 2, Arrays.asList(S, A));
        assertEquals(a, Entry.fromJson(a.toJson()));
        assertEquals(a.hashCode(), Entry.fromJson(a.toJson()).hashCode());
    }
}
