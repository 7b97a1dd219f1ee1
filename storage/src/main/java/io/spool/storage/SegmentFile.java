package io.spool.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The read side of one segment file: a lazily opened {@link FileChannel} shared by readers and reference
 * counted. The owning log holds one reference; {@link #delete()} unlinks the file at once and drops that
 * reference, so a reader still holding a range (a queued sendfile) keeps the channel open until it releases.
 * Idle channels can be closed to bound open files ({@link #closeIfIdle()}) and reopen on the next read.
 */
final class SegmentFile implements SegmentChannel {
    private final Path path;
    private FileChannel channel;
    private int refCount = 1;
    private boolean deleted;
    private volatile long lastUsedNanos;
    private final OpenFiles openFiles;

    SegmentFile(Path path, OpenFiles openFiles) {
        this.path = path;
        this.openFiles = openFiles;
    }

    Path path() {
        return path;
    }

    /** Adds a reader reference and makes sure the channel is open; false if the file is already deleted. */
    synchronized boolean tryRetainOpen() {
        if (deleted || refCount <= 0) {
            return false;
        }
        if (channel == null) {
            try {
                channel = FileChannel.open(path, StandardOpenOption.READ);
            } catch (IOException e) {
                return false;
            }
            openFiles.opened(this);
        }
        refCount++;
        lastUsedNanos = System.nanoTime();
        return true;
    }

    @Override
    public synchronized FileChannel channel() {
        if (channel == null) {
            throw new IllegalStateException("segment channel used without a reference: path=" + path);
        }
        return channel;
    }

    @Override
    public synchronized SegmentChannel retain() {
        if (refCount <= 0) {
            throw new IllegalStateException("retain after last release: path=" + path);
        }
        refCount++;
        return this;
    }

    @Override
    public void release() {
        FileChannel toClose = null;
        synchronized (this) {
            if (refCount <= 0) {
                throw new IllegalStateException("release without a reference: path=" + path);
            }
            if (--refCount == 0 && channel != null) {
                toClose = channel;
                channel = null;
            }
        }
        closeQuietly(toClose);
    }

    /** Closes the channel when only the owner holds it and it is open; returns true if it closed it. */
    boolean closeIfIdle() {
        FileChannel toClose;
        synchronized (this) {
            if (refCount != 1 || channel == null) {
                return false;
            }
            toClose = channel;
            channel = null;
        }
        closeQuietly(toClose);
        return true;
    }

    long lastUsedNanos() {
        return lastUsedNanos;
    }

    synchronized boolean isOpen() {
        return channel != null;
    }

    /** Unlinks the file (readers keep their open channel) and drops the owner's reference. */
    void delete() {
        synchronized (this) {
            if (deleted) {
                return;
            }
            deleted = true;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete segment: path=" + path, e);
        }
        release();
    }

    /**
     * Like {@link #delete()}, but only renames the file to {@code <name>.deleted.tmp} now (so the segment's name is
     * free at once, and a stray is removed by the next open like any {@code .tmp}) and hands the unlink, which
     * frees the file's page cache and blocks (tens of ms per 256 MiB), to {@code unlinker}.
     */
    void deleteLater(java.util.function.Consumer<Runnable> unlinker) {
        synchronized (this) {
            if (deleted) {
                return;
            }
            deleted = true;
        }
        Path doomed = path.resolveSibling(path.getFileName() + ".deleted.tmp");
        try {
            Files.move(path, doomed, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            doomed = path; // unlink in place instead
        }
        Path target = doomed;
        unlinker.accept(() -> {
            try {
                Files.deleteIfExists(target);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete segment: path=" + target, e);
            }
        });
        release();
    }

    /** Drops the owner's reference without unlinking (log closed). */
    void closeOwner() {
        synchronized (this) {
            if (deleted) {
                return;
            }
            deleted = true;
        }
        release();
    }

    private void closeQuietly(FileChannel c) {
        if (c != null) {
            openFiles.closed(this);
            try {
                c.close();
            } catch (IOException ignored) {
                // a read-only channel has nothing to lose on close
            }
        }
    }
}
