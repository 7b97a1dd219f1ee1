package io.spool.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.opentest4j.TestAbortedException;

/**
 * Evidence that Fetch responses carry record bytes through sendfile(2): the broker runs under
 * {@code strace -f -yy -e trace=sendfile,write,writev}; 8 MiB with a distinctive payload is
 * produced and consumed; the bytes sent to TCP sockets by sendfile cover every consumed byte,
 * while write/writev to sockets move only a small fraction (headers and produce acks). Skipped,
 * with the reason, where strace is missing or ptrace is not permitted (CI installs strace and
 * runs as root, so it runs there). See docs/sendfile-evidence.md.
 */
class SendfileEvidenceTest {
    private static final String TOPIC = "sendfile-evidence";
    private static final int RECORDS = 512;
    private static final int VALUE_BYTES = 16 * 1024;
    private static final byte[] MARKER = "SPOOL-SENDFILE-EVIDENCE-".getBytes(StandardCharsets.US_ASCII);

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void fetchedRecordBytesLeaveThroughSendfileNotWrite() throws Exception {
        Path work = Files.createDirectories(Path.of(System.getProperty("spool.it.work",
                System.getProperty("java.io.tmpdir"))));
        Path trace = Files.createTempFile(work, "strace-sendfile-", ".txt");
        List<String> wrapper = straceCommand(trace, work);

        long payload = (long) RECORDS * VALUE_BYTES;
        try (BrokerProcess broker = BrokerProcess.builder("sendfile").wrapper(wrapper).build()) {
            try {
                broker.start();
                ApiRequirements.require(broker.port(), ApiKeys.CREATE_TOPICS, ApiKeys.INIT_PRODUCER_ID,
                        ApiKeys.PRODUCE, ApiKeys.FETCH, ApiKeys.LIST_OFFSETS);
                Clients.createTopic(broker.bootstrap(), TOPIC, 1);
                try (KafkaProducer<byte[], byte[]> producer = Clients.producer(broker.bootstrap(), Map.of())) {
                    for (int i = 0; i < RECORDS; i++) {
                        producer.send(new ProducerRecord<>(TOPIC, 0, null, value(i)));
                    }
                    producer.flush();
                }
                long consumed = consumeAll(broker.bootstrap());
                assertEquals(payload, consumed, "value bytes consumed");
                broker.stop(); // strace exits with its tracee and has flushed the log
            } catch (TestAbortedException e) {
                throw e;
            } catch (Throwable t) {
                System.out.println("==== " + broker + " log (tail):\n" + broker.logTail(20_000));
                throw t;
            }
        }

        StraceLog.Totals totals = StraceLog.parse(trace);
        System.out.printf("sendfile evidence (%s): %s; %d bytes of record values consumed; trace %s%n",
                System.getProperty("spool.it.broker", "spool"), totals, payload, trace);
        assertTrue(totals.sendfileSocketBytes() >= payload,
                "sendfile must carry at least the consumed record bytes: " + totals);
        assertTrue(totals.writeSocketBytes() < payload / 10,
                "write/writev to sockets must carry only headers and small responses: " + totals);
        String marker = new String(MARKER, StandardCharsets.US_ASCII);
        for (String line : totals.socketWriteLines()) {
            assertTrue(!line.contains(marker.substring(0, 16)), "record payload in a socket write: " + line);
        }
    }

    /** The strace wrapper, or an abort with the reason when strace cannot trace here. */
    private static List<String> straceCommand(Path trace, Path work) throws Exception {
        List<String> probe = List.of("strace", "-f", "--seccomp-bpf", "-qq", "-o", "/dev/null", "true");
        String problem = run(probe, work);
        boolean seccomp = problem == null;
        if (!seccomp) {
            problem = run(List.of("strace", "-f", "-qq", "-o", "/dev/null", "true"), work);
        }
        Assumptions.assumeTrue(problem == null,
                "strace is not installed or ptrace is not permitted here (" + problem + "); "
                        + "install strace and run as root (CI does) to get the sendfile evidence");
        List<String> command = new ArrayList<>(List.of("strace", "-f", "-qq", "-yy"));
        if (seccomp) {
            command.add("--seccomp-bpf"); // stop only at the traced calls: the JVM runs near full speed
        }
        command.addAll(List.of("-e", "trace=sendfile,write,writev", "-o", trace.toString()));
        return command;
    }

    /** Runs a probe command; null when it exited 0, else what went wrong. */
    private static String run(List<String> command, Path work) {
        try {
            Path out = Files.createTempFile(work, "strace-probe-", ".txt");
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "probe timed out";
            }
            String output = Files.readString(out).strip();
            Files.deleteIfExists(out);
            return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + output;
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static byte[] value(int i) {
        byte[] v = new byte[VALUE_BYTES];
        for (int at = 0; at < v.length; at += MARKER.length) {
            System.arraycopy(MARKER, 0, v, at, Math.min(MARKER.length, v.length - at));
        }
        v[0] = (byte) i;
        v[1] = (byte) (i >>> 8);
        return v;
    }

    private static long consumeAll(String bootstrap) {
        TopicPartition tp = new TopicPartition(TOPIC, 0);
        try (KafkaConsumer<byte[], byte[]> consumer = Clients.consumer(bootstrap, Map.of(
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(1024 * 1024)))) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            List<ConsumerRecord<byte[], byte[]>> got = Clients.pollAtLeast(consumer, RECORDS, Duration.ofSeconds(120));
            long bytes = 0;
            for (int i = 0; i < got.size(); i++) {
                ConsumerRecord<byte[], byte[]> r = got.get(i);
                assertEquals(i, r.offset());
                assertTrue(Arrays.equals(value(i), r.value()), "record " + i + " content");
                bytes += r.value().length;
            }
            return bytes;
        }
    }
}
