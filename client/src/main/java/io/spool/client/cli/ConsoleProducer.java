package io.spool.client.cli;

import io.spool.client.ProducerRecord;
import io.spool.client.RecordMetadata;
import io.spool.client.Serializer;
import io.spool.client.SpoolProducer;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code spool produce}: one record per stdin line. With {@code --property parse.key=true} a line is
 * {@code key<TAB>value} (separator: {@code --property key.separator=...}).
 */
public final class ConsoleProducer {
    private ConsoleProducer() {
    }

    public static void main(String[] argv) throws Exception {
        System.exit(run(argv, System.in, System.err));
    }

    static int run(String[] argv, InputStream in, PrintStream err) throws Exception {
        Args args;
        try {
            args = new Args(argv, List.of());
            args.required("bootstrap-server");
            args.required("topic");
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println("usage: spool produce --bootstrap-server HOST:PORT --topic T [--property parse.key=true]"
                    + " [--property key.separator=TAB] [--producer-property k=v ...]");
            return 2;
        }
        Map<String, String> p = args.properties("property");
        boolean parseKey = Boolean.parseBoolean(p.getOrDefault("parse.key", "false"));
        String sep = p.getOrDefault("key.separator", "\t");
        Map<String, Object> props = new HashMap<>(args.properties("producer-property"));
        props.put("bootstrap.servers", args.required("bootstrap-server"));
        String topic = args.required("topic");
        List<CompletableFuture<RecordMetadata>> pending = new ArrayList<>();
        int failed = 0;
        try (SpoolProducer<String, String> producer = new SpoolProducer<>(props, Serializer.string(), Serializer.string());
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                String key = null;
                String value = line;
                if (parseKey) {
                    int i = line.indexOf(sep);
                    if (i < 0) {
                        err.println("error: no key separator in line: " + line);
                        failed++;
                        continue;
                    }
                    key = line.substring(0, i);
                    value = line.substring(i + sep.length());
                }
                pending.add(producer.send(new ProducerRecord<>(topic, key, value)));
            }
            producer.flush();
        }
        for (CompletableFuture<RecordMetadata> f : pending) {
            try {
                f.join();
            } catch (RuntimeException e) {
                if (failed++ == 0) {
                    err.println("error: " + e.getCause());
                }
            }
        }
        return failed == 0 ? 0 : 1;
    }
}
