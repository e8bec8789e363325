package io.skywire.core.dmsg.disc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Entry JSON parsing lets only {@link IllegalArgumentException} (its declared exception) escape, and whatever parses
 * re-marshals to JSON that parses to the same entry. The {@code @FuzzTest} runs its regression inputs by default and
 * fuzzes with {@code JAZZER_FUZZ=1}; {@link #mutatedVectors()} runs the target on deterministic mutations every build.
 */
class EntryFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void fuzzEntryJson(String json) {
        target(json);
    }

    static void target(String json) {
        try {
            Entry e = Entry.fromJson(json);
            String again = e.toJson();
            assertEquals(again, Entry.fromJson(again).toJson());
            e.verifySignature();
        } catch (IllegalArgumentException expected) {
            // declared
        }
        try {
            Entry.listFromJson(json);
        } catch (IllegalArgumentException expected) {
            // declared
        }
        try {
            DiscoveryHttp.HttpMessage.fromJson(json);
        } catch (IllegalArgumentException expected) {
            // declared
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void mutatedVectors() {
        List<String> seeds = List.of(EntryJsonTest.SERVER_SIGNED, EntryJsonTest.CLIENT_SIGNING,
                "[" + EntryJsonTest.SERVER_SIGNED + "," + EntryJsonTest.CLIENT_SIGNING + "]",
                "{\"message\":\"wrote a new entry\",\"code\":200}",
                "{\"version\":\"\\u00e9\\ud800\",\"client\":{\"delegated_servers\":[null,\"\"]},\"server\":{}}");
        String alphabet = "{}[]\",:0123456789-+.eE\\u abcdeftrnlsv\u00e9\u2028\ud83d\ude00";
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder s = new StringBuilder(seeds.get(rnd.nextInt(seeds.size())));
            int edits = 1 + rnd.nextInt(4);
            for (int k = 0; k < edits && s.length() > 0; k++) {
                int at = rnd.nextInt(s.length());
                switch (rnd.nextInt(3)) {
                    case 0 -> s.setCharAt(at, alphabet.charAt(rnd.nextInt(alphabet.length())));
                    case 1 -> s.deleteCharAt(at);
                    default -> s.insert(at, alphabet.charAt(rnd.nextInt(alphabet.length())));
                }
            }
            target(s.toString());
        }
    }
}
