package io.skywire.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/** Commons CLI parsing with the project's conventions: {@code -h/--help}, one-line errors, exit code 2. */
final class Flags {
    /** Signals that parsing ended the command: the exit code to return. */
    static final class Exit extends Exception {
        private static final long serialVersionUID = 1L;
        final int code;

        Exit(int code) {
            super(null, null, false, false);
            this.code = code;
        }
    }

    private Flags() {
    }

    static Options withHelp(Options o) {
        return o.addOption(Option.builder("h").longOpt("help").desc("help for this command").get());
    }

    /**
     * @param usage e.g. "skywire cli visor pk [flags]"
     * @param description one paragraph shown above the flags
     * @param options the options (help is added)
     * @param args the arguments
     * @param maxPositional how many positional args are allowed
     * @param out where help goes
     * @param err where errors go
     * @return the parsed command line
     * @throws Exit with 0 after --help, 2 after a usage error
     */
    static CommandLine parse(String usage, String description, Options options, String[] args, int maxPositional,
                             PrintStream out, PrintStream err) throws Exit {
        withHelp(options);
        CommandLine cl;
        try {
            cl = DefaultParser.builder().get().parse(options, args);
        } catch (ParseException e) {
            err.println("error: " + e.getMessage());
            help(usage, description, options, err);
            throw new Exit(2);
        }
        if (cl.hasOption("help")) {
            help(usage, description, options, out);
            throw new Exit(0);
        }
        if (cl.getArgList().size() > maxPositional) {
            err.println("error: unexpected argument \"" + cl.getArgList().get(maxPositional) + "\"");
            help(usage, description, options, err);
            throw new Exit(2);
        }
        return cl;
    }

    static void help(String usage, String description, Options options, PrintStream to) {
        PrintWriter pw = new PrintWriter(to, true);
        HelpFormatter f = new HelpFormatter();
        f.setSyntaxPrefix("Usage: ");
        f.printHelp(pw, 100, usage, description == null ? "" : description + "\n\nFlags:", options, 2, 4, "", false);
        pw.flush();
    }

    static Exit usageError(String message, String usage, String description, Options options, PrintStream err) {
        err.println("error: " + message);
        help(usage, description, withHelp(options), err);
        return new Exit(2);
    }
}
