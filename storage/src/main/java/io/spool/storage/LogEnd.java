package io.spool.storage;

/**
 * An offset together with the segment and file position where it starts, published as one immutable value so
 * that a tail read needs no index lookup. {@code position} is -1 when unknown.
 */
record LogEnd(long offset, Segment segment, int position) {
}
