package io.skywire.bench;

import io.skywire.core.crypto.KeyPair;
import io.skywire.core.crypto.PubKey;
import io.skywire.core.dmsg.session.DmsgClient;
import io.skywire.core.dmsg.session.DmsgException;
import io.skywire.core.dmsg.session.DmsgListener;
import io.skywire.core.dmsg.session.DmsgServer;
import io.skywire.core.dmsg.session.DmsgStream;
import io.skywire.core.dmsg.yamux.YamuxConfig;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;

/**
 * The dmsg end-to-end benchmark (not a test; run it with {@code bench/dmsg-e2e.sh}). In one run it measures:
 * <ol>
 *   <li>throughput: N MB (default 200) from dmsg client A through our {@link DmsgServer} to client B (and back, and
 *       both ways at once), against raw loopback TCP (one hop) and a plain TCP relay (two hops, the same topology
 *       without dmsg) measured in the same run, with the same 64 KiB application buffers;</li>
 *   <li>handshakes per second: stream setups (dial, server relay, accept, KK) and session setups (TCP + XK),
 *       sequential and concurrent;</li>
 *   <li>memory: heap after full GC of a server JVM ({@code -Xmx512m} by default) per idle stream and per idle
 *       session.</li>
 * </ol>
 * The receiver checks every byte with CRC-32C (hardware-accelerated, several GB/s, so it is left inside the timed
 * region for every mode alike) against the CRC of the data sent, computed before the clock starts.
 *
 * <p>{@code DmsgE2E server} is the server process: it prints {@code READY <dmsg port> <relay port> <pk>} and then
 * answers {@code heap} (full GC, then heap used) and {@code quit} on stdin.
 */
public final class DmsgE2E {
    private static final int BUF = 64 * 1024;
    private static final Duration DIAL = Duration.ofSeconds(20);
    private static final int PORT_XFER = 1;
    private static final int PORT_HS = 2;
    private static final int PORT_IDLE = 3;
    private static final PrintStream OUT = System.out;

