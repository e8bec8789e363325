package io.skywire.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;

import io.skywire.core.visor.api.AppState;
import io.skywire.core.visor.api.AppStatus;
import io.skywire.core.visor.api.VisorService;
import io.skywire.sdk.SkywireApp;
import io.skywire.sdk.discovery.ServiceDiscovery;
import io.skywire.sdk.net.AppAddr;
import io.skywire.sdk.net.AppConn;
import io.skywire.sdk.net.AppNet;
import io.skywire.sdk.net.Network;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.inject.Inject;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/**
 * Boots Felix with exactly the distribution's boot bundles plus the example app, as the visor does, and checks
 * the SDK services, the app host, the Gogo commands and an in-place update of the app bundle.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class VisorContainerIT {
    @Inject
    BundleContext bc;

    @Inject
    VisorService visor;

    @Inject
    AppNet net;

    @Inject
    ServiceDiscovery discovery;

    @Inject
    CommandProcessor gogo;

    @Configuration
    public Option[] config() throws Exception {
        Path work = Files.createTempDirectory("skywire-container-it");
        Path cfg = work.resolve("skywire-config.json");
        Files.writeString(cfg, TestSupport.config(work.resolve("local"), TestSupport.freePort()));
        Files.createDirectories(work.resolve("apps"));
        List<Option> opts = new ArrayList<>();
        for (Path jar : TestSupport.visorBundles()) {
            opts.add(bundle(jar.toUri().toString()));
        }
        opts.add(bundle(TestSupport.helloJar().toUri().toString()));
        opts.add(frameworkProperty("skywire.config").value(cfg.toString()));
        opts.add(frameworkProperty("felix.fileinstall.dir").value(work.resolve("apps").toString()));
        opts.add(frameworkProperty("gosh.args").value("--nointeractive"));
        opts.add(junitBundles());
        opts.add(cleanCaches());
        return options(opts.toArray(new Option[0]));
    }

    private Bundle installed(String bsn) {
        for (Bundle b : bc.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("bundle " + bsn + " is not installed");
    }

    private AppState app(String name) {
        return visor.apps().stream().filter(a -> a.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("visor does not know app " + name + ": " + visor.apps()));
    }

    private String greet(String who) throws Exception {
        try (AppConn c = net.dial(Network.SKYNET, new AppAddr(visor.pk(), 7), Duration.ofSeconds(5))) {
            c.out().write((who + "\n").getBytes(StandardCharsets.UTF_8));
            return new String(c.in().readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }

    private String gogo(String command) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        CommandSession s = gogo.createSession(InputStream.nullInputStream(), ps, ps);
        try {
            Object r = s.execute(command);
            return (r == null ? "" : r.toString()) + out.toString(StandardCharsets.UTF_8);
        } finally {
            s.close();
        }
    }

    @Test
    public void bootBundlesAreActiveAndSdkServicesAppear() throws Exception {
        assertTrue(TestSupport.visorBundles().size() >= 20);
        for (Bundle b : bc.getBundles()) {
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            assertEquals(b.getSymbolicName() + " should be " + (fragment ? "resolved" : "active"),
                    fragment ? Bundle.RESOLVED : Bundle.ACTIVE, b.getState());
        }
        assertEquals(TestSupport.PK, visor.pk());
        assertEquals(TestSupport.PK, net.localPk());
        ServiceReference<SkywireApp> ref = bc.getServiceReference(SkywireApp.class);
        assertNotNull("the hello bundle registers a SkywireApp", ref);
        assertEquals("hello", ref.getProperty(SkywireApp.NAME));
        assertEquals("com.example.skywire.hello", ref.getBundle().getSymbolicName());
    }

    @Test
    public void appStartsWithConfigArgsAndServesOverTheSdk() throws Exception {
        AppState hello = app("hello");
        assertEquals(AppStatus.RUNNING, hello.status());
        assertEquals("Serving on skynet and dmsg port 7", hello.detailedStatus());
        assertEquals(7, hello.port());
        String reply = greet("tester"); // 1.1.0, or 1.1.1 if the hot-swap test ran first
        assertTrue(reply, reply.startsWith("hi tester from " + TestSupport.PK + " (hello-app 1.1."));
        assertEquals(1, discovery.find("hello").size());
        AppState chat = app("skychat");
        assertEquals(AppStatus.STOPPED, chat.status());
        assertTrue(chat.detailedStatus().startsWith("not installed"));
    }

    @Test
    public void gogoCommandsDriveTheVisor() throws Exception {
        assertTrue(gogo("visor:status").contains(TestSupport.PK));
        assertTrue(gogo("visor:pk").contains(TestSupport.PK));
        String ls = gogo("app:ls");
        assertTrue(ls, ls.contains("hello") && ls.contains("running") && ls.contains("com.example.skywire.hello"));
        assertTrue(gogo("app:stop hello").contains("stopped hello"));
        assertEquals(AppStatus.STOPPED, app("hello").status());
        assertTrue(discovery.find("hello").isEmpty());
        assertTrue(gogo("app:start hello").contains("started hello"));
        assertEquals(AppStatus.RUNNING, app("hello").status());
        assertTrue(gogo("app:start nope").contains("unknown app \"nope\""));
        assertTrue(gogo("hello:greet gogo").contains("hi gogo from"));
    }

    @Test
    public void hotSwapUpdatesTheAppInPlaceWithoutTouchingTheVisor() throws Exception {
        Bundle core = installed("io.skywire.core.visor");
        long coreModified = core.getLastModified();
        ServiceReference<VisorService> visorRef = bc.getServiceReference(VisorService.class);
        Object visorServiceId = visorRef.getProperty(Constants.SERVICE_ID);
        Bundle hello = installed("com.example.skywire.hello");
        assertTrue(greet("a").startsWith("hi a from " + TestSupport.PK));

        Path v2 = TestSupport.withBundleVersion(TestSupport.helloJar(), "1.1.1",
                Files.createTempFile("hello-app-1.1.1", ".jar"));
        long t0 = System.nanoTime();
        try (InputStream in = Files.newInputStream(v2)) {
            hello.update(in);
        }
        String answer = "";
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline && !answer.endsWith("(hello-app 1.1.1)")) {
            try {
                answer = greet("b");
            } catch (java.io.IOException notYet) {
                Thread.sleep(20);
            }
        }
        assertEquals("hi b from " + TestSupport.PK + " (hello-app 1.1.1)", answer);
        System.out.println("hot swap: v1.1.1 answering " + (System.nanoTime() - t0) / 1_000_000 + " ms after update");
        assertEquals("1.1.1", hello.getVersion().toString());
        assertEquals(AppStatus.RUNNING, app("hello").status());
        assertTrue(app("hello").bundle().endsWith("1.1.1"));
        // the visor itself was not restarted or re-registered
        assertEquals(Bundle.ACTIVE, core.getState());
        assertEquals(coreModified, core.getLastModified());
        assertEquals(visorServiceId, bc.getServiceReference(VisorService.class).getProperty(Constants.SERVICE_ID));
    }
}
