/** Spool's Java client: producer (MSG_ZEROCOPY for large batches), consumer, admin. */
package io.spool.client;
