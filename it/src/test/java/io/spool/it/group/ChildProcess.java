package io.spool.it.group;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A JVM started from this test's classpath (a consumer to SIGKILL, or one of Kafka's tools), output to a file.
 * Only for clients: brokers are started by {@link io.spool.it.BrokerProcess}.
 */
final class ChildProcess implements AutoCloseable {
    private final Process process;
    private final Path output;

    private ChildProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    static ChildProcess start(String mainClass, List<String> args) throws IOException {
        String java = ProcessHandle.current().info().command()
                .filter(c -> c.endsWith(File.separator + "java"))
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", cp, mainClass));
        command.addAll(args);
        Path out = Files.createTempFile("spool-it-child-", ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(out.toFile())).start();
        return new ChildProcess(p, out);
    }

    /** Runs to completion (or fails at {@code timeout}); returns exit code and output. */
    static Result run(String mainClass, List<String> args, Duration timeout) throws Exception {
        try (ChildProcess c = start(mainClass, args)) {
            if (!c.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(mainClass + " did not finish within " + timeout + ":\n" + c.output());
            }
            return new Result(c.process.exitValue(), c.output());
        }
    }

    record Result(int exitCode, String output) {
        @Override
        public String toString() {
            return "exit " + exitCode + ":\n" + output;
        }
    }

    String output() throws IOException {
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    /** SIGKILL: no LeaveGroup, no socket close handshake. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException {
        process.destroyForcibly();
        Files.deleteIfExists(output);
    }
}
