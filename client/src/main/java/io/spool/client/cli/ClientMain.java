package io.spool.client.cli;

import java.util.Arrays;

/**
 * Entry point for {@code bin/spool produce|consume|perf produce}: dispatches on the first argument(s).
 */
public final class ClientMain {
    private ClientMain() {
    }

    public static void main(String[] argv) throws Exception {
        if (System.getProperty("slf4j.provider") == null) {
            // The tools print their own output; without a logging backend on the classpath, say so
            // explicitly instead of letting SLF4J warn about it on every run.
            System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
            System.setProperty("slf4j.internal.verbosity", "WARN");
        }
        if (argv.length >= 1 && argv[0].equals("produce")) {
            System.exit(ConsoleProducer.run(Arrays.copyOfRange(argv, 1, argv.length), System.in, System.err));
        } else if (argv.length >= 1 && argv[0].equals("consume")) {
            System.exit(ConsoleConsumer.run(Arrays.copyOfRange(argv, 1, argv.length), System.out, System.err));
        } else if (argv.length >= 2 && argv[0].equals("perf") && argv[1].equals("produce")) {
            System.exit(PerfProducer.run(Arrays.copyOfRange(argv, 2, argv.length), System.out));
        }
        System.err.println("usage: spool produce|consume|perf produce [options]  (--help on each for its options)");
        System.exit(2);
    }
}
