package io.spool.broker.group;

/**
 * One protocol a member supports (an assignor for consumers) and its opaque metadata (the subscription).
 * The array is owned by the coordinator once passed in; nobody mutates it.
 */
public record Protocol(String name, byte[] metadata) {
}
