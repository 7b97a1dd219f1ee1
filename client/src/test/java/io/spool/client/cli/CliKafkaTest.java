package io.spool.client.cli;

import io.spool.client.it.KafkaKraftBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.*;

/** The command-line mains against an Apache Kafka 4.4 broker. */
@EnabledOnOs(OS.LINUX)
class CliKafkaTest {
    private static KafkaKraftBroker kafka;

    @BeforeAll
    static void start() throws Exception {
        kafka = KafkaKraftBroker.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void consoleProducerThenConsoleConsumerRoundTrip() throws Exception {
        String input = "a\tone\nb\ttwo\nc\tthree\n";
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = ConsoleProducer.run(new String[] {"--bootstrap-server", kafka.bootstrap(), "--topic", "cli",
                "--property", "parse.key=true"}, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, rc, err.toString(StandardCharsets.UTF_8));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        rc = ConsoleConsumer.run(new String[] {"--bootstrap-server", kafka.bootstrap(), "--topic", "cli", "--from-beginning",
                "--max-messages", "3", "--timeout-ms", "30000", "--property", "print.key=true"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, rc, err.toString(StandardCharsets.UTF_8));
        assertEquals(input, out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void consoleConsumerInAGroupResumesAfterWhatItPrinted() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(0, ConsoleProducer.run(new String[] {"--bootstrap-server", kafka.bootstrap(), "--topic", "cli-group"},
                new ByteArrayInputStream("one\ntwo\nthree\n".getBytes(StandardCharsets.UTF_8)), errStream));
        String[] consume = {"--bootstrap-server", kafka.bootstrap(), "--topic", "cli-group", "--group", "cli-g",
                "--from-beginning", "--max-messages", "2", "--timeout-ms", "30000"};
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        assertEquals(0, ConsoleConsumer.run(consume, new PrintStream(first, true, StandardCharsets.UTF_8), errStream),
                err.toString(StandardCharsets.UTF_8));
        assertEquals("one\ntwo\n", first.toString(StandardCharsets.UTF_8));
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        consume[consume.length - 1] = "5000"; // one record is left: stop 5 s after it
        assertEquals(0, ConsoleConsumer.run(consume, new PrintStream(second, true, StandardCharsets.UTF_8), errStream));
        assertEquals("three\n", second.toString(StandardCharsets.UTF_8), "resumed after the last printed record");
        assertEquals(2, ConsoleConsumer.run(new String[] {"--bootstrap-server", kafka.bootstrap(), "--topic", "t",
                "--group", "g", "--partition", "0"}, new PrintStream(new ByteArrayOutputStream()), errStream));
    }

    @Test
    void perfProducerReportsThroughputLatencyAndZeroCopyCounters() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = PerfProducer.run(new String[] {"--bootstrap-server", kafka.bootstrap(), "--topic", "perf",
                "--num-records", "20000", "--record-size", "1000",
                "--producer-property", "batch.size=262144", "--producer-property", "linger.ms=10"},
                new PrintStream(out, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, text);
        assertTrue(text.contains("20000 records sent"), text);
        assertTrue(text.contains("99th"), text);
        assertTrue(text.contains("zero-copy: zeroCopySends="), text);
        assertTrue(text.contains("fallbacks=1") || text.contains("unavailable=1"),
                "loopback COPIED completions make the connection fall back (or SO_ZEROCOPY is unavailable): " + text);
    }

    @Test
    void badArgumentsGiveUsageAndExitCode2() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(2, PerfProducer.run(new String[] {"--topic", "t"}, new PrintStream(out, true, StandardCharsets.UTF_8)));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("usage: spool perf produce"));
    }
}
