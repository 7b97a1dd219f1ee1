package io.spool.broker;

import io.spool.config.BrokerConfig;
import io.spool.config.ConfigException;
import io.spool.config.ConfigLoader;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of {@code bin/spool server [config-file] [--override key=value ...]}: loads the configuration,
 * starts one broker, logs one line when it accepts connections and stops cleanly on SIGTERM/SIGINT.
 * A bad configuration or a failed start prints one line and exits non-zero, without a stack trace.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        long startNanos = System.nanoTime();
        BrokerConfig config;
        try {
            config = ConfigLoader.fromArgs(args);
        } catch (ConfigException e) {
            System.err.println("spool: " + e.getMessage());
            System.exit(2);
            return;
        }
        Logger log = LoggerFactory.getLogger(Main.class);
        for (String key : config.unknownKeys()) {
            log.warn("ignoring unknown configuration key {}", key);
        }
        SpoolBroker broker;
        try {
            broker = SpoolBroker.start(config);
        } catch (Exception e) {
            System.err.println("spool: cannot start the broker: " + describe(e));
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            LoggerFactory.getLogger(Main.class).info("Spool broker node {} stopped", config.nodeId());
        }, "spool-shutdown"));
        long startedMs = (System.nanoTime() - startNanos) / 1_000_000;
        String listeners = broker.boundAddresses().entrySet().stream()
                .map(e -> e.getKey() + "://" + e.getValue().getHostString() + ":" + e.getValue().getPort())
                .collect(Collectors.joining(","));
        log.info("Spool broker node {} accepting connections on {} (started in {} ms: {}; {}; data {})",
                config.nodeId(), listeners, startedMs, broker.startupPhases(), broker.isEpoll() ? "epoll" : "nio",
                config.logDir().toAbsolutePath().normalize());
        broker.awaitShutdown();
    }

    /** One line for a start failure: our own messages as they are, anything else by type, message and root cause. */
    static String describe(Throwable e) {
        if (e instanceof IllegalStateException && e.getMessage() != null) {
            return e.getMessage();
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return root == e ? msg : msg + " (caused by " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }
}
