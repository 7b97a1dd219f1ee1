package io.spool.config;

/** How much an operator should care about a key (Kafka's HIGH/MEDIUM/LOW); orders the generated docs. */
public enum Importance { HIGH, MEDIUM, LOW }
