package io.skywire.services.dmsgdisc;

import io.skywire.http.HttpServer;
import io.skywire.services.common.ServiceSupport;
import io.skywire.services.dmsgdisc.store.DiscoveryStore;
import io.skywire.services.dmsgdisc.store.MemoryStore;
import io.skywire.services.dmsgdisc.store.RedisStore;
import io.skywire.services.dmsgdisc.store.StoreException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The dmsg discovery server as a component: settings from the framework properties {@code skywire.dmsgdisc.*}
 * that {@code skywire dmsg disc} sets, the store (memory or Redis), the HTTP API, and Go's 10-second sweep of
 * expired server entries.
 */
@Component(immediate = true, service = {})
public final class DiscoveryService {
    static final String PREFIX = "skywire.dmsgdisc.";
    /** Go: maximum request body it reads for an entry is small; an entry is a few hundred bytes. */
    static final long MAX_BODY = 64 * 1024;
    private static final System.Logger LOG = System.getLogger("skywire.dmsgdisc");

    private DiscoveryStore store;
    private HttpServer server;
    private ScheduledExecutorService sweeper;

    @Activate
    void activate(BundleContext bc) {
        String addr = setting(bc, "addr", "127.0.0.1:9090");
        String redis = setting(bc, "redis", "");
        boolean testMode = Boolean.parseBoolean(setting(bc, "testMode", "false"));
        Duration entryTimeout = Duration.ofMillis(Long.parseLong(setting(bc, "entryTimeoutMillis", "180000")));
        try {
            store = redis.isEmpty() ? new MemoryStore()
                    : new RedisStore(redis, setting(bc, "redisPassword", ""), Duration.ofSeconds(5));
        } catch (StoreException e) {
            ServiceSupport.fail(bc, LOG, e.getMessage());
            return;
        }
        java.util.Set<String> official = new java.util.HashSet<>();
        for (String k : setting(bc, "officialServers", "").split(",")) {
            if (!k.isBlank()) {
                official.add(k.strip().toLowerCase(java.util.Locale.ROOT));
            }
        }
        DiscoveryApi api = new DiscoveryApi(store, testMode, entryTimeout, Instant.now(), addr,
                setting(bc, "auth", ""), official);
        try {
            server = HttpServer.start(ServiceSupport.parseAddr(addr), api.routes(), MAX_BODY);
        } catch (IllegalArgumentException | IllegalStateException e) {
            store.close();
            ServiceSupport.fail(bc, LOG, "dmsg discovery " + e.getMessage());
            return;
        }
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dmsgdisc-sweeper");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(() -> {
            try {
                store.removeExpiredServers();
            } catch (StoreException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot sweep expired servers: " + e.getMessage());
            }
        }, 10, 10, TimeUnit.SECONDS);
        InetSocketAddress a = server.address();
        LOG.log(System.Logger.Level.INFO, "dmsg discovery listening on http://" + a.getHostString() + ":" + a.getPort()
                + " (store: " + (redis.isEmpty() ? "memory" : "redis " + redis) + (testMode ? ", test mode" : "") + ")");
    }

    @Deactivate
    void deactivate() {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
        if (server != null) {
            server.close();
        }
        if (store != null) {
            store.close();
        }
    }

    private static String setting(BundleContext bc, String key, String dflt) {
        return ServiceSupport.setting(bc, PREFIX + key, dflt);
    }
}