    private DmsgE2E() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("server")) {
            serverMain(args.length > 1 ? Integer.parseInt(args[1]) : 256);
            return;
        }
        new Harness(Options.parse(args)).run();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // options

    record Options(long bytes, int reps, List<String> servers, List<String> sections, int streamSetups,
                   int sessionSetups, int concurrency, int idleStreams, int idleSessions, String serverHeap,
                   List<String> serverJvmArgs, Path outDir, int windowKib) {
        static Options parse(String[] args) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("size-mb", "200");
            m.put("reps", "5");
            m.put("server", "process,inproc");
            m.put("sections", "throughput,handshakes,memory");
            m.put("stream-setups", "400");
            m.put("session-setups", "200");
            m.put("concurrency", "8");
            m.put("idle-streams", "10000");
            m.put("idle-sessions", "500");
            m.put("server-heap", "512m");
            m.put("server-jvm-args", "");
            m.put("out", "bench/target");
            m.put("window-kib", "256");
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("-h") || a.equals("--help")) {
                    OUT.println("usage: DmsgE2E [--size-mb 200] [--reps 5] [--server process,inproc] "
                            + "[--sections throughput,handshakes,memory] [--stream-setups 400] [--session-setups 200] "
                            + "[--concurrency 8] [--idle-streams 10000] [--idle-sessions 500] [--server-heap 512m] "
                            + "[--server-jvm-args '...'] [--out bench/target] [--window-kib 256]");
                    System.exit(0);
                }
                if (!a.startsWith("--") || i + 1 >= args.length || !m.containsKey(a.substring(2))) {
                    throw new IllegalArgumentException("unknown or incomplete option " + a + " (try --help)");
                }
                m.put(a.substring(2), args[++i]);
            }
            return new Options(Long.parseLong(m.get("size-mb")) * 1_000_000L, Integer.parseInt(m.get("reps")),
                    List.of(m.get("server").split(",")), List.of(m.get("sections").split(",")),
                    Integer.parseInt(m.get("stream-setups")), Integer.parseInt(m.get("session-setups")),
                    Integer.parseInt(m.get("concurrency")), Integer.parseInt(m.get("idle-streams")),
                    Integer.parseInt(m.get("idle-sessions")), m.get("server-heap"),
                    m.get("server-jvm-args").isBlank() ? List.of() : List.of(m.get("server-jvm-args").trim().split("\\s+")),
                    Path.of(m.get("out")), Integer.parseInt(m.get("window-kib")));
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // the server side: a DmsgServer plus a plain TCP relay (the baseline's two-hop topology), in this JVM or another

    interface ServerHandle extends Closeable {
        InetSocketAddress dmsgAddress();

        PubKey pk();

        int relayPort();

        /** Heap used after full GC in the server's JVM, or -1 when the server shares our JVM. */
        long heapAfterGc() throws IOException;

        String describe();

        @Override
        void close();
    }

    /** Go's yamux DefaultConfig, except the receive window per stream when {@code --window-kib} is given. */
    static YamuxConfig yamux(int windowKib) {
        return YamuxConfig.defaults().withMaxStreamWindowSize(windowKib * 1024);
    }

    static DmsgServer startDmsgServer(KeyPair kp, int windowKib) throws IOException {
        DmsgServer.Config d = DmsgServer.Config.defaults();
        DmsgServer.Config cfg = new DmsgServer.Config(100_000, 1_000_000, d.handshakeTimeout(), d.requestTimeout(),
                d.strictTimestamps(), yamux(windowKib));
        return new DmsgServer(kp, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), cfg).start();
    }

    static final class InProcServer implements ServerHandle {
        final KeyPair kp = KeyPair.generate();
        final DmsgServer server;
        final TcpRelay relay;

        InProcServer(int windowKib) throws IOException {
            server = startDmsgServer(kp, windowKib);
            relay = new TcpRelay();
        }

        public InetSocketAddress dmsgAddress() {
            return server.address();
        }

        public PubKey pk() {
            return kp.pk();
        }

        public int relayPort() {
            return relay.port();
        }

        public long heapAfterGc() {
            return -1;
        }

        public String describe() {
            return "in the harness JVM";
        }

        public void close() {
            server.close();
            relay.close();
        }
    }

    static final class ProcServer implements ServerHandle {
        final Process proc;
        final BufferedReader out;
        final PrintStream in;
        final InetSocketAddress addr;
        final int relayPort;
        final PubKey pk;
        final String heap;

        ProcServer(String heap, int windowKib, List<String> extraJvmArgs, Path log) throws IOException {
            this.heap = heap;
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("-Xms" + heap);
            cmd.add("-Xmx" + heap);
            cmd.add("--sun-misc-unsafe-memory-access=allow");
            cmd.addAll(extraJvmArgs);
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(DmsgE2E.class.getName());
            cmd.add("server");
            cmd.add(Integer.toString(windowKib));
            proc = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            out = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8));
            in = new PrintStream(proc.getOutputStream(), true, StandardCharsets.UTF_8);
            String line = out.readLine();
            if (line == null || !line.startsWith("READY ")) {
                proc.destroyForcibly();
                throw new IOException("the server process did not start (first line: " + line + "; see " + log + ")");
            }
            String[] f = line.split(" ");
            addr = new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(f[1]));
            relayPort = Integer.parseInt(f[2]);
            pk = PubKey.fromHex(f[3]);
        }

        public InetSocketAddress dmsgAddress() {
            return addr;
        }

        public PubKey pk() {
            return pk;
        }

        public int relayPort() {
            return relayPort;
        }

        public synchronized long heapAfterGc() throws IOException {
            in.println("heap");
            String line = out.readLine();
            if (line == null || !line.startsWith("HEAP ")) {
                throw new IOException("the server process died or answered " + line);
            }
            return Long.parseLong(line.split(" ")[1]);
        }

        /** Writes the server's class histogram (jcmd GC.class_histogram) to {@code file}. */
        void histogram(Path file) {
            try {
                Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
                Process p = new ProcessBuilder(jcmd.toString(), Long.toString(proc.pid()), "GC.class_histogram")
                        .redirectErrorStream(true).redirectOutput(file.toFile()).start();
                p.waitFor(60, TimeUnit.SECONDS);
            } catch (IOException | InterruptedException e) {
                OUT.println("  (no class histogram: " + e + ")");
            }
        }

        public String describe() {
            return "separate JVM, -Xmx" + heap + ", pid " + proc.pid();
        }

        public void close() {
            in.println("quit");
            try {
                if (!proc.waitFor(10, TimeUnit.SECONDS)) {
                    proc.destroyForcibly();
                }
            } catch (InterruptedException e) {
                proc.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void serverMain(int windowKib) throws Exception {
        KeyPair kp = KeyPair.generate();
        DmsgServer server = startDmsgServer(kp, windowKib);
        TcpRelay relay = new TcpRelay();
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        out.println("READY " + server.address().getPort() + " " + relay.port() + " " + kp.pk().hex());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.equals("quit")) {
            if (line.equals("heap")) {
                out.println("HEAP " + heapAfterGcHere() + " " + server.sessionCount());
            }
        }
        server.close();
        relay.close();
        System.exit(0);
    }

    static long heapAfterGcHere() throws InterruptedException {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
            MemoryUsage u = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            best = Math.min(best, u.getUsed());
        }
        return best;
    }

    /**
     * A plain TCP relay: the client sends the target port (uint16), the relay connects to 127.0.0.1:port and
     * copies both ways with 64 KiB buffers, propagating half-close.
     */
    static final class TcpRelay implements Closeable {
        final ServerSocket ss;

        TcpRelay() throws IOException {
            ss = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofPlatform().daemon().name("tcp-relay-accept").start(this::acceptLoop);
        }

        int port() {
            return ss.getLocalPort();
        }

        private void acceptLoop() {
            while (!ss.isClosed()) {
                try {
                    Socket a = ss.accept();
                    Thread.ofPlatform().daemon().start(() -> serve(a));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private static void serve(Socket a) {
            try (a; Socket b = new Socket(InetAddress.getLoopbackAddress(),
                    new DataInputStream(a.getInputStream()).readUnsignedShort())) {
                a.setTcpNoDelay(true);
                b.setTcpNoDelay(true);
                Thread t = Thread.ofPlatform().daemon().start(() -> copy(b, a));
                copy(a, b);
                t.join();
            } catch (IOException | InterruptedException e) {
                // one relayed connection ended badly; the benchmark's receiver notices
            }
        }

        private static void copy(Socket from, Socket to) {
            byte[] buf = new byte[BUF];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                }
                to.shutdownOutput();
            } catch (IOException e) {
                // ends the relay of this connection
            }
        }

        public void close() {
            try {
                ss.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // data: a 64 KiB random block sent over and over; the receiver's CRC-32C must equal the sender's

    static final byte[] BLOCK = new byte[BUF];

    static {
        new SplittableRandom(42).nextBytes(BLOCK);
    }

    static long expectedCrc(long bytes) {
        CRC32C c = new CRC32C();
        for (long left = bytes; left > 0; left -= BUF) {
            c.update(BLOCK, 0, (int) Math.min(BUF, left));
        }
        return c.getValue();
    }

    static void send(OutputStream out, long bytes) throws IOException {
        for (long left = bytes; left > 0; left -= BUF) {
            out.write(BLOCK, 0, (int) Math.min(BUF, left));
        }
    }

    /** Reads to EOF; returns {bytes, crc}. */
    static long[] receive(InputStream in) throws IOException {
        byte[] buf = new byte[BUF];
        CRC32C c = new CRC32C();
        long total = 0;
        int n;
        while ((n = in.read(buf, 0, buf.length)) >= 0) {
            c.update(buf, 0, n);
            total += n;
        }
        return new long[] {total, c.getValue()};
    }

    static final AtomicInteger BUSY_RETRIES = new AtomicInteger();

    /**
     * Dials, retrying while the listener's accept buffer (20 streams, Go's AcceptBufferSize) is full (error 401):
     * on a loaded 2-core machine the accepting thread can fall behind 8 dialers for a moment.
     */
    static DmsgStream dial(DmsgClient a, PubKey to, int port) throws IOException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                return a.dial(to, port, DIAL);
            } catch (DmsgException e) {
                if (e.code() != 401 || attempt >= 50) {
                    throw e;
                }
                BUSY_RETRIES.incrementAndGet();
                Thread.sleep(5L * (attempt + 1));
            }
        }
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    static final class Harness {
        final Options o;
        final ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "bench");
            t.setDaemon(true);
            return t;
        });
        final StringBuilder md = new StringBuilder();
        final long expected;

        Harness(Options o) {
            this.o = o;
            this.expected = expectedCrc(o.bytes);
        }

        void run() throws Exception {
            Files.createDirectories(o.outDir);
            String cc = readFile("/proc/sys/net/ipv4/tcp_congestion_control");
            String date = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
            String machine = Runtime.getRuntime().availableProcessors() + " CPUs, " + cpuName() + ", "
                    + System.getProperty("os.name") + " " + System.getProperty("os.version") + ", JDK "
                    + System.getProperty("java.vm.version");
            say("dmsg end-to-end benchmark, " + date);
            say("machine: " + machine);
            say("TCP congestion control in this network namespace: " + cc);
            md.append("- **Date:** ").append(date).append("; **machine:** ").append(machine).append('\n');
            md.append("- **TCP congestion control** (this network namespace): `").append(cc).append("`; load average at "
                    + "the start (1/5/15 min): ").append(loadAverage()).append(" (other jobs share this machine)\n");
            md.append("- **Settings:** ").append(o.bytes / 1_000_000).append(" MB per transfer, ").append(o.reps)
                    .append(" timed repetitions after 2 warm-up transfers; 64 KiB application reads and writes; "
                            + "receiver checks CRC-32C; yamux receive window per stream ").append(o.windowKib)
                    .append(" KiB").append(o.windowKib == 256 ? " (Go's default)" : " (Go's default is 256)")
                    .append(".\n\n");
            for (String mode : o.servers) {
                if (!o.sections.contains("throughput") && !o.sections.contains("handshakes")) {
                    break;
                }
                try (ServerHandle s = startServer(mode, o.serverHeap)) {
                    say("");
                    say("== server " + s.describe() + " == (load average " + loadAverage() + ")");
                    md.append("#### Server ").append(s.describe().replaceAll(", pid \\d+", "")).append("\n\n");
                    if (o.sections.contains("throughput")) {
                        throughput(s);
                    }
                    if (o.sections.contains("handshakes")) {
                        handshakes(s);
                    }
                }
            }
            if (o.sections.contains("memory")) {
                memory();
            }
            String end = "load average at the end: " + loadAverage() + "; dials retried after error 401 (accept "
                    + "buffer full): " + BUSY_RETRIES.get();
            say(end);
            md.append("- ").append(end).append('\n');
            Path mdFile = o.outDir.resolve("dmsg-e2e.md");
            Files.writeString(mdFile, md.toString());
            say("");
            say("Markdown: " + mdFile);
            threads.shutdownNow();
            System.exit(0);
        }

        ServerHandle startServer(String mode, String heap) throws IOException {
            return switch (mode) {
                case "inproc" -> new InProcServer(o.windowKib);
                case "process" -> new ProcServer(heap, o.windowKib, o.serverJvmArgs,
                        o.outDir.resolve("dmsg-e2e-server.log"));
                default -> throw new IllegalArgumentException("--server: process or inproc, not " + mode);
            };
        }

        // ----------------------------------------------------------------------------------------------- throughput

        void throughput(ServerHandle s) throws Exception {
            DmsgClient a = DmsgClient.connect(KeyPair.generate(), s.dmsgAddress(), s.pk(), yamux(o.windowKib));
            DmsgClient b = DmsgClient.connect(KeyPair.generate(), s.dmsgAddress(), s.pk(), yamux(o.windowKib));
            DmsgListener l = b.listen(PORT_XFER);
            try {
                Map<String, List<Double>> r = new LinkedHashMap<>();
                String[] names = {"raw TCP, direct (1 hop)", "raw TCP via a TCP relay (2 hops)",
                        "dmsg A → server → B (dialer sends)", "dmsg B → server → A (acceptor sends)",
                        "dmsg both ways at once (sum)"};
                for (String n : names) {
                    r.put(n, new ArrayList<>());
                }
                say("warm-up ...");
                rawDirect();
                for (int i = 0; i < 2; i++) {
                    dmsg(a, l, b, true, false);
                }
                rawRelay(s.relayPort());
                for (int rep = 0; rep < o.reps; rep++) {
                    r.get(names[0]).add(rawDirect());
                    r.get(names[1]).add(rawRelay(s.relayPort()));
                    r.get(names[2]).add(dmsg(a, l, b, true, false));
                    r.get(names[3]).add(dmsg(a, l, b, false, false));
                    r.get(names[4]).add(dmsg(a, l, b, true, true));
                    say(String.format(Locale.ROOT, "rep %d: raw %.0f, relay %.0f, A→B %.0f, B→A %.0f, both %.0f MB/s",
                            rep + 1, last(r, names[0]), last(r, names[1]), last(r, names[2]), last(r, names[3]),
                            last(r, names[4])));
                }
                double raw = median(r.get(names[0]));
                double relay = median(r.get(names[1]));
                md.append("| ").append(o.bytes / 1_000_000).append(" MB transfer | median MB/s | min–max MB/s | "
                        + "vs raw TCP | vs TCP relay |\n|---|---:|---:|---:|---:|\n");
                for (String n : names) {
                    List<Double> v = r.get(n);
                    double med = median(v);
                    String line = String.format(Locale.ROOT, "| %s | %.0f | %.0f–%.0f | %.0f %% | %.0f %% |", n, med,
                            v.stream().mapToDouble(d -> d).min().orElse(0), v.stream().mapToDouble(d -> d).max().orElse(0),
                            100 * med / raw, 100 * med / relay);
                    md.append(line).append('\n');
                    say(line);
                }
                md.append('\n');
            } finally {
                l.close();
                a.close();
                b.close();
            }
        }

        static double last(Map<String, List<Double>> r, String k) {
            List<Double> v = r.get(k);
            return v.get(v.size() - 1);
        }

        double rawDirect() throws Exception {
            try (ServerSocket ss = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
                Future<long[]> rx = threads.submit(() -> {
                    try (Socket c = ss.accept()) {
                        c.setTcpNoDelay(true);
                        return receive(c.getInputStream());
                    }
                });
                try (Socket c = new Socket(InetAddress.getLoopbackAddress(), ss.getLocalPort())) {
                    c.setTcpNoDelay(true);
                    long t0 = System.nanoTime();
                    send(c.getOutputStream(), o.bytes);
                    c.shutdownOutput();
                    long[] got = rx.get(120, TimeUnit.SECONDS);
                    return rate(got, t0, o.bytes);
                }
            }
        }

        double rawRelay(int relayPort) throws Exception {
            try (ServerSocket ss = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
                Future<long[]> rx = threads.submit(() -> {
                    try (Socket c = ss.accept()) {
                        c.setTcpNoDelay(true);
                        return receive(c.getInputStream());
                    }
                });
                try (Socket c = new Socket(InetAddress.getLoopbackAddress(), relayPort)) {
                    c.setTcpNoDelay(true);
                    DataOutputStream d = new DataOutputStream(c.getOutputStream());
                    d.writeShort(ss.getLocalPort());
                    d.flush();
                    long t0 = System.nanoTime();
                    send(c.getOutputStream(), o.bytes);
                    c.shutdownOutput();
                    long[] got = rx.get(120, TimeUnit.SECONDS);
                    return rate(got, t0, o.bytes);
                }
            }
        }

        /**
         * One dmsg transfer on a fresh stream A → B. {@code dialerSends}: A sends, else B sends; {@code both}: both
         * send {@code bytes} at once (the rate is the sum).
         */
        double dmsg(DmsgClient a, DmsgListener l, DmsgClient b, boolean dialerSends, boolean both) throws Exception {
            Future<DmsgStream> acc = threads.submit(() -> l.accept(DIAL));
            try (DmsgStream da = a.dial(b.publicKey(), PORT_XFER, DIAL);
                 DmsgStream db = acc.get(30, TimeUnit.SECONDS)) {
                DmsgStream tx = dialerSends ? da : db;
                DmsgStream rxs = dialerSends ? db : da;
                long t0 = System.nanoTime();
                Future<long[]> rx = threads.submit(() -> receive(rxs.inputStream()));
                Future<long[]> rx2 = null;
                Future<?> tx2 = null;
                if (both) {
                    rx2 = threads.submit(() -> receive(tx.inputStream()));
                    tx2 = threads.submit((Callable<Void>) () -> {
                        send(rxs.outputStream(), o.bytes);
                        rxs.closeWrite();
                        return null;
                    });
                }
                send(tx.outputStream(), o.bytes);
                tx.closeWrite();
                long[] got = rx.get(300, TimeUnit.SECONDS);
                if (!both) {
                    return rate(got, t0, o.bytes);
                }
                tx2.get(300, TimeUnit.SECONDS);
                long[] got2 = rx2.get(300, TimeUnit.SECONDS);
                check(got2, o.bytes);
                return 2 * rate(got, t0, o.bytes);
            }
        }

        double rate(long[] got, long t0, long bytes) {
            long t = System.nanoTime() - t0;
            check(got, bytes);
            return bytes / 1e6 / (t / 1e9);
        }

        void check(long[] got, long bytes) {
            if (got[0] != bytes || got[1] != expected) {
                throw new IllegalStateException("data check failed: got " + got[0] + " bytes, CRC-32C "
                        + Long.toHexString(got[1]) + ", expected " + bytes + " bytes, " + Long.toHexString(expected));
            }
        }

        // ----------------------------------------------------------------------------------------------- handshakes

        void handshakes(ServerHandle s) throws Exception {
            DmsgClient a = DmsgClient.connect(KeyPair.generate(), s.dmsgAddress(), s.pk(), yamux(o.windowKib));
            DmsgClient b = DmsgClient.connect(KeyPair.generate(), s.dmsgAddress(), s.pk(), yamux(o.windowKib));
            DmsgListener l = b.listen(PORT_HS);
            AtomicInteger accepted = new AtomicInteger();
            Future<?> acceptor = threads.submit(() -> {
                while (true) {
                    try {
                        l.accept(null).close();
                        accepted.incrementAndGet();
                    } catch (IOException e) {
                        return null;
                    }
                }
            });
            md.append("| setups | n | concurrency | per second | ms each (latency) |\n|---|---:|---:|---:|---:|\n");
            try {
                streamSetups(a, b, Math.max(50, o.streamSetups / 4), 1, null); // warm-up
                streamSetups(a, b, o.streamSetups, 1, "streams (dial → server → accept, KK)");
                streamSetups(a, b, o.streamSetups, o.concurrency, "streams (dial → server → accept, KK)");
                sessionSetups(s, Math.max(20, o.sessionSetups / 4), 1, null); // warm-up
                sessionSetups(s, o.sessionSetups, 1, "sessions (TCP connect + XK + yamux)");
                sessionSetups(s, o.sessionSetups, o.concurrency, "sessions (TCP connect + XK + yamux)");
            } finally {
                l.close();
                acceptor.cancel(true);
                a.close();
                b.close();
            }
            md.append('\n');
        }

        void streamSetups(DmsgClient a, DmsgClient b, int n, int conc, String label) throws Exception {
            AtomicInteger left = new AtomicInteger(n);
            AtomicLong latency = new AtomicLong();
            List<Future<?>> fs = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < conc; i++) {
                fs.add(threads.submit((Callable<Void>) () -> {
                    while (left.getAndDecrement() > 0) {
                        long s0 = System.nanoTime();
                        DmsgStream st = dial(a, b.publicKey(), PORT_HS);
                        latency.addAndGet(System.nanoTime() - s0);
                        st.close();
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get(300, TimeUnit.SECONDS);
            }
            report(label, n, conc, System.nanoTime() - t0, latency.get());
        }

        void sessionSetups(ServerHandle s, int n, int conc, String label) throws Exception {
            AtomicInteger left = new AtomicInteger(n);
            AtomicLong latency = new AtomicLong();
            ConcurrentLinkedQueue<DmsgClient> opened = new ConcurrentLinkedQueue<>();
            List<Future<?>> fs = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < conc; i++) {
                fs.add(threads.submit((Callable<Void>) () -> {
                    while (left.getAndDecrement() > 0) {
                        KeyPair kp = KeyPair.generate(); // a fresh identity per session, as a new client has
                        long s0 = System.nanoTime();
                        opened.add(DmsgClient.connect(kp, s.dmsgAddress(), s.pk(), yamux(o.windowKib)));
                        latency.addAndGet(System.nanoTime() - s0);
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get(300, TimeUnit.SECONDS);
            }
            long t = System.nanoTime() - t0;
            closeAll(opened);
            report(label, n, conc, t, latency.get());
        }

        void closeAll(java.util.Collection<DmsgClient> cs) throws InterruptedException {
            List<Future<?>> fs = new ArrayList<>();
            for (DmsgClient c : cs) {
                fs.add(threads.submit(c::close));
            }
            for (Future<?> f : fs) {
                try {
                    f.get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    // best effort
                }
            }
        }

        void report(String label, int n, int conc, long nanos, long latencyNanos) {
            if (label == null) {
                return;
            }
            double perSec = n / (nanos / 1e9);
            String line = String.format(Locale.ROOT, "| %s | %d | %d | %.0f | %.2f |", label, n, conc, perSec,
                    latencyNanos / 1e6 / n);
            md.append(line).append('\n');
            say(line);
        }

        // --------------------------------------------------------------------------------------------------- memory

        void memory() throws Exception {
            say("");
            ProcServer s = new ProcServer(o.serverHeap, o.windowKib, o.serverJvmArgs,
                    o.outDir.resolve("dmsg-e2e-server.log"));
            say("== memory: server " + s.describe() + " == (load average " + loadAverage() + ")");
            md.append("#### Memory (server in a separate JVM, `-Xms").append(o.serverHeap).append(" -Xmx")
                    .append(o.serverHeap).append("`; heap used after `System.gc()`)\n\n");
            long maxHeap = parseSize(o.serverHeap);
            List<DmsgClient> clients = new ArrayList<>();
            List<DmsgStream> held = java.util.Collections.synchronizedList(new ArrayList<>());
            try {
                DmsgClient a = DmsgClient.connect(KeyPair.generate(), s.dmsgAddress(), s.pk(), yamux(o.windowKib));
                DmsgClient b = DmsgClient.connect(KeyPair.generate(), s.dmsgAddress(), s.pk(), yamux(o.windowKib));
                clients.add(a);
                clients.add(b);
                DmsgListener l = b.listen(PORT_IDLE);
                Future<?> acceptor = threads.submit(() -> {
                    while (true) {
                        try {
                            held.add(l.accept(null));
                        } catch (IOException e) {
                            return null;
                        }
                    }
                });
                // warm up the server's relay path (class loading, JIT) so the baseline includes it
                for (int i = 0; i < 50; i++) {
                    a.dial(b.publicKey(), PORT_IDLE, DIAL).close();
                }
                Thread.sleep(500);
                for (DmsgStream d : held) {
                    d.close();
                }
                held.clear();
                Thread.sleep(500);
                long base = s.heapAfterGc();
                say(String.format(Locale.ROOT, "baseline (2 sessions, 0 streams): %.1f MiB", base / 1048576.0));
                md.append("| idle streams | server heap after GC | per stream (above the 2-session baseline) |\n"
                        + "|---:|---:|---:|\n");
                md.append(String.format(Locale.ROOT, "| 0 | %.1f MiB | – |%n", base / 1048576.0));
                int step = Math.max(1, o.idleStreams / 10);
                int open = 0;
                double perStream = 0;
                String stopped = null;
                List<DmsgStream> dialed = java.util.Collections.synchronizedList(new ArrayList<>());
                while (open < o.idleStreams) {
                    int n = Math.min(step, o.idleStreams - open);
                    // stop before the server would run out of heap (an OOM there would end the measurement)
                    if (perStream > 0 && base + (open + n) * perStream > 0.92 * maxHeap) {
                        stopped = String.format(Locale.ROOT, "stopped at %d streams: %d more would need about %.0f "
                                + "MiB of the %d MiB heap", open, n, (base + (open + n) * perStream) / 1048576.0,
                                maxHeap / 1048576);
                        break;
                    }
                    AtomicInteger left = new AtomicInteger(n);
                    List<Future<?>> fs = new ArrayList<>();
                    for (int i = 0; i < o.concurrency; i++) {
                        fs.add(threads.submit((Callable<Void>) () -> {
                            while (left.getAndDecrement() > 0) {
                                dialed.add(dial(a, b.publicKey(), PORT_IDLE));
                            }
                            return null;
                        }));
                    }
                    try {
                        for (Future<?> f : fs) {
                            f.get(600, TimeUnit.SECONDS);
                        }
                    } catch (Exception e) {
                        stopped = "dialing failed after " + dialed.size() + " streams: " + e.getCause();
                        break;
                    }
                    open += n;
                    while (held.size() < open) {
                        Thread.sleep(10);
                    }
                    long h = s.heapAfterGc();
                    perStream = (double) (h - base) / open;
                    String line = String.format(Locale.ROOT, "| %d | %.1f MiB | %.0f bytes |", open, h / 1048576.0,
                            perStream);
                    md.append(line).append('\n');
                    say(line);
                }
                s.histogram(o.outDir.resolve("dmsg-e2e-histo-streams.txt"));
                String verdict = String.format(Locale.ROOT, "%d idle streams open through one server; at %.0f bytes each, "
                                + "a %d MiB heap holds about %.0f idle streams (beyond the baseline)%s.", open,
                        perStream, maxHeap / 1048576, perStream > 0 ? (maxHeap - base) / perStream : 0,
                        stopped == null ? "" : "; " + stopped);
                say(verdict);
                md.append('\n').append(verdict).append(" Class histogram at the peak: `")
                        .append(o.outDir.resolve("dmsg-e2e-histo-streams.txt")).append("`.\n\n");
                for (DmsgStream d : dialed) {
                    d.close();
                }
                for (DmsgStream d : held) {
                    d.close();
                }
                l.close();
                acceptor.cancel(true);
                dialed.clear();
                held.clear();
                Thread.sleep(2000);

                // idle sessions
                long base2 = s.heapAfterGc();
                List<DmsgClient> extra = java.util.Collections.synchronizedList(new ArrayList<>());
                AtomicInteger left = new AtomicInteger(o.idleSessions);
                List<Future<?>> fs = new ArrayList<>();
                for (int i = 0; i < o.concurrency; i++) {
                    fs.add(threads.submit((Callable<Void>) () -> {
                        while (left.getAndDecrement() > 0) {
                            extra.add(DmsgClient.connect(KeyPair.generate(), s.dmsgAddress(), s.pk(), yamux(o.windowKib)));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : fs) {
                    f.get(600, TimeUnit.SECONDS);
                }
                Thread.sleep(500);
                long h = s.heapAfterGc();
                double perSession = (double) (h - base2) / extra.size();
                String line = String.format(Locale.ROOT, "%d more idle sessions: server heap %.1f → %.1f MiB, %.0f bytes "
                        + "per idle session (each client its own TCP connection, XK keys and yamux session)",
                        extra.size(), base2 / 1048576.0, h / 1048576.0, perSession);
                say(line);
                md.append(line).append(".\n\n");
                clients.addAll(extra);
            } finally {
                for (DmsgStream d : held) {
                    d.close();
                }
                closeAll(clients);
                s.close();
            }
        }

        static long parseSize(String s) {
            String t = s.toLowerCase(Locale.ROOT);
            long mul = t.endsWith("g") ? 1L << 30 : t.endsWith("m") ? 1L << 20 : t.endsWith("k") ? 1L << 10 : 1;
            return Long.parseLong(mul == 1 ? t : t.substring(0, t.length() - 1)) * mul;
        }

        static double median(List<Double> v) {
            double[] a = v.stream().mapToDouble(d -> d).sorted().toArray();
            return a.length == 0 ? 0 : a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
        }

        static void say(String s) {
            OUT.println(s);
            OUT.flush();
        }

        static String readFile(String f) {
            try {
                return Files.readString(Path.of(f)).trim();
            } catch (IOException e) {
                return "unknown";
            }
        }

        static String cpuName() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                    if (line.startsWith("model name")) {
                        return line.substring(line.indexOf(':') + 1).trim();
                    }
                }
            } catch (IOException ignored) {
                // not Linux
            }
            return "unknown CPU";
        }
    }
}
