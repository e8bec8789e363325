package io.skywire.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code bin/skywire} as a real process. */
final class Cli {
    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    private Cli() {
    }

    static Path bin() {
        return TestSupport.dist().resolve("bin/skywire");
    }

    static Result run(Path cwd, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(bin().toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("skywire-out", ".txt");
        Path err = Files.createTempFile("skywire-err", ".txt");
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("skywire " + String.join(" ", args) + " did not finish in 60 s");
        }
        Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return r;
    }
}
