package io.spool.client.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.File;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Watches the real system calls with strace(1); skips with a message where strace cannot run. */
@EnabledOnOs(OS.LINUX)
class StraceZeroCopyTest {

    @Test
    void sendCallsCarryMsgZeroCopyAndCompletionsAreRead() throws Exception {
        Path strace = Path.of("/usr/bin/strace");
        assumeTrue(Files.isExecutable(strace), "strace is not installed: skipping the syscall-level check");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path log = Files.createTempFile("spool-strace", ".txt");
        int sends = 8;
        try (LoopbackSink sink = new LoopbackSink(InetAddress.getByName("127.0.0.1"), -1, true)) {
            List<String> cmd = new ArrayList<>(List.of(strace.toString(), "-f", "-qq",
                    "-e", "trace=setsockopt,sendto,recvmsg", "-o", log.toString(),
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-Xshare:auto", "-cp", cp,
                    ZeroCopyProbe.class.getName(), Integer.toString(sink.address().getPort()), Integer.toString(sends)));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(File.createTempFile("spool-strace-out", ".txt")).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "probe did not finish");
            String trace = Files.readString(log);
            assumeTrue(p.exitValue() == 0 || !trace.contains("SO_ZEROCOPY"),
                    "strace could not trace the child (ptrace not permitted?), exit=" + p.exitValue());
            assumeTrue(trace.contains("setsockopt"), "strace produced no trace (ptrace not permitted?)");
            assertEquals(0, p.exitValue(), trace);
            await().atMost(Duration.ofSeconds(10)).until(() -> sink.count() == sends * 65536L);
            assertTrue(trace.contains("SO_ZEROCOPY, [1], 4) = 0"), "SO_ZEROCOPY was set");
            long zcSends = trace.lines().filter(l -> l.contains("sendto(") && l.contains("MSG_ZEROCOPY")).count();
            assertTrue(zcSends >= sends, "sendto calls with MSG_ZEROCOPY: " + zcSends);
            assertTrue(trace.lines().anyMatch(l -> l.contains("MSG_ERRQUEUE") && l.contains("ee_origin=5")),
                    "completions were read from the error queue (SO_EE_ORIGIN_ZEROCOPY)");
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
