package io.spool.broker.metadata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single-node metadata quorum: commands are validated against the current image, appended to a local
 * fsynced {@link MetadataLogFile} and applied, one at a time on the {@code spool-metadata} thread (file I/O
 * and fsync never touch an event loop). The image is rebuilt from the log on open.
 */
public final class LocalMetadataQuorum implements MetadataQuorum {
    private static final Logger LOG = LoggerFactory.getLogger(LocalMetadataQuorum.class);
    /** File name of the metadata log inside the data directory. */
    public static final String FILE_NAME = "metadata.log";

    private final MetadataLogFile log;
    private final MetadataListener listener;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "spool-metadata");
        t.setDaemon(true);
        return t;
    });
    private volatile MetadataImage image;

    private LocalMetadataQuorum(MetadataLogFile log, MetadataImage image, MetadataListener listener) {
        this.log = log;
        this.image = image;
        this.listener = listener;
    }

    /**
     * Opens the log in {@code dataDir}, replays it and calls {@code listener} once with (EMPTY, replayed image)
     * on the caller's thread before returning.
     */
    public static LocalMetadataQuorum open(Path dataDir, MetadataListener listener) {
        List<MetadataCommand> commands = new ArrayList<>();
        MetadataLogFile file;
        try {
            file = MetadataLogFile.open(dataDir.resolve(FILE_NAME), commands);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open metadata log in " + dataDir, e);
        }
        MetadataImage img = MetadataImage.EMPTY;
        long offset = 0;
        for (MetadataCommand c : commands) {
            try {
                img = c.apply(img, offset);
            } catch (MetadataException e) {
                // a command refused at replay was refused when proposed too (it was never appended); skip defensively
                LOG.warn("metadata log: command at offset={} does not apply: {}", offset, e.getMessage());
                img = img.atOffset(offset);
            }
            offset++;
        }
        listener.onImage(MetadataImage.EMPTY, img);
        return new LocalMetadataQuorum(file, img, listener);
    }

    @Override
    public MetadataImage image() {
        return image;
    }

    @Override
    public CompletableFuture<MetadataImage> submit(MetadataCommand command) {
        CompletableFuture<MetadataImage> result = new CompletableFuture<>();
        try {
            thread.execute(() -> applyOnThread(command, result));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            result.completeExceptionally(new MetadataException(MetadataError.STORAGE_ERROR, "metadata quorum is closed"));
        }
        return result;
    }

    private void applyOnThread(MetadataCommand command, CompletableFuture<MetadataImage> result) {
        MetadataImage previous = image;
        MetadataImage next;
        try {
            // validate against the image at the offset the command will get, before it is made durable
            next = command.apply(previous, previous.lastOffset() + 1);
            long offset = log.append(command);
            next = next.atOffset(offset);
        } catch (MetadataException e) {
            result.completeExceptionally(e);
            return;
        } catch (IOException | RuntimeException e) {
            LOG.error("metadata log append failed: command={}", command, e);
            result.completeExceptionally(new MetadataException(MetadataError.STORAGE_ERROR,
                    "metadata log append failed: " + e.getMessage()));
            return;
        }
        image = next;
        try {
            listener.onImage(previous, next);
        } catch (RuntimeException e) {
            LOG.error("metadata listener failed after offset={}", next.lastOffset(), e);
        }
        result.complete(next);
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
            log.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.warn("closing metadata log failed", e);
        }
    }
}
