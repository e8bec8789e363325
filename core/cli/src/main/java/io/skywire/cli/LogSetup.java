package io.skywire.cli;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Locale;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * The one logging approach of the project: every bundle logs through {@link System.Logger}, which the JDK
 * backs with java.util.logging; this configures JUL once per process with Go skywire's level names.
 */
final class LogSetup {
    private LogSetup() {
    }

    /**
     * @param level trace, debug, info, warn(ing), error, fatal or panic (Go logrus names); null or "" = info
     * @return the JUL level
     * @throws IllegalArgumentException naming the accepted values
     */
    static Level parse(String level) {
        String l = level == null ? "" : level.trim().toLowerCase(Locale.ROOT);
        return switch (l) {
            case "", "info" -> Level.INFO;
            case "trace" -> Level.FINEST;
            case "debug" -> Level.FINE;
            case "warn", "warning" -> Level.WARNING;
            case "error", "fatal", "panic" -> Level.SEVERE;
            default -> throw new IllegalArgumentException("invalid log level \"" + level
                    + "\": use trace, debug, info, warn, error, fatal or panic");
        };
    }

    static void configure(Level level, PrintStream to) {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        // Not ConsoleHandler: its setOutputStream would close System.err.
        Handler h = new StreamHandler(to, new Formatter() {
            @Override
            public String format(LogRecord r) {
                String name = r.getLoggerName() == null ? ""
                        : r.getLoggerName().replaceFirst("^skywire\\.", "").replaceFirst("^io\\.skywire\\.(core\\.)?", "");
                StringBuilder sb = new StringBuilder().append('[').append(Instant.ofEpochMilli(r.getMillis()))
                        .append("] ").append(word(r.getLevel())).append(" [").append(name).append("]: ")
                        .append(formatMessage(r)).append('\n');
                if (r.getThrown() != null && level.intValue() <= Level.FINE.intValue()) {
                    java.io.StringWriter sw = new java.io.StringWriter();
                    r.getThrown().printStackTrace(new java.io.PrintWriter(sw));
                    sb.append(sw);
                }
                return sb.toString();
            }
        }) {
            @Override
            public synchronized void publish(LogRecord r) {
                super.publish(r);
                flush();
            }
        };
        h.setLevel(level);
        root.addHandler(h);
        // Our loggers are "skywire.*" or named after our classes ("io.skywire.*"); libraries (Netty, the JDK) are chatty below INFO, so they follow
        // the level only when tracing.
        root.setLevel(level.intValue() < Level.FINE.intValue() ? level : maxOf(level, Level.INFO));
        SKYWIRE.setLevel(level);
        CLASSES.setLevel(level);
    }

    /** Held strongly: JUL forgets the level of a logger nobody references. */
    private static final Logger SKYWIRE = Logger.getLogger("skywire");
    /** Loggers named after our classes (the dmsg library's): they follow the level too. */
    private static final Logger CLASSES = Logger.getLogger("io.skywire");

    private static Level maxOf(Level a, Level b) {
        return a.intValue() >= b.intValue() ? a : b;
    }

    /**
     * Installed as java.util.logging.manager by {@link Main}: JUL's own shutdown hook would otherwise drop the
     * handlers while the visor is still logging its shutdown.
     */
    public static final class KeepHandlersLogManager extends java.util.logging.LogManager {
        @Override
        public void reset() {
            if (!Thread.currentThread().getClass().getName().endsWith("LogManager$Cleaner")) {
                super.reset();
            }
        }
    }

    private static String word(Level l) {
        int v = l.intValue();
        if (v >= Level.SEVERE.intValue()) {
            return "ERROR";
        }
        if (v >= Level.WARNING.intValue()) {
            return "WARN";
        }
        if (v >= Level.INFO.intValue()) {
            return "INFO";
        }
        if (v >= Level.FINE.intValue()) {
            return "DEBUG";
        }
        return "TRACE";
    }
}
