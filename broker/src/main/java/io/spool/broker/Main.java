package io.spool.broker;

/** Entry point of {@code bin/spool server}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.err.println("spool: broker not built yet");
        System.exit(1);
    }
}
