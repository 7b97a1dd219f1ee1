package io.spool.client.cli;

import io.spool.client.ConsumerRecord;
import io.spool.client.Deserializer;
import io.spool.client.SpoolConsumer;
import io.spool.client.TopicPartition;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code spool consume}: prints records of every partition of a topic (or one) to stdout, one per
 * line ({@code key<TAB>value} with {@code --property print.key=true}); stops after
 * {@code --max-messages} or {@code --timeout-ms} without records. With {@code --group G} it joins
 * consumer group G (subscribe) and commits exactly the records it printed.
 */
public final class ConsoleConsumer {
    private ConsoleConsumer() {
    }

    public static void main(String[] argv) {
        System.exit(run(argv, System.out, System.err));
    }

    static int run(String[] argv, PrintStream out, PrintStream err) {
        Args args;
        try {
            args = new Args(argv, List.of("from-beginning"));
            args.required("bootstrap-server");
            args.required("topic");
            if (args.get("group", null) != null && (args.get("partition", null) != null || args.get("offset", null) != null)) {
                throw new IllegalArgumentException("--group cannot be combined with --partition or --offset");
            }
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println("usage: spool consume --bootstrap-server HOST:PORT --topic T [--group G | --partition P [--offset O]] [--from-beginning]"
                    + " [--max-messages N] [--timeout-ms MS] [--property print.key=true]"
                    + " [--consumer-property k=v ...]");
            return 2;
        }
        String topic = args.required("topic");
        boolean printKey = Boolean.parseBoolean(args.properties("property").getOrDefault("print.key", "false"));
        long max = args.getLong("max-messages", Long.MAX_VALUE);
        long timeoutMs = args.getLong("timeout-ms", Long.MAX_VALUE);
        Map<String, Object> props = new HashMap<>(args.properties("consumer-property"));
        props.put("bootstrap.servers", args.required("bootstrap-server"));
        props.put("auto.offset.reset", args.flag("from-beginning") ? "earliest" : "latest");
        String group = args.get("group", null);
        if (group != null) {
            props.put("group.id", group);
            props.put("enable.auto.commit", "false"); // commit what was printed, not what was fetched
        }
        long seen = 0;
        Map<TopicPartition, Long> printed = new HashMap<>();
        try (SpoolConsumer<String, String> c = new SpoolConsumer<>(props, Deserializer.string(), Deserializer.string())) {
            if (group != null) {
                c.subscribe(List.of(topic));
            } else {
                c.assign(partitions(c, topic, args));
            }
            String offset = args.get("offset", null);
            if (offset != null) {
                for (TopicPartition tp : c.assignment()) {
                    c.seek(tp, Long.parseLong(offset));
                }
            }
            long lastRecord = System.nanoTime();
            while (seen < max) {
                var records = c.poll(Duration.ofMillis(Math.min(500, timeoutMs)));
                if (records.isEmpty()) {
                    if ((System.nanoTime() - lastRecord) / 1_000_000 >= timeoutMs) {
                        break;
                    }
                    continue;
                }
                lastRecord = System.nanoTime();
                for (ConsumerRecord<String, String> r : records) {
                    out.println(printKey ? r.key() + "\t" + r.value() : r.value());
                    printed.put(new TopicPartition(r.topic(), r.partition()), r.offset() + 1);
                    if (++seen >= max) {
                        break;
                    }
                }
                if (group != null) {
                    c.commitAsync(Map.copyOf(printed));
                }
            }
            if (group != null && !printed.isEmpty()) {
                c.commitSync(printed);
            }
        } catch (RuntimeException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
        err.println("Processed a total of " + seen + " messages");
        return 0;
    }

    private static List<TopicPartition> partitions(SpoolConsumer<String, String> c, String topic, Args args) {
        List<TopicPartition> tps = new ArrayList<>();
        String partition = args.get("partition", null);
        if (partition != null) {
            tps.add(new TopicPartition(topic, Integer.parseInt(partition)));
        } else {
            for (int i = 0, n = c.partitionCount(topic); i < n; i++) {
                tps.add(new TopicPartition(topic, i));
            }
        }
        return tps;
    }
}
