package io.spool.client.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * ENOBUFS for real: in a private network namespace, {@code net.core.optmem_max} (per namespace
 * since Linux 6.8) is set so low that MSG_ZEROCOPY sends run out of notification memory. The
 * transport must drain the error queue, retry, and still deliver every byte with every send
 * completed. Needs root and ip(8); skips with a message otherwise.
 */
@EnabledOnOs(OS.LINUX)
class EnobufsTest {

    private static int run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    private static boolean kernelAtLeast(int major, int minor) {
        Matcher m = Pattern.compile("^(\\d+)\\.(\\d+)").matcher(System.getProperty("os.version", ""));
        if (!m.find()) {
            return false;
        }
        int ma = Integer.parseInt(m.group(1));
        int mi = Integer.parseInt(m.group(2));
        return ma > major || (ma == major && mi >= minor);
    }

    @Test
    void enobufsIsDrainedAndRetriedAndEveryByteArrives() throws Exception {
        String ip = Files.isExecutable(Path.of("/usr/sbin/ip")) ? "/usr/sbin/ip" : "/sbin/ip";
        assumeTrue(Files.isExecutable(Path.of(ip)), "ip(8) is not installed: skipping the ENOBUFS test");
        String ns = "spool-enobufs-" + ProcessHandle.current().pid();
        assumeTrue(run(ip, "netns", "add", ns) == 0, "cannot create a network namespace (not root?): skipping the ENOBUFS test");
        try {
            assertEquals(0, run(ip, "-n", ns, "link", "set", "lo", "up"));
            // Before Linux 6.8 optmem_max is global: setting it "in" the namespace would change it
            // for the whole machine. Check the kernel, and that the host's value did not move.
            assumeTrue(kernelAtLeast(6, 8), "net.core.optmem_max is per namespace only from Linux 6.8: skipping");
            Path hostValue = Path.of("/proc/sys/net/core/optmem_max");
            String before = Files.readString(hostValue).trim();
            int sysctl = run(ip, "netns", "exec", ns, "sysctl", "-q", "-w", "net.core.optmem_max=2048");
            String after = Files.readString(hostValue).trim();
            if (!before.equals(after)) {
                Files.writeString(hostValue, before);
                fail("setting optmem_max in a namespace changed the host's value; restored it to " + before);
            }
            assumeTrue(sysctl == 0, "net.core.optmem_max is not settable per namespace on this kernel: skipping");
            String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            Process p = new ProcessBuilder(List.of(ip, "netns", "exec", ns,
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-cp", cp, EnobufsProbe.class.getName(), "64"))
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "probe did not finish");
            assertEquals(0, p.exitValue(), out);
            Matcher m = Pattern.compile("RESULT enobufs=(\\d+) zeroCopySends=(\\d+) completedSends=(\\d+) copySends=(\\d+)"
                    + " completed=(\\w+) outstanding=(\\d+) intact=(\\w+)").matcher(out);
            assertTrue(m.find(), out);
            assertTrue(Long.parseLong(m.group(1)) > 0, "the kernel did report ENOBUFS: " + out);
            assertTrue(Long.parseLong(m.group(2)) > 0, "zero-copy sends went through after retries: " + out);
            assertEquals(m.group(2), m.group(3), "every zero-copy send completed: " + out);
            assertEquals("true", m.group(5), out);
            assertEquals("0", m.group(6), "every buffer back in the pool: " + out);
            assertEquals("true", m.group(7), "every byte intact: " + out);
        } finally {
            run(ip, "netns", "del", ns);
        }
    }
}
