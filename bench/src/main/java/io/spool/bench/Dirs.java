package io.spool.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Scratch directories for benchmarks: under {@code spool.bench.dir} (default java.io.tmpdir), deleted afterwards. */
public final class Dirs {
    private Dirs() {
    }

    /** The parent of every benchmark directory; on the same file system as a real log dir should be. */
    public static Path root() {
        return Path.of(System.getProperty("spool.bench.dir", System.getProperty("java.io.tmpdir")));
    }

    /** A new empty directory under {@link #root()}. */
    public static Path fresh(String prefix) {
        try {
            Files.createDirectories(root());
            return Files.createTempDirectory(root(), prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes {@code dir} and everything under it; a missing directory is fine. */
    public static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
