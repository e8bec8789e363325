package io.skywire.core.visor.config;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Go's duration text ({@code time.Duration.String} and {@code time.ParseDuration}), as the visor config writes
 * {@code shutdown_timeout}, {@code route_finder_timeout} and {@code log_store.rotation_interval}: {@code "10s"},
 * {@code "1m30s"}, {@code "168h0m0s"}, {@code "1.5s"}, {@code "250ms"}.
 */
public final class GoDuration {
    private GoDuration() {
    }

    /**
     * Formats like Go's {@code time.Duration.String()}.
     *
     * @param d a duration (null is treated as zero)
     * @return e.g. "10s", "168h0m0s", "1.5ms", "0s"
     */
    public static String format(Duration d) {
        long ns = d == null ? 0 : d.toNanos();
        if (ns == 0) {
            return "0s";
        }
        boolean neg = ns < 0;
        // work with the magnitude as an unsigned value (Long.MIN_VALUE has no positive counterpart)
        long u = neg ? -ns : ns;
        StringBuilder sb = new StringBuilder();
        if (Long.compareUnsigned(u, 1_000_000_000L) < 0) {
            if (u < 1_000L) {
                sb.append(u).append("ns");
            } else if (u < 1_000_000L) {
                sb.append(frac(u, 3)).append("µs");
            } else {
                sb.append(frac(u, 6)).append("ms");
            }
        } else {
            String secs = frac(Long.remainderUnsigned(u, 60_000_000_000L), 9);
            long rest = Long.divideUnsigned(u, 60_000_000_000L);
            String out = secs + "s";
            if (rest > 0) {
                out = (rest % 60) + "m" + out;
                rest /= 60;
                if (rest > 0) {
                    out = rest + "h" + out;
                }
            }
            sb.append(out);
        }
        return neg ? "-" + sb : sb.toString();
    }

    /** {@code v / 10^prec} with the fraction's trailing zeros (and a bare dot) removed. */
    private static String frac(long v, int prec) {
        BigDecimal b = new BigDecimal(Long.toUnsignedString(v)).movePointLeft(prec).stripTrailingZeros();
        return b.scale() <= 0 ? b.toBigInteger().toString() : b.toPlainString();
    }

    /**
     * Parses like Go's {@code time.ParseDuration}: a possibly signed sequence of decimal numbers, each with an
     * optional fraction and a unit suffix ({@code ns}, {@code us}/{@code µs}, {@code ms}, {@code s}, {@code m},
     * {@code h}); {@code "0"} alone is allowed.
     *
     * @param s the text
     * @return the duration
     * @throws IllegalArgumentException with a one-line message when {@code s} is not a duration
     */
    public static Duration parse(String s) {
        if (s == null) {
            throw new IllegalArgumentException("invalid duration: null");
        }
        String orig = s;
        int i = 0;
        boolean neg = false;
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        if (s.substring(i).equals("0")) {
            return Duration.ZERO;
        }
        if (i == s.length()) {
            throw new IllegalArgumentException("invalid duration \"" + orig + "\"");
        }
        BigDecimal total = BigDecimal.ZERO;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            String num = s.substring(start, i);
            if (num.isEmpty() || num.equals(".") || num.indexOf('.') != num.lastIndexOf('.')) {
                throw new IllegalArgumentException("invalid duration \"" + orig + "\"");
            }
            int ustart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            String unit = s.substring(ustart, i);
            long mult = switch (unit) {
                case "ns" -> 1L;
                case "us", "µs", "μs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                case "" -> throw new IllegalArgumentException("missing unit in duration \"" + orig + "\"");
                default -> throw new IllegalArgumentException("unknown unit \"" + unit + "\" in duration \"" + orig + "\"");
            };
            String n = num.startsWith(".") ? "0" + num : num.endsWith(".") ? num + "0" : num;
            total = total.add(new BigDecimal(n).multiply(BigDecimal.valueOf(mult)));
        }
        if (total.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("invalid duration \"" + orig + "\": too large");
        }
        long nanos = total.longValue();
        return Duration.ofNanos(neg ? -nanos : nanos);
    }
}
