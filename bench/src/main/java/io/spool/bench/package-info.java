/** JMH microbenchmarks and the side-by-side comparison with Apache Kafka. */
package io.spool.bench;
