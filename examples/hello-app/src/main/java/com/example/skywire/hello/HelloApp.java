package com.example.skywire.hello;

import io.skywire.sdk.AppContext;
import io.skywire.sdk.SkywireApp;
import io.skywire.sdk.discovery.Registration;
import io.skywire.sdk.net.AppConn;
import io.skywire.sdk.net.AppListener;
import io.skywire.sdk.net.Network;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Answers every stream on its port, over skynet and over dmsg, with one greeting line: {@code hello <name> from <visor pk>
 * (hello-app <version>)}, where the name is the first line the caller sent. Args: {@code --greeting <word>}.
 */
@Component(service = SkywireApp.class, property = {
    SkywireApp.NAME + "=hello",
    SkywireApp.PORT + ":Integer=7",
    SkywireApp.AUTOSTART + ":Boolean=true"
})
public class HelloApp implements SkywireApp {
    private String version = "unknown";
    private volatile AppListener listener;
    private volatile AppListener dmsgListener;
    private volatile Registration registration;
    private Thread acceptor;
    private Thread dmsgAcceptor;

    @Activate
    void activate(BundleContext bc) {
        version = bc.getBundle().getVersion().toString();
    }

    @Override
    public void start(AppContext ctx) throws Exception {
        String greeting = ctx.config().getOrDefault("greeting", "hello");
        listener = ctx.net().listen(Network.SKYNET, ctx.port());
        dmsgListener = ctx.net().listen(Network.DMSG, ctx.port());
        registration = ctx.discovery().register("hello", ctx.port());
        acceptor = serve(ctx, listener, greeting);
        dmsgAcceptor = serve(ctx, dmsgListener, greeting);
        ctx.setDetailedStatus("Serving on skynet and dmsg port " + ctx.port());
        ctx.logger().log(System.Logger.Level.INFO, "hello-app " + version + " serving on " + listener.addr()
                + " (skynet and dmsg)");
    }

    private Thread serve(AppContext ctx, AppListener l, String greeting) {
        Thread t = new Thread(() -> {
            while (true) {
                AppConn c;
                try {
                    c = l.accept();
                } catch (IOException e) {
                    return; // listener closed: the app is stopping
                }
                Thread a = new Thread(() -> answer(ctx, c, greeting), "hello-answer");
                a.setDaemon(true);
                a.start();
            }
        }, "hello-accept-" + l.network());
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void answer(AppContext ctx, AppConn c, String greeting) {
        try (c) {
            c.setReadDeadline(Instant.now().plus(Duration.ofSeconds(10)));
            String name = new BufferedReader(new InputStreamReader(c.in(), StandardCharsets.UTF_8)).readLine();
            String reply = greeting + " " + (name == null || name.isBlank() ? "stranger" : name.strip())
                    + " from " + ctx.visorPk() + " (hello-app " + version + ")\n";
            c.out().write(reply.getBytes(StandardCharsets.UTF_8));
            c.out().flush();
            c.closeWrite();
        } catch (IOException e) {
            ctx.logger().log(System.Logger.Level.DEBUG, "hello: stream from " + c.remoteAddr() + " failed: " + e);
        }
    }

    @Override
    public void stop() throws Exception {
        if (registration != null) {
            registration.close();
        }
        for (AppListener l : new AppListener[] {listener, dmsgListener}) {
            if (l != null) {
                l.close();
            }
        }
        for (Thread t : new Thread[] {acceptor, dmsgAcceptor}) {
            if (t != null) {
                t.join(5000);
            }
        }
    }
}
