package io.skywire.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node of the {@code skywire} command tree: either a group of subcommands or a leaf with an action.
 * Groups print their usage on {@code --help}, and a one-line error plus usage (exit 2) for unknown subcommands.
 */
final class Cmd {
    /** A leaf's behaviour; returns the exit code. */
    interface Action {
        int run(String[] args, PrintStream out, PrintStream err) throws Exception;
    }

    final String name;
    final String summary;
    private final Action action;
    private final Map<String, Cmd> children = new LinkedHashMap<>();
    private final List<String> aliases = new ArrayList<>();
    private boolean hidden;
    private Cmd parent;

    private Cmd(String name, String summary, Action action) {
        this.name = name;
        this.summary = summary;
        this.action = action;
    }

    static Cmd group(String name, String summary) {
        return new Cmd(name, summary, null);
    }

    static Cmd leaf(String name, String summary, Action action) {
        return new Cmd(name, summary, action);
    }

    Cmd add(Cmd child) {
        child.parent = this;
        children.put(child.name, child);
        return this;
    }

    /** Makes {@code alias} another name of this command (e.g. the seed README's older spellings). */
    Cmd alias(String alias) {
        aliases.add(alias);
        return this;
    }

    Cmd hide() {
        hidden = true;
        return this;
    }

    String path() {
        return parent == null ? name : parent.path() + " " + name;
    }

    private Cmd child(String word) {
        Cmd c = children.get(word);
        if (c != null) {
            return c;
        }
        for (Cmd x : children.values()) {
            if (x.aliases.contains(word)) {
                return x;
            }
        }
        return null;
    }

    int dispatch(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (action != null) {
            return action.run(args, out, err);
        }
        if (args.length == 0) {
            usage(out);
            return 0;
        }
        String first = args[0];
        if (first.equals("-h") || first.equals("--help") || first.equals("help")) {
            usage(out);
            return 0;
        }
        Cmd c = child(first);
        if (c == null) {
            String what = first.startsWith("-") ? "unknown flag " + first : "unknown command \"" + first + "\"";
            err.println("error: " + what + " for \"" + path() + "\"");
            usage(err);
            return 2;
        }
        return c.dispatch(Arrays.copyOfRange(args, 1, args.length), out, err);
    }

    void usage(PrintStream out) {
        if (summary != null && !summary.isEmpty()) {
            out.println(summary);
            out.println();
        }
        out.println("Usage:");
        out.println("  " + path() + " [command]");
        out.println();
        out.println("Available Commands:");
        int w = children.keySet().stream().mapToInt(String::length).max().orElse(8);
        for (Cmd c : children.values()) {
            if (!c.hidden) {
                out.printf("  %-" + w + "s  %s%n", c.name, c.summary);
            }
        }
        out.println();
        out.println("Use \"" + path() + " [command] --help\" for more information about a command.");
    }
}
