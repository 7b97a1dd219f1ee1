package io.spool.broker;

import io.spool.config.BrokerConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** An in-process broker on an ephemeral loopback port with its data in a test's temp directory. */
public final class TestBroker implements AutoCloseable {
    private final SpoolBroker broker;

    private TestBroker(SpoolBroker broker) {
        this.broker = broker;
    }

    /** Starts a broker with {@code overrides} over test defaults (ephemeral port, 2 event loops). */
    public static TestBroker start(Path dataDir, Map<String, String> overrides) throws Exception {
        Map<String, String> raw = new HashMap<>();
        raw.put("listeners", "PLAINTEXT://127.0.0.1:0");
        raw.put("log.dirs", dataDir.toString());
        raw.put("num.network.threads", "2");
        raw.put("log.segment.bytes", Integer.toString(8 << 20));
        raw.put("log.segment.prealloc.bytes", Integer.toString(1 << 20));
        raw.putAll(overrides);
        return new TestBroker(SpoolBroker.start(BrokerConfig.of(raw)));
    }

    public static TestBroker start(Path dataDir) throws Exception {
        return start(dataDir, Map.of());
    }

    public String bootstrap() {
        return "127.0.0.1:" + broker.address().getPort();
    }

    public int port() {
        return broker.address().getPort();
    }

    public SpoolBroker broker() {
        return broker;
    }

    @Override
    public void close() {
        broker.close();
    }
}
