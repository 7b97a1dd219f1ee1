package io.spool.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileSummaryTest {
    // the shape jfrconv -o collapsed --threads --dot writes: thread frame first, frame kinds as _[x] suffixes
    private static final String PROFILE = String.join("\n",
            "[C2 CompilerThread0 tid=11];thread_native_entry;C2Compiler::compile_method 40",
            "[C1 CompilerThre tid=12];thread_native_entry;Compilation::compile_method 10",
            "[spool-network-3-1 tid=20];io.netty.channel.epoll.EpollIoHandler.run_[j];"
                    + "io.spool.broker.handler.ProduceHandler.handle_[j];org.agrona.UnsafeApi.copyMemory_[j];"
                    + "asm_exc_page_fault_[k];exc_page_fault_[k] 20",
            "[spool-network-3-2 tid=21];io.netty.channel.epoll.EpollIoHandler.run_[j];"
                    + "io.spool.broker.network.ConnectionHandler.complete_[i];io.netty.channel.epoll.AbstractEpollStreamChannel.doWrite_[j];"
                    + "__sys_sendto_[k];tcp_sendmsg_[k] 15",
            "[spool-network-3-2 tid=21];io.spool.broker.handler.ProduceHandler.handle_[0] 5",
            "[GC Thread#0 tid=30];G1ParTask::work 10",
            "");

    @Test
    void categorisesBySelfFrameAndThread() {
        ProfileSummary s = ProfileSummary.parse(PROFILE);
        assertEquals(100, s.total());
        Map<String, Long> c = s.byCategory();
        assertEquals(50L, c.get("JIT compiler threads (C1/C2)"));
        assertEquals(20L, c.get("kernel: page faults"));
        assertEquals(15L, c.get("kernel: network (TCP/loopback)"));
        assertEquals(5L, c.get("interpreter (not yet compiled Java)"));
        assertEquals(10L, c.get("GC and VM threads (GC workers, VM Thread: safepoints, Serial GC)"));
        assertEquals(50.0, s.percentOf("JIT"), 1e-9);
        assertEquals(40, s.applicationTotal());
    }

    @Test
    void groupsThreadsAndOwners() {
        ProfileSummary s = ProfileSummary.parse(PROFILE);
        Map<String, Long> t = s.byThreadGroup();
        assertEquals(40L, t.get("spool-network-#-#"));
        assertEquals(40L, t.get("C# CompilerThread#"));
        Map<String, Long> owner = s.byOwner();
        // the innermost non-JDK Java frame owns the kernel time below it
        assertEquals(20L, owner.get("org.agrona.UnsafeApi.*"));
        assertEquals(15L, owner.get("io.netty.*"));
        assertEquals(5L, owner.get("io.spool.*"));
        Map<String, Long> inclusive = s.byInclusiveMethod();
        assertEquals(25L, inclusive.get("io.spool.broker.handler.ProduceHandler.handle"));
        assertEquals(null, inclusive.get("io.netty.channel.epoll.EpollIoHandler.run"), "Netty plumbing is left out");
        assertEquals(20L, s.bySelfFrame().get("exc_page_fault [kernel]"));
    }

    @Test
    void readsChildCpuFromPosixTimes(@TempDir Path dir) throws Exception {
        Path dash = dir.resolve("dash");
        Files.writeString(dash, "0m0.001000s 0m0.002000s\n0m2.530000s 0m0.170000s\n");
        assertEquals(2.70, CompareKafka.childCpuSeconds(dash), 1e-9);
        Path bash = dir.resolve("bash");
        Files.writeString(bash, "0m0.001s 0m0.002s\n1m2.500s 0m0.250s\n");
        assertEquals(62.75, CompareKafka.childCpuSeconds(bash), 1e-9);
        assertEquals(Double.NaN, CompareKafka.childCpuSeconds(dir.resolve("missing")));
    }
}
