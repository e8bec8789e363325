package io.skywire.services.dmsgserver;

import io.skywire.core.crypto.KeyPair;
import io.skywire.core.crypto.SecKey;
import io.skywire.core.dmsg.disc.DiscoveryClient;
import io.skywire.core.dmsg.session.DmsgServer;
import io.skywire.services.common.ServiceSupport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The dmsg server (relay) as a component, configured by the framework properties {@code skywire.dmsgsrv.*}
 * that {@code skywire dmsg server start} sets; registers itself in discovery when one is given.
 */
@Component(immediate = true, service = {})
public final class DmsgServerService {
    static final String PREFIX = "skywire.dmsgsrv.";
    private static final System.Logger LOG = System.getLogger("skywire.dmsgserver");

    private DmsgServer server;

    @Activate
    void activate(BundleContext bc) {
        String addr = setting(bc, "addr", "127.0.0.1:8081");
        String publicAddr = setting(bc, "publicAddress", addr);
        String disc = setting(bc, "discovery", "");
        String skHex = setting(bc, "sk", "");
        KeyPair keys;
        DiscoveryClient discovery;
        InetSocketAddress bind;
        DmsgServer.Config cfg = DmsgServer.Config.defaults();
        try {
            keys = skHex.isEmpty() ? KeyPair.generate() : KeyPair.fromSecKey(SecKey.fromHex(skHex));
            discovery = disc.isEmpty() ? null : new DiscoveryClient(disc, Duration.ofSeconds(10));
            bind = ServiceSupport.parseAddr(addr);
            String max = setting(bc, "maxSessions", "");
            if (!max.isEmpty()) {
                cfg = cfg.withMaxSessions(Integer.parseInt(max));
            }
            String streams = setting(bc, "maxStreams", "");
            if (!streams.isEmpty()) {
                cfg = cfg.withMaxStreamsPerSession(Integer.parseInt(streams));
            }
        } catch (IllegalArgumentException e) {
            ServiceSupport.fail(bc, LOG, "dmsg server: " + e.getMessage());
            return;
        }
        try {
            server = new DmsgServer(keys, bind, cfg, discovery, publicAddr).start();
        } catch (IOException e) {
            ServiceSupport.fail(bc, LOG, "dmsg server " + e.getMessage());
            return;
        }
        InetSocketAddress a = server.address();
        LOG.log(System.Logger.Level.INFO, "dmsg server " + keys.pk().hex() + " listening on " + a.getHostString() + ":"
                + a.getPort() + (discovery == null ? " (not registered: no --disc given)"
                : " (registered in " + disc + " as " + publicAddr + ")"));
    }

    @Deactivate
    void deactivate() {
        if (server != null) {
            server.close();
        }
    }

    private static String setting(BundleContext bc, String key, String dflt) {
        return ServiceSupport.setting(bc, PREFIX + key, dflt);
    }
}
