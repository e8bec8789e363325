package io.skywire.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.stream.Stream;

/** Version and build information for {@code -v}, {@code -b} and {@code -d}. */
final class BuildInfo {
    static final String BANNER = """
            ┌─┐┬┌─┬ ┬┬ ┬┬┬─┐┌─┐
            └─┐├┴┐└┬┘││││├┬┘├┤
            └─┘┴ ┴ ┴ └┴┘┴┴└─└─┘""";

    private BuildInfo() {
    }

    static String version() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException ignored) {
            // fall through to "unknown"
        }
        String v = p.getProperty("version", "unknown");
        return v.startsWith("$") ? "unknown" : "v" + v;
    }

    static String builtWith() {
        return "built with java " + Runtime.version().feature() + " (" + System.getProperty("java.vendor") + ")";
    }

    /** Like Go's runtime/debug.BuildInfo: the main module, then every jar of the runtime. */
    static void print(PrintStream out, Path home) {
        out.println("path\tio.skywire/skywire");
        out.println("mod\tio.skywire/skywire\t" + version());
        if (home != null) {
            for (String dir : new String[] {"lib", "bundle"}) {
                try (Stream<Path> s = Files.walk(home.resolve(dir), 2)) {
                    s.filter(x -> x.toString().endsWith(".jar")).map(x -> home.relativize(x).toString()).sorted()
                            .forEach(n -> out.println("dep\t" + n));
                } catch (IOException ignored) {
                    // a development run without the distribution layout has no such directory
                }
            }
        }
        out.println("build\truntime=" + Runtime.version());
        out.println("build\tos=" + System.getProperty("os.name") + " arch=" + System.getProperty("os.arch"));
    }
}
