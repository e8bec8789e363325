package io.skywire.cli;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

import io.skywire.core.crypto.KeyPair;
import io.skywire.core.crypto.SecKey;
import io.skywire.core.dmsg.client.DmsgNetwork;
import io.skywire.core.dmsg.disc.DiscoveryClient;
import io.skywire.core.dmsg.disc.DiscoveryException;
import io.skywire.core.dmsg.disc.Entry;
import io.skywire.core.dmsg.http.DmsgHttpClient;
import io.skywire.core.visor.config.GoDuration;

/**
 * {@code skywire dmsg curl}: fetches {@code dmsg://<pk>:<port>/path} over dmsg (Go's {@code dmsgcurl}, same flags
 * where they make sense). Joins the dmsg network with a fresh key (or {@code --sk}), waits for a session, sends
 * one request per attempt and writes the body to stdout or, through a temporary file renamed at the end, to
 * {@code -o}. Unlike Go's dmsgcurl, a non-2xx answer is an error (exit 1, nothing written).
 */
final class DmsgCurl {
    static final String DEFAULT_DISC = "http://127.0.0.1:9090";
    static final String USAGE = "skywire dmsg curl [flags] dmsg://<pk>[:<port>]/<path>";
    /** Downloads at least this large show progress even when stderr is not a terminal. */
    static final long LARGE = 8L << 20;

    private DmsgCurl() {
    }

    /** The validated command line. */
    record Settings(URI url, String disc, int sessions, Level logLevel, byte[] data, Path out, boolean replace,
                    int tries, Duration waitBetween, String agent, KeyPair keys, Duration timeout) {
    }

    /** A flag or argument that is not acceptable: one line, exit 2. */
    static final class BadUsage extends Exception {
        private static final long serialVersionUID = 1L;

        BadUsage(String message) {
            super(message, null, false, false);
        }
    }

    static Options options() {
        return new Options()
                .addOption(Option.builder("c").longOpt("dmsg-disc").hasArg().argName("url")
                        .desc("dmsg discovery url (default " + DEFAULT_DISC + ")").get())
                .addOption(Option.builder("e").longOpt("sess").hasArg().argName("n")
                        .desc("number of dmsg servers to connect to (default 1)").get())
                .addOption(Option.builder("l").longOpt("loglvl").hasArg().argName("level")
                        .desc("log level: trace, debug, info, warn, error, fatal (default fatal)").get())
                .addOption(Option.builder("d").longOpt("data").hasArg().argName("text")
                        .desc("dmsghttp POST data (sent as text/plain)").get())
                .addOption(Option.builder("o").longOpt("out").hasArg().argName("file")
                        .desc("output file (a directory: the URL's file name in it); default stdout").get())
                .addOption(Option.builder("r").longOpt("replace")
                        .desc("replace an existing output file").get())
                .addOption(Option.builder("t").longOpt("try").hasArg().argName("n")
                        .desc("download attempts, 0 for unlimited (default 1)").get())
                .addOption(Option.builder("w").longOpt("wait").hasArg().argName("seconds")
                        .desc("time to wait between attempts (default 0)").get())
                .addOption(Option.builder("a").longOpt("agent").hasArg().argName("agent")
                        .desc("identify as this User-Agent (default dmsgcurl/<version>)").get())
                .addOption(Option.builder("s").longOpt("sk").hasArg().argName("hex")
                        .desc("secret key to use (default: a new key; env DMSGCURL_SK)").get())
                .addOption(Option.builder().longOpt("timeout").hasArg().argName("duration")
                        .desc("bound on waiting for a dmsg session, the dial, the answer and each stall while "
                                + "downloading (default 30s)").get());
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        String desc = "DMSG curl utility: fetches a URL over dmsghttp (HTTP over dmsg streams) and writes the body "
                + "to stdout or --out. Exit status 0 on a 2xx answer, 1 on any failure (error on stderr), 2 on "
                + "bad usage.";
        CommandLine cl;
        try {
            cl = Flags.parse(USAGE, desc, options(), args, 1, out, err);
        } catch (Flags.Exit x) {
            return x.code;
        }
        Settings s;
        try {
            s = settings(cl, System.getenv());
        } catch (BadUsage e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        LogSetup.configure(s.logLevel(), err);
        return fetch(s, out, err, err == System.err && isTerminal());
    }

    private static boolean isTerminal() {
        java.io.Console c = System.console();
        return c != null && c.isTerminal();
    }

    /** Validates the command line; {@code env} supplies DMSGCURL_SK. */
    static Settings settings(CommandLine cl, Map<String, String> env) throws BadUsage {
        List<String> rest = cl.getArgList();
        if (rest.isEmpty()) {
            throw new BadUsage("no URL provided (usage: " + USAGE + ")");
        }
        String text = rest.get(0);
        URI url;
        try {
            url = new URI(text);
            DmsgHttpClient.target(url);
        } catch (URISyntaxException e) {
            throw new BadUsage("invalid URL \"" + text + "\": " + e.getReason());
        } catch (IllegalArgumentException e) {
            throw new BadUsage("invalid URL \"" + text + "\": " + e.getMessage());
        }
        String disc = cl.getOptionValue("dmsg-disc", DEFAULT_DISC);
        try {
            URI d = new URI(disc);
            if (d.getScheme() == null || !d.getScheme().matches("https?") || d.getHost() == null) {
                throw new URISyntaxException(disc, "expected http://host:port");
            }
        } catch (URISyntaxException e) {
            throw new BadUsage("invalid --dmsg-disc \"" + disc + "\": expected a URL such as " + DEFAULT_DISC);
        }
        int sessions = number(cl, "sess", 1, 1, 64);
        int tries = number(cl, "try", 1, 0, Integer.MAX_VALUE);
        int waitSeconds = number(cl, "wait", 0, 0, 86_400);
        Level level;
        try {
            level = LogSetup.parse(cl.getOptionValue("loglvl", "fatal"));
        } catch (IllegalArgumentException e) {
            throw new BadUsage(e.getMessage());
        }
        Duration timeout;
        try {
            timeout = GoDuration.parse(cl.getOptionValue("timeout", "30s"));
        } catch (IllegalArgumentException e) {
            throw new BadUsage("invalid --timeout \"" + cl.getOptionValue("timeout")
                    + "\": use a Go duration such as 30s or 2m");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new BadUsage("invalid --timeout \"" + cl.getOptionValue("timeout") + "\": must be positive");
        }
        String skText = cl.getOptionValue("sk", env.getOrDefault("DMSGCURL_SK", ""));
        KeyPair keys;
        if (skText.isEmpty()) {
            keys = KeyPair.generate();
        } else {
            try {
                keys = KeyPair.fromSecKey(SecKey.fromHex(skText.trim()));
            } catch (RuntimeException e) {
                throw new BadUsage("invalid " + (cl.hasOption("sk") ? "--sk" : "DMSGCURL_SK") + ": " + e.getMessage());
            }
        }
        String agent = cl.getOptionValue("agent", "dmsgcurl/" + BuildInfo.version());
        if (agent.isEmpty() || agent.chars().anyMatch(ch -> ch < 0x20 || ch > 0x7e)) {
            throw new BadUsage("invalid --agent: use printable ASCII");
        }
        byte[] data = cl.hasOption("data") ? cl.getOptionValue("data").getBytes(StandardCharsets.UTF_8) : null;
        Path outFile = cl.hasOption("out") ? Path.of(cl.getOptionValue("out")) : null;
        return new Settings(url, disc, sessions, level, data, outFile, cl.hasOption("replace"), tries,
                Duration.ofSeconds(waitSeconds), agent, keys, timeout);
    }

    private static int number(CommandLine cl, String opt, int dflt, int min, int max) throws BadUsage {
        String v = cl.getOptionValue(opt);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new BadUsage("invalid --" + opt + " \"" + v + "\": expected a number from " + min
                    + (max == Integer.MAX_VALUE ? " up" : " to " + max));
        }
    }

