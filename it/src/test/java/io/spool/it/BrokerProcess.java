package io.spool.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.opentest4j.TestAbortedException;

/**
 * One broker running as a separate OS process on a free loopback port with its own data
 * directory. stdout and stderr go to {@link #logFile()} (appended across restarts). Not thread
 * safe: one test thread drives it. {@link #close()} always stops the process and deletes the
 * data directory; a JVM shutdown hook kills what a crashed test left behind.
 */
public final class BrokerProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(BrokerProcess::killTree)));
    }

    private final BrokerLauncher launcher;
    private final Map<String, String> overrides;
    private final List<String> wrapper;
    private final Path workDir;
    private final Path dataDir;
    private final Path logFile;
    private final int port;
    private Process process;
    private int starts;

    private BrokerProcess(Builder b) throws IOException {
        this.launcher = b.launcher;
        this.overrides = Map.copyOf(b.overrides);
        this.wrapper = List.copyOf(b.wrapper);
        Path base = Path.of(System.getProperty("spool.it.work",
                Path.of(System.getProperty("java.io.tmpdir"), "spool-it").toString()));
        Files.createDirectories(base);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("HHmmss-SSS"));
        this.workDir = Files.createTempDirectory(base, b.name + "-" + launcher.name() + "-" + stamp + "-");
        this.dataDir = Files.createDirectories(workDir.resolve("data"));
        this.logFile = workDir.resolve("broker.log");
        this.port = KafkaOracleLauncher.freePort();
    }

    /** A builder for a broker named {@code name} (used in directory names). */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** {@code 127.0.0.1:port}, for {@code bootstrap.servers}. */
    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path workDir() {
        return workDir;
    }

    public Path logFile() {
        return logFile;
    }

    /** Which broker implementation runs ("spool" or "kafka"). */
    public String flavour() {
        return launcher.name();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The pid of the broker JVM itself (not of a wrapper such as strace). */
    public long brokerPid() {
        return brokerHandle().pid();
    }

    /**
     * Starts the process and returns once its port accepts connections; fails with the broker's
     * log if it exits first or does not listen within the start timeout.
     */
    public BrokerProcess start() throws IOException {
        if (isAlive()) {
            throw new IllegalStateException("already running: pid=" + process.pid());
        }
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(launcher.command(port, dataDir, workDir, overrides));
        starts++;
        Files.writeString(logFile, "==== start #" + starts + ": " + String.join(" ", command) + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(launcher.environment());
        process = builder
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        LIVE.add(process);
        Process p = process;
        try {
            await("broker " + launcher.name() + " accepting on " + bootstrap())
                    .atMost(START_TIMEOUT)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(25))
                    .pollInSameThread()
                    .until(() -> {
                        if (!p.isAlive()) {
                            String log = log();
                            if (log.contains("broker not built yet")) {
                                // The skeleton's stub Main: say so instead of failing every test.
                                throw new TestAbortedException("io.spool.broker.Main is still the skeleton stub "
                                        + "(\"broker not built yet\"); these tests need the real broker");
                            }
                            throw new AssertionError("broker exited with " + p.exitValue()
                                    + " before accepting connections; log " + logFile + ":\n" + log);
                        }
                        return accepts();
                    });
        } catch (ConditionTimeoutException e) {
            killTree(p);
            LIVE.remove(p);
            throw new AssertionError("broker not accepting on " + bootstrap() + " within " + START_TIMEOUT
                    + "; log " + logFile + ":\n" + logTail(20_000), e);
        } catch (RuntimeException | Error e) {
            killTree(p);
            LIVE.remove(p);
            throw e;
        }
        return this;
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 250);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGTERM to the broker JVM, then waits for the process (and any wrapper) to exit; returns the exit code. */
    public int stop() {
        requireStarted();
        brokerHandle().destroy();
        return awaitExit("SIGTERM");
    }

    /** SIGKILL to the broker JVM (Process.destroyForcibly on Linux), then waits for it to be gone. */
    public void kill() {
        requireStarted();
        brokerHandle().destroyForcibly();
        awaitExit("SIGKILL");
    }

    /** Starts again on the same port and data directory (after {@link #stop()} or {@link #kill()}). */
    public BrokerProcess restart() throws IOException {
        if (isAlive()) {
            stop();
        }
        return start();
    }

    private int awaitExit(String signal) {
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                killTree(process);
                throw new AssertionError("broker did not exit within " + STOP_TIMEOUT + " after " + signal
                        + "; killed it. Log:\n" + log());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killTree(process);
            throw new IllegalStateException("interrupted waiting for the broker to exit", e);
        }
        LIVE.remove(process);
        return process.exitValue();
    }

    /** The JVM to signal: the process itself, or the java below a wrapper such as strace. */
    private ProcessHandle brokerHandle() {
        requireStarted();
        if (wrapper.isEmpty()) {
            return process.toHandle();
        }
        return process.toHandle().descendants()
                .filter(h -> h.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .findFirst()
                .orElse(process.toHandle());
    }

    private void requireStarted() {
        if (process == null) {
            throw new IllegalStateException("not started");
        }
    }

    /** Everything the broker printed so far, across restarts. */
    public String log() {
        try {
            return Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last {@code maxChars} characters of {@link #log()}. */
    public String logTail(int maxChars) {
        String log = log();
        return log.length() <= maxChars ? log : "..." + log.substring(log.length() - maxChars);
    }

    /** Stops the broker (SIGTERM, then SIGKILL if it hangs) and deletes the data directory; keeps the log. */
    @Override
    public void close() {
        if (process != null) {
            if (process.isAlive()) {
                try {
                    brokerHandle().destroy();
                    if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                        killTree(process);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    killTree(process);
                }
            }
            killTree(process);
            LIVE.remove(process);
        }
        deleteRecursively(dataDir);
    }

    private static void killTree(Process p) {
        p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: the directory is under target/ and goes with `mvn clean`
        }
    }

    @Override
    public String toString() {
        return "BrokerProcess[" + launcher.name() + " " + bootstrap() + " " + workDir + "]";
    }

    /** Settings for one broker process. */
    public static final class Builder {
        private final String name;
        private final Map<String, String> overrides = new LinkedHashMap<>();
        private final List<String> wrapper = new ArrayList<>();
        private BrokerLauncher launcher = BrokerLauncher.fromSystemProperties();

        private Builder(String name) {
            this.name = name;
        }

        /** A Kafka-named broker setting passed as {@code --override key=value}. */
        public Builder override(String key, String value) {
            overrides.put(key, value);
            return this;
        }

        /** A command the broker's command line is appended to (e.g. {@code strace -f -o f}). */
        public Builder wrapper(List<String> command) {
            wrapper.clear();
            wrapper.addAll(command);
            return this;
        }

        Builder launcher(BrokerLauncher launcher) {
            this.launcher = launcher;
            return this;
        }

        /** Creates the directories and picks the port; does not start the process. */
        public BrokerProcess build() throws IOException {
            return new BrokerProcess(this);
        }
    }
}
