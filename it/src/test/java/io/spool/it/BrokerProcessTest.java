package io.spool.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.opentest4j.TestAbortedException;

/** The harness itself, driven with {@link StandInBroker} so that it runs without the real broker. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BrokerProcessTest {
    private static BrokerProcess.Builder standIn(String name) {
        return BrokerProcess.builder(name)
                .launcher(new SpoolLauncher(JavaCommand::testClasspath, StandInBroker.class.getName()));
    }

    @Test
    void startsStopsWithSigtermKillsWithSigkillAndRestartsOnTheSamePortAndDirectory() throws Exception {
        Path dataDir;
        try (BrokerProcess broker = standIn("harness").build()) {
            dataDir = broker.dataDir();
            broker.start();
            assertTrue(broker.isAlive());
            assertAccepts(broker.port());
            // printed just after bind, so it may trail the first accepted connection
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> broker.log().contains("stand-in accepting connections on " + broker.port()));

            broker.stop();
            assertFalse(broker.isAlive());
            assertTrue(Files.exists(dataDir.resolve("clean-shutdown")), "SIGTERM runs shutdown hooks");

            broker.restart();
            assertAccepts(broker.port());
            assertEquals("2", Files.readString(dataDir.resolve("starts")), "same data directory");

            broker.kill();
            assertFalse(broker.isAlive());
            assertFalse(Files.exists(dataDir.resolve("clean-shutdown")), "SIGKILL runs no shutdown hook");

            broker.start();
            assertAccepts(broker.port());
            assertEquals("3", Files.readString(dataDir.resolve("starts")));
        }
        assertFalse(Files.exists(dataDir), "close() deletes the data directory");
    }

    @Test
    void brokerThatExitsBeforeListeningFailsWithItsOutput() throws Exception {
        try (BrokerProcess broker = standIn("harness-bad").override("standin.mode", "bad-config").build()) {
            AssertionError e = assertThrows(AssertionError.class, broker::start);
            assertTrue(e.getMessage().contains("invalid value for standin.mode: bad-config"), e.getMessage());
            assertTrue(e.getMessage().contains("exited with 3"), e.getMessage());
        }
    }

    @Test
    void skeletonStubBrokerAbortsInsteadOfFailing() throws Exception {
        try (BrokerProcess broker = standIn("harness-stub").override("standin.mode", "stub").build()) {
            TestAbortedException e = assertThrows(TestAbortedException.class, broker::start);
            assertTrue(e.getMessage().contains("skeleton stub"), e.getMessage());
        }
    }

    @Test
    void signalsReachTheBrokerBelowAWrapperProcess() throws Exception {
        // bash stays the parent (a command follows), as strace does.
        List<String> wrapper = List.of("bash", "-c", "\"$@\"; rc=$?; exit $rc", "wrapper");
        try (BrokerProcess broker = standIn("harness-wrapped").wrapper(wrapper).build()) {
            broker.start();
            assertAccepts(broker.port());
            assertTrue(broker.brokerPid() != ProcessHandle.current().pid());
            broker.stop();
            assertFalse(broker.isAlive(), "the wrapper exits with its child");
            assertTrue(Files.exists(broker.dataDir().resolve("clean-shutdown")), "SIGTERM went to the JVM");
        }
    }

    private static void assertAccepts(int port) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            assertTrue(s.isConnected());
        }
    }
}
