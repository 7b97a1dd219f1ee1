package io.spool.it;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** How to turn "a broker on this port with this data directory and these settings" into a command line. */
interface BrokerLauncher {

    /** A short name for logs and file names. */
    String name();

    /**
     * The command that starts one broker in the foreground; called before every (re)start.
     *
     * @param port      the loopback port of the PLAINTEXT listener
     * @param dataDir   the broker's only log directory; survives restarts
     * @param workDir   a directory for generated files (configs); survives restarts
     * @param overrides Kafka-named broker settings, applied last
     */
    List<String> command(int port, Path dataDir, Path workDir, Map<String, String> overrides) throws IOException;

    /** Extra environment variables for the process. */
    default Map<String, String> environment() {
        return Map.of();
    }

    /** The launcher chosen by {@code -Dspool.it.broker=spool|kafka|bin/spool} (default spool). */
    static BrokerLauncher fromSystemProperties() {
        String which = System.getProperty("spool.it.broker", "spool");
        return switch (which) {
            case "spool" -> new SpoolLauncher();
            case "kafka" -> new KafkaOracleLauncher();
            case "bin/spool" -> new BinSpoolLauncher();
            default -> throw new IllegalArgumentException(
                    "unknown spool.it.broker=" + which + " (allowed: spool, kafka, bin/spool)");
        };
    }
}
