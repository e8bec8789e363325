package io.skywire.core.visor.net;

import io.skywire.sdk.discovery.Registration;
import io.skywire.sdk.discovery.ServiceDiscovery;
import io.skywire.sdk.discovery.ServiceEntry;
import io.skywire.sdk.net.AppAddr;
import java.io.Closeable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Service discovery kept inside this visor: registrations are visible to this visor's apps only. It stands in
 * for Go Skywire's HTTP service discovery until the deployment services exist (issue #3 and later); the
 * {@link ServiceDiscovery} contract apps see does not change when it is replaced.
 */
public final class LocalServiceDiscovery implements ServiceDiscovery {
    private final String localPk;
    private final String version;
    private final Set<ServiceEntry> entries = ConcurrentHashMap.newKeySet();

    public LocalServiceDiscovery(String localPk, String version) {
        this.localPk = localPk;
        this.version = version;
    }

    @Override
    public Registration register(String type, int port) {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("service type must not be empty (e.g. vpn, proxy, visor)");
        }
        ServiceEntry e = new ServiceEntry(new AppAddr(localPk, port), type, version);
        entries.add(e);
        return new Registration() {
            @Override
            public ServiceEntry entry() {
                return e;
            }

            @Override
            public void close() {
                entries.remove(e);
            }
        };
    }

    @Override
    public List<ServiceEntry> find(String type) {
        List<ServiceEntry> out = new ArrayList<>();
        for (ServiceEntry e : entries) {
            if (e.type().equals(type)) {
                out.add(e);
            }
        }
        return out;
    }

    /** A per-app view whose registrations are dropped when the app stops. */
    public static final class Scoped implements ServiceDiscovery, Closeable {
        private final ServiceDiscovery delegate;
        private final Set<Registration> regs = ConcurrentHashMap.newKeySet();

        public Scoped(ServiceDiscovery delegate) {
            this.delegate = delegate;
        }

        @Override
        public Registration register(String type, int port) throws java.io.IOException {
            Registration r = delegate.register(type, port);
            regs.add(r);
            return r;
        }

        @Override
        public List<ServiceEntry> find(String type) throws java.io.IOException {
            return delegate.find(type);
        }

        @Override
        public void close() {
            regs.forEach(Registration::close);
            regs.clear();
        }
    }
}
