package io.skywire.services.common;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.osgi.framework.BundleContext;

/**
 * What every service component does the same way: read its {@code skywire.<service>.*} framework properties
 * (set by {@code skywire svc …}), parse Go-style listen addresses, and give up with one line for the launcher.
 */
public final class ServiceSupport {
    /** Read by the launcher (FelixRuntime) to print the reason and exit 1. */
    public static final String FAILURE_PROPERTY = "skywire.failure";

    private ServiceSupport() {
    }

    /**
     * @param bc the bundle context
     * @param key the full property name
     * @param dflt used when unset or blank
     * @return the trimmed setting
     */
    public static String setting(BundleContext bc, String key, String dflt) {
        String v = bc.getProperty(key);
        return v == null || v.isBlank() ? dflt : v.trim();
    }

    /**
     * Parses {@code host:port}, or {@code :port} (Go's "all interfaces").
     *
     * @param addr the address
     * @return the socket address
     * @throws IllegalArgumentException with a one-line reason
     */
    public static InetSocketAddress parseAddr(String addr) {
        int colon = addr == null ? -1 : addr.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("invalid address \"" + addr + "\": expected host:port");
        }
        int port;
        try {
            port = Integer.parseInt(addr.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid port in \"" + addr + "\": expected host:port");
        }
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("invalid port in \"" + addr + "\": expected 0..65535");
        }
        String host = addr.substring(0, colon).replace("[", "").replace("]", "");
        try {
            return new InetSocketAddress(InetAddress.getByName(host.isEmpty() ? "0.0.0.0" : host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host in \"" + addr + "\"");
        }
    }

    /**
     * Logs the reason, records it for the launcher and stops the framework (the process then exits 1).
     *
     * @param bc the bundle context
     * @param log the component's logger
     * @param message one line: what failed and what to do
     */
    public static void fail(BundleContext bc, System.Logger log, String message) {
        log.log(System.Logger.Level.ERROR, message);
        System.setProperty(FAILURE_PROPERTY, message);
        new Thread(() -> {
            try {
                bc.getBundle(0).stop();
            } catch (Exception e) {
                log.log(System.Logger.Level.ERROR, "cannot stop the framework: " + e.getMessage());
            }
        }, "skywire-shutdown").start();
    }
}
