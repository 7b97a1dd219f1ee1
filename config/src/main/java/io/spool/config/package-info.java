/** Typed configuration: definitions, defaults, validation, docs. */
package io.spool.config;