    /** Where {@code -o} writes: the path, or the URL's last path segment inside it when it is a directory. */
    static Path outputFile(Path out, URI url) {
        if (!Files.isDirectory(out)) {
            return out;
        }
        String path = url.getPath() == null ? "" : url.getPath();
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            name = "index.html";
        }
        return out.resolve(name);
    }

    /** Joins dmsg, fetches with retries, writes the body; returns the exit code. */
    static int fetch(Settings s, PrintStream out, PrintStream err, boolean terminal) {
        Path target = null;
        if (s.out() != null) {
            target = outputFile(s.out(), s.url());
            if (Files.exists(target) && !s.replace()) {
                err.println("error: " + target + " already exists (use -r to replace it)");
                return 1;
            }
            if (Files.isDirectory(target)) {
                err.println("error: " + target + " is a directory");
                return 1;
            }
        }
        DiscoveryClient dc = new DiscoveryClient(s.disc(), min(s.timeout(), Duration.ofSeconds(10)));
        DmsgNetwork network = null;
        try {
            List<Entry> servers;
            try {
                servers = dc.availableServers();
            } catch (DiscoveryException e) {
                err.println("error: dmsg discovery " + s.disc() + (e.status() == 0 ? " is unreachable: "
                        : " failed: ") + e.getMessage() + " (check -c/--dmsg-disc)");
                return 1;
            }
            if (servers.isEmpty()) {
                err.println("error: dmsg discovery " + s.disc() + " lists no dmsg servers (start one: skywire dmsg "
                        + "server start --disc " + s.disc() + ")");
                return 1;
            }
            network = new DmsgNetwork(s.keys(), dc, DmsgNetwork.Config.defaults().withSessionCount(s.sessions()))
                    .start();
            if (!network.awaitReady(s.timeout())) {
                String why = network.lastError();
                err.println("error: no dmsg session within " + GoDuration.format(s.timeout()) + " via discovery "
                        + s.disc() + (why == null ? "" : ": " + why));
                return 1;
            }
            DmsgHttpClient client = new DmsgHttpClient(network).userAgent(s.agent());
            int attempts = s.tries() == 0 ? Integer.MAX_VALUE : s.tries();
            String failure = null;
            for (int i = 1; i <= attempts; i++) {
                Attempt a = target == null ? toStdout(client, s, out) : toFile(client, s, target, err, terminal);
                if (a.error == null) {
                    return 0;
                }
                failure = a.error;
                if (!a.retryable || i == attempts) {
                    break;
                }
                err.println("attempt " + i + (s.tries() == 0 ? "" : "/" + s.tries()) + " failed: " + a.error
                        + (s.waitBetween().isZero() ? "; retrying" : "; retrying in " + s.waitBetween().toSeconds() + "s"));
                Thread.sleep(s.waitBetween().toMillis());
            }
            err.println("error: " + s.url() + ": " + failure);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("error: interrupted");
            return 1;
        } finally {
            if (network != null) {
                network.close();
            }
            dc.close();
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** One attempt's outcome: {@code error} null on success. */
    private record Attempt(String error, boolean retryable) {
        static final Attempt OK = new Attempt(null, false);
    }

    private static Attempt httpFailure(DmsgHttpClient.Result r) {
        // 4xx will not change by asking again; 5xx might
        return new Attempt(r.statusText(), r.status() >= 500);
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private static Attempt toStdout(DmsgHttpClient client, Settings s, PrintStream out) {
        Counting sink = new Counting(out);
        try {
            DmsgHttpClient.Result r = client.fetch(s.data() == null ? "GET" : "POST", s.url(), s.data(),
                    s.data() == null ? null : "text/plain", s.timeout(), status -> ok(status) ? sink : null, null);
            out.flush();
            if (out.checkError()) {
                return new Attempt("writing to stdout failed", false);
            }
            return ok(r.status()) ? Attempt.OK : httpFailure(r);
        } catch (IOException e) {
            // bytes already on stdout cannot be taken back: retry only if none were written
            return new Attempt(describe(e), sink.count == 0);
        }
    }

    private static Attempt toFile(DmsgHttpClient client, Settings s, Path target, PrintStream err, boolean terminal) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        Thread cleanup = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".part");
            Path doomed = tmp;
            cleanup = new Thread(() -> {
                try {
                    Files.deleteIfExists(doomed);
                } catch (IOException ignored) {
                    // exiting anyway
                }
            });
            Runtime.getRuntime().addShutdownHook(cleanup);
            Progress progress = new Progress(err, terminal);
            DmsgHttpClient.Result r;
            try (OutputStream fo = new BufferedOutputStream(Files.newOutputStream(tmp), 64 * 1024)) {
                r = client.fetch(s.data() == null ? "GET" : "POST", s.url(), s.data(),
                        s.data() == null ? null : "text/plain", s.timeout(), status -> ok(status) ? fo : null,
                        progress);
            } finally {
                progress.end();
            }
            if (!ok(r.status())) {
                return httpFailure(r);
            }
            moveIntoPlace(tmp, target, s.replace());
            return Attempt.OK;
        } catch (FileAlreadyExistsException e) {
            return new Attempt(target + " appeared meanwhile (use -r to replace it)", false);
        } catch (IOException e) {
            return new Attempt(describe(e), true);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort
                }
            }
            if (cleanup != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(cleanup);
                } catch (IllegalStateException ignored) {
                    // shutting down: the hook runs
                }
            }
        }
    }

    private static void moveIntoPlace(Path tmp, Path target, boolean replace) throws IOException {
        if (!replace) {
            Files.move(tmp, target); // fails if the target appeared meanwhile
            return;
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static boolean ok(int status) {
        return status >= 200 && status < 300;
    }

    /** Counts what reached the sink (a partial stdout write is not retried). */
    private static final class Counting extends FilterOutputStream {
        long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    /**
     * Download progress on stderr, as Go's "Downloading: n/totalB (p%)": redrawn in place on a terminal (at most
     * every 100 ms), a line every 2 s otherwise and only for large downloads.
     */
    static final class Progress implements BiConsumer<Long, Long> {
        private final PrintStream err;
        private final boolean terminal;
        private long lastNanos;
        private long got;
        private long total = -1;
        private boolean shown;

        Progress(PrintStream err, boolean terminal) {
            this.err = err;
            this.terminal = terminal;
        }

        @Override
        public void accept(Long soFar, Long contentLength) {
            got = soFar;
            total = contentLength;
            if (!terminal && Math.max(got, total) < LARGE) {
                return;
            }
            long now = System.nanoTime();
            long every = terminal ? 100_000_000L : 2_000_000_000L;
            if (shown && now - lastNanos < every && got != total) {
                return;
            }
            lastNanos = now;
            shown = true;
            err.print(line() + (terminal ? "\r" : "\n"));
            err.flush();
        }

        String line() {
            return total >= 0 ? "Downloading: " + got + "/" + total + "B (" + (total == 0 ? 100 : got * 100 / total)
                    + "%)" : "Downloading: " + got + "B";
        }

        /** Ends a terminal progress line. */
        void end() {
            if (shown && terminal) {
                err.print(line() + "\n");
                err.flush();
            }
        }
    }
}
