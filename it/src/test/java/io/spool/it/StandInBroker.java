package io.spool.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A stand-in for {@code io.spool.broker.Main} that only exercises the harness: takes the same
 * {@code --override key=value} arguments, listens on the listener's port, counts its starts in
 * {@code log.dirs/starts} and writes {@code log.dirs/clean-shutdown} when stopped by SIGTERM.
 */
public final class StandInBroker {
    private StandInBroker() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> settings = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (args[i].equals("--override")) {
                String[] kv = args[i + 1].split("=", 2);
                settings.put(kv[0], kv[1]);
            }
        }
        String mode = settings.getOrDefault("standin.mode", "serve");
        if (mode.equals("stub")) {
            System.err.println("spool: broker not built yet");
            System.exit(1);
        }
        if (mode.equals("bad-config")) {
            System.err.println("invalid value for standin.mode: bad-config");
            System.exit(3);
        }
        Path dir = Path.of(settings.get("log.dirs"));
        Path starts = dir.resolve("starts");
        int n = Files.exists(starts) ? Integer.parseInt(Files.readString(starts).strip()) : 0;
        Files.writeString(starts, String.valueOf(n + 1));
        Files.deleteIfExists(dir.resolve("clean-shutdown"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.writeString(dir.resolve("clean-shutdown"), "1");
            } catch (IOException e) {
                e.printStackTrace();
            }
        }));
        String listener = settings.get("listeners");
        int port = Integer.parseInt(listener.substring(listener.lastIndexOf(':') + 1));
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        System.out.println("stand-in accepting connections on " + port);
        while (true) {
            Socket s = server.accept();
            s.close();
        }
    }
}
