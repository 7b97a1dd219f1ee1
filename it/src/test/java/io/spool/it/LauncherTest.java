package io.spool.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code bin/spool server}, the command users run, starts a broker that logs one line when it
 * accepts connections, serves unmodified kafka-clients at once (topic auto-creation on) and stops
 * on SIGTERM.
 */
class LauncherTest {
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void binSpoolServerServesClientsAndStopsOnSigterm() throws Exception {
        Assumptions.assumeTrue(System.getProperty("spool.it.broker", "spool").equals("spool"),
                "bin/spool starts Spool, not the oracle");
        // Without fresh packaged jars bin/spool would run Maven itself, inside this build.
        Assumptions.assumeTrue(SpoolLauncher.packagedClasspath() != null,
                "broker/target jars missing or stale: run `./mvnw -pl it -am verify`");
        try (BrokerProcess broker = BrokerProcess.builder("launcher").launcher(new BinSpoolLauncher()).build()) {
            try {
                broker.start();
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> broker.log().lines().anyMatch(l -> l.contains("accepting connections")));
                Clients.assertServesFreshClients(broker.bootstrap(), "launcher-auto-created");
                broker.stop();
                assertFalse(broker.isAlive());
                assertTrue(broker.log().lines().noneMatch(l -> l.contains("Exception")),
                        () -> "exceptions in the log:\n" + broker.log());
            } catch (Throwable t) {
                System.out.println("==== " + broker + " log:\n" + broker.logTail(20_000));
                throw t;
            }
        }
    }
}
