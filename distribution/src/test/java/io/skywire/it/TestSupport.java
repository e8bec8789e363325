package io.skywire.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Shared by the container and system tests. */
public final class TestSupport {
    /** Fixed identity (dmsg test vector "client A"). */
    public static final String PK = "0385b4a08246a1d7fa5f22841783eaf3caf3bbd89c5c2e1737eef4b2a7bba42205";
    public static final String SK = "0b072dd42296a40806d3fbb999cca89ddc25f94c82096db0538d38e84aaa370e";

    private TestSupport() {
    }

    public static Path dist() {
        return Path.of(System.getProperty("skywire.dist", "target/skywire")).toAbsolutePath();
    }

    /** The jars {@code skywire visor} boots: bundle/common and bundle/visor. */
    public static java.util.List<Path> visorBundles() throws IOException {
        java.util.List<Path> jars = new java.util.ArrayList<>();
        for (String group : new String[] {"common", "visor"}) {
            try (java.util.stream.Stream<Path> s = Files.list(dist().resolve("bundle").resolve(group))) {
                s.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(jars::add);
            }
        }
        return jars;
    }

    public static Path helloJar() {
        return Path.of(System.getProperty("hello.jar", "target/skywire/examples/hello-app-1.1.0.jar")).toAbsolutePath();
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * Copies a bundle jar with another Bundle-Version: the same code released again, which is what a user's
     * update looks like to the framework.
     */
    public static Path withBundleVersion(Path jar, String version, Path out) throws IOException {
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
            Manifest m = new Manifest(in.getManifest());
            m.getMainAttributes().put(new Attributes.Name("Bundle-Version"), version);
            try (OutputStream os = Files.newOutputStream(out); JarOutputStream jo = new JarOutputStream(os, m)) {
                JarEntry e;
                while ((e = in.getNextJarEntry()) != null) {
                    jo.putNextEntry(new JarEntry(e.getName()));
                    in.transferTo(jo);
                    jo.closeEntry();
                }
            }
        }
        return out;
    }

    /** A minimal visor config in Go's shape, with the hello app in the launcher section. */
    public static String config(Path local, int rpcPort) {
        return """
                {
                  "version": "v0.1.0",
                  "sk": "%s",
                  "pk": "%s",
                  "dmsg": {"discovery": "http://127.0.0.1:9090", "sessions_count": 2, "servers": [], "servers_type": "all"},
                  "launcher": {
                    "service_discovery": "http://127.0.0.1:9098",
                    "apps": [
                      {"name": "hello", "binary": "skywire", "args": ["app", "hello", "--greeting", "hi"], "auto_start": true, "port": 7},
                      {"name": "skychat", "binary": "skywire", "args": ["app", "skychat", "--addr", ":8001"], "auto_start": false, "port": 1}
                    ],
                    "server_addr": "localhost:5505",
                    "bin_path": "./bin",
                    "display_node_ip": false
                  },
                  "hypervisors": [],
                  "cli_addr": "127.0.0.1:%d",
                  "log_level": "info",
                  "local_path": "%s",
                  "shutdown_timeout": "10s"
                }
                """.formatted(SK, PK, rpcPort, local.toString().replace("\\", "\\\\"));
    }

    public static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
