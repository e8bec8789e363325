package io.skywire.core.visor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skywire.core.visor.api.AppState;
import io.skywire.core.visor.api.AppStatus;
import io.skywire.core.visor.api.VisorException;
import io.skywire.core.visor.net.LocalServiceDiscovery;
import io.skywire.core.visor.net.LoopbackAppNet;
import io.skywire.sdk.AppContext;
import io.skywire.sdk.SkywireApp;
import io.skywire.sdk.net.AppListener;
import io.skywire.sdk.net.Network;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppHostTest {
    static final String PK = "0385b4a08246a1d7fa5f22841783eaf3caf3bbd89c5c2e1737eef4b2a7bba42205";

    @TempDir
    Path tmp;

    final List<String> persisted = new ArrayList<>();
    final AtomicInteger changes = new AtomicInteger();
    final LoopbackAppNet net = new LoopbackAppNet(PK);
    final LocalServiceDiscovery sd = new LocalServiceDiscovery(PK, "v0");

    AppHost host(AppHost.LaunchEntry... entries) {
        return new AppHost(PK, tmp, "/apps", List.of(entries), net, sd,
                (n, v) -> persisted.add(n + "=" + v), changes::incrementAndGet);
    }

    /** An app that listens on its port and records what it was given. */
    static final class Probe implements SkywireApp {
        AppContext ctx;
        AppListener listener;
        int starts;
        int stops;
        RuntimeException failStart;

        @Override
        public void start(AppContext c) throws Exception {
            if (failStart != null) {
                throw failStart;
            }
            starts++;
            ctx = c;
            listener = c.net().listen(Network.SKYNET, c.port());
            c.discovery().register("probe", c.port());
            c.setDetailedStatus("Serving");
        }

        @Override
        public void stop() {
            stops++;
        }
    }

    static Map<String, Object> props(String name) {
        return Map.of(SkywireApp.NAME, name);
    }

    AppState state(AppHost h, String name) {
        return h.states().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void configuredAutostartAppStartsWhenItsBundleAppearsWithItsArgs() throws Exception {
        AppHost h = host(new AppHost.LaunchEntry("skychat", "skywire",
                List.of("app", "skychat", "--addr", ":8001", "--verbose"), true, 1));
        assertEquals(AppStatus.STOPPED, state(h, "skychat").status());
        assertTrue(state(h, "skychat").detailedStatus().contains("not installed"));
        Probe p = new Probe();
        h.appeared(p, props("skychat"), "chat 1.0.0");
        AppState s = state(h, "skychat");
        assertEquals(AppStatus.RUNNING, s.status());
        assertEquals("Serving", s.detailedStatus());
        assertEquals("chat 1.0.0", s.bundle());
        assertEquals(List.of("--addr", ":8001", "--verbose"), p.ctx.args());
        assertEquals(Map.of("addr", ":8001", "verbose", "true"), p.ctx.config());
        assertEquals(1, p.ctx.port());
        assertEquals(PK, p.ctx.visorPk());
        assertEquals(tmp.resolve("skychat"), p.ctx.workDir());
        assertEquals(1, sd.find("probe").size());
        assertEquals(List.of("skychat"), h.running());
    }

    @Test
    void stopClosesWhatTheAppOpenedAndStartAgainWorks() throws Exception {
        AppHost h = host(new AppHost.LaunchEntry("a", "skywire", List.of(), false, 5));
        Probe p = new Probe();
        h.appeared(p, props("a"), "a 1");
        assertEquals(AppStatus.STOPPED, state(h, "a").status());
        h.start("a");
        assertThrows(VisorException.class, () -> h.start("a"));
        h.stop("a");
        assertEquals(1, p.stops);
        assertTrue(sd.find("probe").isEmpty());
        h.start("a"); // port 5 was released by the stop, so listen works again
        assertEquals(2, p.starts);
        VisorException e = assertThrows(VisorException.class, () -> h.stop("nope"));
        assertTrue(e.getMessage().contains("unknown app \"nope\""));
    }

    @Test
    void hotSwapKeepsARunningAppRunning() throws Exception {
        AppHost h = host();
        Probe v1 = new Probe();
        h.appeared(v1, Map.of(SkywireApp.NAME, "hello", SkywireApp.PORT, 7, SkywireApp.AUTOSTART, true), "hello 1.0.0");
        assertEquals(AppStatus.RUNNING, state(h, "hello").status());
        assertEquals(7, state(h, "hello").port());
        h.disappeared(v1, Map.of(SkywireApp.NAME, "hello"));
        assertEquals(1, v1.stops);
        assertEquals(AppStatus.STOPPED, state(h, "hello").status());
        assertEquals(7, state(h, "hello").port(), "the last known port is still shown");
        assertTrue(state(h, "hello").detailedStatus().startsWith("not installed"));
        Probe v2 = new Probe();
        h.appeared(v2, Map.of(SkywireApp.NAME, "hello", SkywireApp.PORT, 7), "hello 1.0.1");
        assertEquals(AppStatus.RUNNING, state(h, "hello").status());
        assertEquals("hello 1.0.1", state(h, "hello").bundle());
        assertEquals(1, v2.starts);
    }

    @Test
    void userStoppedAppStaysStoppedAcrossUpdateAndUnconfiguredAppVanishesOnUninstall() throws Exception {
        AppHost h = host();
        Probe v1 = new Probe();
        h.appeared(v1, Map.of(SkywireApp.NAME, "x", SkywireApp.PORT, 20, SkywireApp.AUTOSTART, true), "x 1");
        h.stop("x");
        h.disappeared(v1, props("x"));
        assertTrue(h.states().isEmpty());
        Probe v2 = new Probe();
        h.appeared(v2, Map.of(SkywireApp.NAME, "x", SkywireApp.PORT, 20), "x 2");
        assertEquals(AppStatus.STOPPED, state(h, "x").status());
    }

    @Test
    void failingStartIsReportedAsErrored() throws Exception {
        AppHost h = host(new AppHost.LaunchEntry("vpn-server", "skywire", List.of(), false, 44));
        Probe p = new Probe();
        p.failStart = new IllegalStateException("needs CAP_NET_ADMIN");
        h.appeared(p, props("vpn-server"), "vpn 1");
        VisorException e = assertThrows(VisorException.class, () -> h.start("vpn-server"));
        assertTrue(e.getMessage().contains("needs CAP_NET_ADMIN"));
        assertEquals(AppStatus.ERRORED, state(h, "vpn-server").status());
        assertEquals("needs CAP_NET_ADMIN", state(h, "vpn-server").detailedStatus());
    }

    @Test
    void notInstalledAndAutostartPersistence() throws Exception {
        AppHost h = host(new AppHost.LaunchEntry("skysocks", "skywire", List.of("app", "skysocks"), false, 3));
        VisorException e = assertThrows(VisorException.class, () -> h.start("skysocks"));
        assertTrue(e.getMessage().contains("not installed: put its bundle in /apps"), e.getMessage());
        assertTrue(h.setAutoStart("skysocks", true).autoStart());
        assertEquals(List.of("skysocks=true"), persisted);
        Probe p = new Probe();
        h.appeared(p, Map.of(SkywireApp.NAME, "other"), "o 1");
        assertThrows(VisorException.class, () -> h.setAutoStart("other", true));
        assertFalse(h.states().isEmpty());
    }

    @Test
    void serviceWithoutNameIsIgnored() {
        AppHost h = host();
        h.appeared(new Probe(), Map.of(), "bad 1");
        assertTrue(h.states().isEmpty());
    }

    @Test
    void stopAllStopsRunningApps() throws Exception {
        AppHost h = host();
        Probe p = new Probe();
        h.appeared(p, Map.of(SkywireApp.NAME, "a", SkywireApp.PORT, "21", SkywireApp.AUTOSTART, "true"), "a 1");
        assertEquals(21, state(h, "a").port());
        h.stopAll();
        assertEquals(1, p.stops);
        assertTrue(h.running().isEmpty());
    }
}
