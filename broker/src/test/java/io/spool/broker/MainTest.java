package io.spool.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/spool server}'s entry point as a separate JVM: bad configuration is one line and a non-zero exit. */
class MainTest {
    @TempDir
    Path dir;

    private record Result(int exitCode, String stderr) {
    }

    private Result run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of("--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow"));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.spool.broker.Main");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return new Result(p.exitValue(), err);
    }

    @Test
    void badValueStopsWithOneLineNamingKeyValueAndAllowed() throws Exception {
        Result r = run("--override", "num.partitions=0");
        assertNotEquals(0, r.exitCode);
        assertEquals("spool: Invalid value 0 for configuration num.partitions: a value at least 1\n", r.stderr);
    }

    @Test
    void missingConfigFileAndMalformedOverrideAreOneLine() throws Exception {
        Result r = run("no-such.properties");
        assertNotEquals(0, r.exitCode);
        assertEquals(1, r.stderr.lines().count(), r.stderr);
        assertTrue(r.stderr.contains("no-such.properties"));
        r = run("--override", "listeners");
        assertNotEquals(0, r.exitCode);
        assertEquals(1, r.stderr.lines().count(), r.stderr);
    }

    @Test
    void portInUseIsOneLine() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Result r = run("--override", "listeners=PLAINTEXT://127.0.0.1:" + taken.getLocalPort(),
                    "--override", "log.dirs=" + dir.resolve("data"));
            assertNotEquals(0, r.exitCode);
            // other components may log at INFO under the test logging config; the failure itself is one line, no trace
            assertEquals(1, r.stderr.lines().filter(l -> l.startsWith("spool:")).count(), r.stderr);
            assertTrue(r.stderr.lines().noneMatch(l -> l.startsWith("\tat ")), r.stderr);
            assertTrue(r.stderr.contains("cannot listen on PLAINTEXT://127.0.0.1:" + taken.getLocalPort()), r.stderr);
        }
    }
}
