package io.skywire.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints the table of {@code bench/run.sh} from JMH's JSON results: frame throughput as a ratio of the raw JDK AEAD
 * measured in the same run, secp256k1 and handshake rates as multiples of one ECDH from the same run.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.skywire.bench.Report [--markdown] jmh.json}
 */
public final class Report {
    private static final String PKG = "io.skywire.bench.";

    private final Map<String, Score> scores = new LinkedHashMap<>();
    private final boolean markdown;
    private final StringBuilder out = new StringBuilder();

    /** A JMH score converted to operations per second, with its 99.9 % confidence half-width. */
    record Score(double opsPerSec, double error) {
        double relErr() {
            return Double.isNaN(error) ? 0 : error / opsPerSec;
        }
    }

    private Report(boolean markdown) {
        this.markdown = markdown;
    }

    public static void main(String[] args) throws IOException {
        boolean md = false;
        String file = null;
        for (String a : args) {
            if (a.equals("--markdown")) {
                md = true;
            } else if (file == null && !a.startsWith("-")) {
                file = a;
            } else {
                System.err.println("usage: Report [--markdown] jmh.json");
                System.exit(2);
            }
        }
        if (file == null) {
            System.err.println("usage: Report [--markdown] jmh.json");
            System.exit(2);
        }
        Object json;
        try {
            json = new Json(Files.readString(Path.of(file), StandardCharsets.UTF_8)).parse();
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + file + " is not JMH JSON output: " + e.getMessage());
            System.exit(1);
            return;
        }
        if (!(json instanceof List<?> runs) || runs.isEmpty()) {
            System.err.println("error: " + file + " holds no benchmark results (did the JMH run fail?)");
            System.exit(1);
            return;
        }
        Report r = new Report(md);
        r.load(runs);
        System.out.print(r.render((Map<?, ?>) runs.get(0)));
    }

    private void load(List<?> runs) {
        for (Object o : runs) {
            Map<?, ?> run = (Map<?, ?>) o;
            String name = String.valueOf(run.get("benchmark"));
            if (name.startsWith(PKG)) {
                name = name.substring(PKG.length());
            }
            Map<?, ?> pm = (Map<?, ?>) run.get("primaryMetric");
            double score = number(pm.get("score"));
            double error = number(pm.get("scoreError"));
            double perSec = toOpsPerSec(String.valueOf(pm.get("scoreUnit")));
            if (Double.isNaN(perSec)) {
                scores.put(name, new Score(Double.NaN, Double.NaN));
            } else if (perSec > 0) {
                scores.put(name, new Score(score * perSec, error * perSec));
            } else { // time per op: invert, keeping the relative error
                double ops = -perSec / score;
                scores.put(name, new Score(ops, Double.isNaN(error) ? Double.NaN : ops * error / score));
            }
        }
    }

    /** Factor from the unit to ops/s; negative (seconds per unit) for time-per-op units; NaN if unknown. */
    private static double toOpsPerSec(String unit) {
        return switch (unit) {
            case "ops/s" -> 1;
            case "ops/ms" -> 1e3;
            case "ops/us" -> 1e6;
            case "ops/ns" -> 1e9;
            case "s/op" -> -1;
            case "ms/op" -> -1e-3;
            case "us/op" -> -1e-6;
            case "ns/op" -> -1e-9;
            default -> Double.NaN;
        };
    }

    private String render(Map<?, ?> first) {
        line("JMH " + text(first.get("jmhVersion")) + ", JDK " + text(first.get("jdkVersion")) + " ("
                + text(first.get("vmName")) + " " + text(first.get("vmVersion")) + "), " + text(first.get("forks"))
                + " fork(s), " + text(first.get("warmupIterations")) + " x " + text(first.get("warmupTime")) + " warm-up, "
                + text(first.get("measurementIterations")) + " x " + text(first.get("measurementTime")) + " measured, "
                + text(first.get("threads")) + " thread(s); ± is JMH's 99.9 % confidence interval.");
        line("");

        double mb = NoiseFramesBench.PLAINTEXT_LENGTH / 1e6;
        table("Noise frames, " + NoiseFramesBench.PLAINTEXT_LENGTH + "-byte plaintext",
                new String[] {"ours MB/s", "raw JDK AEAD MB/s", "ours / JDK", "time overhead"},
                new String[][] {
                    framesRow("seal: NoiseFrames.encrypt vs Cipher seal", "NoiseFramesBench.encrypt", "NoiseFramesBench.jdkSeal", mb),
                    framesRow("seal+open: encrypt + decrypt(STRICT) vs seal + open", "NoiseFramesBench.encryptDecrypt",
                            "NoiseFramesBench.jdkSealOpen", mb),
                });

        Score ecdh = scores.get("Secp256k1Bench.ecdh");
        table("secp256k1 (" + Secp256k1Bench.PAYLOAD_LENGTH + "-byte payload)", new String[] {"ops/s", "µs/op", "time in ECDHs"},
                new String[][] {
                    rateRow("Secp256k1.sign", "Secp256k1Bench.sign", ecdh),
                    rateRow("Secp256k1.verify", "Secp256k1Bench.verify", ecdh),
                    rateRow("Secp256k1.ecdh", "Secp256k1Bench.ecdh", ecdh),
                    rateRow("KeyPair.generate", "Secp256k1Bench.generateKeyPair", ecdh),
                });
        table("Noise handshakes (both sides, all messages, split)", new String[] {"handshakes/s", "µs/handshake", "time in ECDHs"},
                new String[][] {
                    rateRow("XK (3 messages: dmsg session)", "NoiseHandshakeBench.xk", ecdh),
                    rateRow("KK (2 messages: dmsg stream)", "NoiseHandshakeBench.kk", ecdh),
                });
        return out.toString();
    }

    private String[] framesRow(String label, String ours, String jdk, double mbPerOp) {
        Score a = scores.get(ours);
        Score b = scores.get(jdk);
        if (a == null || b == null) {
            return new String[] {label, a == null ? "not run" : pm(a, mbPerOp), b == null ? "not run" : pm(b, mbPerOp), "", ""};
        }
        double ratio = a.opsPerSec() / b.opsPerSec();
        double ratioErr = ratio * Math.hypot(a.relErr(), b.relErr());
        double overhead = (b.opsPerSec() / a.opsPerSec() - 1) * 100;
        return new String[] {label, pm(a, mbPerOp), pm(b, mbPerOp),
            String.format(Locale.ROOT, "%.2f ± %.2f", ratio, ratioErr), String.format(Locale.ROOT, "%+.0f %%", overhead)};
    }

    private String[] rateRow(String label, String name, Score ecdh) {
        Score s = scores.get(name);
        if (s == null) {
            return new String[] {label, "not run", "", ""};
        }
        String inEcdh = ecdh == null ? "" : String.format(Locale.ROOT, "%.2f", ecdh.opsPerSec() / s.opsPerSec());
        return new String[] {label, pm(s, 1), String.format(Locale.ROOT, "%.1f", 1e6 / s.opsPerSec()), inEcdh};
    }

    private static String pm(Score s, double scale) {
        String fmt = s.opsPerSec() * scale >= 100 ? "%.0f" : "%.1f";
        String v = String.format(Locale.ROOT, fmt, s.opsPerSec() * scale);
        return Double.isNaN(s.error()) ? v : v + " ± " + String.format(Locale.ROOT, fmt, s.error() * scale);
    }

    private void table(String title, String[] heads, String[][] rows) {
        String[] header = new String[heads.length + 1];
        header[0] = title;
        System.arraycopy(heads, 0, header, 1, heads.length);
        if (markdown) {
            line("| " + String.join(" | ", header) + " |");
            StringBuilder sep = new StringBuilder("|---");
            for (int i = 1; i < header.length; i++) {
                sep.append("|---:");
            }
            line(sep + "|");
            for (String[] r : rows) {
                line("| " + String.join(" | ", r) + " |");
            }
        } else {
            int[] w = new int[header.length];
            for (int i = 0; i < w.length; i++) {
                w[i] = header[i].length();
                for (String[] r : rows) {
                    w[i] = Math.max(w[i], r[i].length() + (i == 0 ? 2 : 0));
                }
            }
            line(pad(header, w, ""));
            for (String[] r : rows) {
                line(pad(r, w, "  "));
            }
        }
        line("");
    }

    /** The first cell left-aligned after {@code indent}, the others right-aligned. */
    private static String pad(String[] cells, int[] w, String indent) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            String c = i == 0 ? indent + cells[i] : cells[i];
            String fill = " ".repeat(w[i] - c.length());
            b.append(i == 0 ? c + fill : "   " + fill + c);
        }
        return b.toString().stripTrailing();
    }

    private void line(String s) {
        out.append(s).append('\n');
    }

    /** JSON numbers are parsed as doubles; print whole ones without ".0". */
    private static String text(Object o) {
        if (o instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
            return Long.toString(d.longValue());
        }
        return String.valueOf(o);
    }

    private static double number(Object o) {
        if (o instanceof Double d) {
            return d;
        }
        try {
            return Double.parseDouble(String.valueOf(o)); // JMH writes "NaN" as a string
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Just enough JSON for JMH's result file: objects, arrays, strings, numbers, true/false/null. */
    static final class Json {
        private final String s;
        private int p;

        Json(String s) {
            this.s = s;
        }

        Object parse() {
            Object v = value();
            ws();
            if (p != s.length()) {
                throw error("trailing characters");
            }
            return v;
        }

        private Object value() {
            ws();
            if (p >= s.length()) {
                throw error("unexpected end");
            }
            char c = s.charAt(p);
            switch (c) {
                case '{' -> {
                    p++;
                    Map<String, Object> m = new LinkedHashMap<>();
                    ws();
                    if (peek('}')) {
                        return m;
                    }
                    do {
                        ws();
                        String k = string();
                        ws();
                        expect(':');
                        m.put(k, value());
                        ws();
                    } while (peek(','));
                    expect('}');
                    return m;
                }
                case '[' -> {
                    p++;
                    List<Object> l = new ArrayList<>();
                    ws();
                    if (peek(']')) {
                        return l;
                    }
                    do {
                        l.add(value());
                        ws();
                    } while (peek(','));
                    expect(']');
                    return l;
                }
                case '"' -> {
                    return string();
                }
                default -> {
                    if (s.startsWith("true", p)) {
                        p += 4;
                        return Boolean.TRUE;
                    }
                    if (s.startsWith("false", p)) {
                        p += 5;
                        return Boolean.FALSE;
                    }
                    if (s.startsWith("null", p)) {
                        p += 4;
                        return null;
                    }
                    int start = p;
                    while (p < s.length() && "+-0123456789.eE".indexOf(s.charAt(p)) >= 0) {
                        p++;
                    }
                    if (start == p) {
                        throw error("unexpected '" + c + "'");
                    }
                    try {
                        return Double.parseDouble(s.substring(start, p));
                    } catch (NumberFormatException e) {
                        throw error("bad number " + s.substring(start, p));
                    }
                }
            }
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (true) {
                if (p >= s.length()) {
                    throw error("unterminated string");
                }
                char c = s.charAt(p++);
                if (c == '"') {
                    return b.toString();
                }
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                if (p >= s.length()) {
                    throw error("unterminated escape");
                }
                char e = s.charAt(p++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'u' -> {
                        if (p + 4 > s.length()) {
                            throw error("short \\u escape");
                        }
                        b.append((char) Integer.parseInt(s.substring(p, p + 4), 16));
                        p += 4;
                    }
                    default -> b.append(e);
                }
            }
        }

        private void ws() {
            while (p < s.length() && Character.isWhitespace(s.charAt(p))) {
                p++;
            }
        }

        private boolean peek(char c) {
            if (p < s.length() && s.charAt(p) == c) {
                p++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            if (!peek(c)) {
                throw error("expected '" + c + "'");
            }
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException(what + " at character " + p);
        }
    }
}
