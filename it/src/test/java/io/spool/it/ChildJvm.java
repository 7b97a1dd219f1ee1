package io.spool.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a main class (e.g. one of Kafka's console tools) in a child JVM on the test classpath. */
final class ChildJvm {
    private ChildJvm() {
    }

    /** What a finished child printed and returned. */
    record Result(int exitCode, String stdout, String stderr) {
        /** stdout lines, without empty ones. */
        List<String> lines() {
            return stdout.lines().filter(l -> !l.isBlank()).toList();
        }

        @Override
        public String toString() {
            return "exit=" + exitCode + "\n--- stdout:\n" + stdout + "\n--- stderr:\n" + stderr;
        }
    }

    /**
     * Runs {@code mainClass args} with {@code stdin} as its standard input, waiting at most
     * {@code timeout} (then kills it and fails).
     */
    static Result run(Path workDir, String mainClass, List<String> args, String stdin, Duration timeout)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(JavaCommand.java(
                JavaCommand.testClasspath(), List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"), mainClass));
        command.addAll(args);
        Path dir = Files.createTempDirectory(workDir, "child-");
        Path in = Files.writeString(dir.resolve("stdin"), stdin == null ? "" : stdin, StandardCharsets.UTF_8);
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        Process p = new ProcessBuilder(command)
                .redirectInput(in.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(mainClass + " did not finish within " + timeout + ": "
                        + new Result(-1, Files.readString(out), Files.readString(err)));
            }
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
