package io.spool.storage;

/** An unexpected failure of the environment (I/O error, RocksDB error): the log directory goes offline. */
public final class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    public StorageException(String message) {
        super(message);
    }
}
