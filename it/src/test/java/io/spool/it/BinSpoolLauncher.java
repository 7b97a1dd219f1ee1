package io.spool.it;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts the broker exactly as a user does: {@code bin/spool server --override key=value ...}
 * (the script execs java, so signals reach the broker JVM). JAVA_HOME is this test JVM's JDK.
 */
final class BinSpoolLauncher implements BrokerLauncher {
    @Override
    public String name() {
        return "bin-spool";
    }

    @Override
    public Map<String, String> environment() {
        return Map.of("JAVA_HOME", System.getProperty("java.home"));
    }

    @Override
    public List<String> command(int port, Path dataDir, Path workDir, Map<String, String> overrides) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("listeners", "PLAINTEXT://127.0.0.1:" + port);
        settings.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        settings.put("log.dirs", dataDir.toString());
        settings.putAll(overrides);
        List<String> command = new ArrayList<>();
        command.add(SpoolLauncher.projectRoot().resolve("bin").resolve("spool").toString());
        command.add("server");
        settings.forEach((k, v) -> {
            command.add("--override");
            command.add(k + "=" + v);
        });
        return command;
    }
}
