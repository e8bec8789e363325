package io.skywire.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * Boots an embedded Felix with a set of bundles and waits until it stops: shared by {@code skywire visor}
 * and the deployment services. A bundle that gives up sets the system property {@value #FAILURE_PROPERTY}
 * and stops the framework; {@link #run} then prints the reason and returns 1.
 */
final class FelixRuntime {
    /** Same name as the visor and service components use. */
    static final String FAILURE_PROPERTY = "skywire.failure";
    private static final System.Logger LOG = System.getLogger("skywire.launcher");

    private FelixRuntime() {
    }

    /**
     * The launch profile (felix-config/*.properties, shipped as conf/felix/) over the settings nothing here
     * runs without.
     */
    static Map<String, String> profile(Path file) throws IOException {
        Map<String, String> props = new HashMap<>();
        props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        props.put("felix.service.urlhandlers", "false");
        if (Files.exists(file)) {
            java.util.Properties p = new java.util.Properties();
            try (java.io.Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            } catch (IOException e) {
                throw new IOException(file + ": " + e.getMessage(), e);
            }
            p.stringPropertyNames().forEach(k -> props.put(k, p.getProperty(k)));
        }
        return props;
    }

    /**
     * @param home the distribution directory
     * @param groups sub-directories of {@code bundle/} to install, e.g. "common", "visor"
     * @param err where to say what is missing
     * @return the jars, or null after printing an error
     */
    static List<Path> bundles(Path home, PrintStream err, String... groups) throws IOException {
        List<Path> jars = new ArrayList<>();
        for (String g : groups) {
            Path dir = home == null ? null : home.resolve("bundle").resolve(g);
            if (dir == null || !Files.isDirectory(dir)) {
                err.println("error: no boot bundles found (expected " + dir + "): run skywire from the "
                        + "distribution, i.e. bin/skywire, built by \"mvn -DskipTests install\"");
                return null;
            }
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(jars::add);
            }
        }
        return jars;
    }

    /**
     * Installs and starts the bundles, then blocks until the framework stops (Ctrl-C, a bundle's shutdown, or
     * gosh at stdin EOF).
     *
     * @param what "visor" or the service name, for the logs
     * @return the process exit code
     */
    static int run(String what, Map<String, String> props, List<Path> jars, Duration shutdownTimeout,
                   long launched, PrintStream err) throws Exception {
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class, FelixRuntime.class.getClassLoader())
                .findFirst().orElseThrow(() -> new IllegalStateException("Felix framework missing from lib/"));
        Framework fw = factory.newFramework(props);
        fw.init();
        List<Bundle> installed = new ArrayList<>();
        for (Path jar : jars) {
            try {
                installed.add(fw.getBundleContext().installBundle(jar.toUri().toString()));
            } catch (BundleException e) {
                LOG.log(System.Logger.Level.ERROR, "cannot install " + jar.getFileName() + ": " + e.getMessage());
            }
        }
        fw.start();
        for (Bundle b : installed) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                try {
                    b.start();
                } catch (BundleException e) {
                    LOG.log(System.Logger.Level.ERROR, "cannot start " + b.getSymbolicName() + ": " + e.getMessage());
                }
            }
        }
        LOG.log(System.Logger.Level.DEBUG, "framework with " + installed.size() + " boot bundles started in "
                + (System.nanoTime() - launched) / 1_000_000 + " ms");

        Thread hook = new Thread(() -> {
            try {
                if ((fw.getState() & (Bundle.ACTIVE | Bundle.STARTING)) != 0) {
                    LOG.log(System.Logger.Level.INFO, "stopping " + what);
                    fw.stop();
                    fw.waitForStop(shutdownTimeout.toMillis());
                }
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "unclean shutdown: " + e.getMessage());
            }
        }, "skywire-shutdown-hook");
        Runtime.getRuntime().addShutdownHook(hook);
        FrameworkEvent ev = fw.waitForStop(0);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // already shutting down: the hook is running
        }
        String failure = System.getProperty(FAILURE_PROPERTY);
        if (failure != null) {
            err.println("error: " + failure);
            return 1;
        }
        if (ev.getType() == FrameworkEvent.ERROR) {
            err.println("error: the OSGi framework stopped with an error: " + ev.getThrowable());
            return 1;
        }
        return 0;
    }
}
