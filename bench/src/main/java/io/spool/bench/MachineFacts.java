package io.spool.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One line of machine facts for result tables: cores, CPU model, kernel, JDK. */
final class MachineFacts {
    private MachineFacts() {
    }

    static String describe() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
        } catch (IOException ignored) {
            // keep "unknown CPU"
        }
        return Runtime.getRuntime().availableProcessors() + " cores, " + cpu + ", Linux "
                + System.getProperty("os.version") + ", JDK " + System.getProperty("java.runtime.version");
    }
}
