package io.spool.it.group;

import io.spool.it.Clients;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * A group member in its own JVM, so that a test can SIGKILL it (a consumer that dies without LeaveGroup).
 * Arguments: bootstrap, group id, topic. Prints "assigned N" whenever its assignment changes; polls forever.
 */
public final class ConsumerProcessMain {
    private ConsumerProcessMain() {
    }

    public static void main(String[] args) {
        try (KafkaConsumer<byte[], byte[]> consumer = Clients.consumer(args[0],
                GroupConsumer.groupSettings(args[1], java.util.Map.of()))) {
            consumer.subscribe(List.of(args[2]));
            int last = -1;
            while (true) {
                consumer.poll(Duration.ofMillis(200));
                int n = consumer.assignment().size();
                if (n != last) {
                    System.out.println("assigned " + n);
                    System.out.flush();
                    last = n;
                }
            }
        }
    }
}
