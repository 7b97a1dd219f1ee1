package io.spool.client.buffer;

/** Thrown when {@code buffer.memory} stays exhausted for longer than {@code max.block.ms}. */
public final class BufferExhaustedException extends RuntimeException {
    public BufferExhaustedException(String message) {
        super(message);
    }
}
