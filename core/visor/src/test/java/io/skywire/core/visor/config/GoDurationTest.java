package io.skywire.core.visor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GoDurationTest {
    @Test
    void formatsLikeGo() {
        assertEquals("0s", GoDuration.format(Duration.ZERO));
        assertEquals("10s", GoDuration.format(Duration.ofSeconds(10)));
        assertEquals("168h0m0s", GoDuration.format(Duration.ofDays(7)));
        assertEquals("2m0s", GoDuration.format(Duration.ofMinutes(2)));
        assertEquals("1h2m3.5s", GoDuration.format(Duration.ofMillis(3_723_500)));
        assertEquals("1.5s", GoDuration.format(Duration.ofMillis(1500)));
        assertEquals("250ms", GoDuration.format(Duration.ofMillis(250)));
        assertEquals("1.5µs", GoDuration.format(Duration.ofNanos(1500)));
        assertEquals("7ns", GoDuration.format(Duration.ofNanos(7)));
        assertEquals("-10s", GoDuration.format(Duration.ofSeconds(-10)));
        assertEquals("12h0m0s", GoDuration.format(Duration.ofHours(12)));
    }

    @Test
    void parsesLikeGo() {
        assertEquals(Duration.ofSeconds(10), GoDuration.parse("10s"));
        assertEquals(Duration.ofDays(7), GoDuration.parse("168h0m0s"));
        assertEquals(Duration.ofDays(7), GoDuration.parse("168h"));
        assertEquals(Duration.ofMillis(1500), GoDuration.parse("1.5s"));
        assertEquals(Duration.ofMillis(90_000), GoDuration.parse("1m30s"));
        assertEquals(Duration.ofNanos(1500), GoDuration.parse("1.5us"));
        assertEquals(Duration.ofNanos(1500), GoDuration.parse("1.5µs"));
        assertEquals(Duration.ZERO, GoDuration.parse("0"));
        assertEquals(Duration.ofSeconds(-5), GoDuration.parse("-5s"));
        assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("10"));
        assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("ten seconds"));
        assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(""));
        assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("5d"));
    }

    @Test
    void durationInConfigAcceptsNanosecondNumbers() throws Exception {
        VisorConfig c = VisorConfig.parse("{\"sk\":\"" + VisorConfigTest.SK + "\",\"pk\":\"" + VisorConfigTest.PK
                + "\",\"shutdown_timeout\":5000000000}", "n");
        assertEquals(Duration.ofSeconds(5), c.shutdownTimeout());
        ConfigException e = assertThrows(ConfigException.class, () -> VisorConfig.parse("{\"sk\":\""
                + VisorConfigTest.SK + "\",\"pk\":\"" + VisorConfigTest.PK + "\",\"shutdown_timeout\":\"soon\"}", "n"));
        assertEquals(true, e.getMessage().contains("field \"shutdown_timeout\""), e.getMessage());
    }
}
