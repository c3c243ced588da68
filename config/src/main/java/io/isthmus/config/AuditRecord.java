package io.isthmus.config;

/**
 * An {@link AuditEvent} as stored, with the sequence number the store gave it: increasing in the
 * order records were appended, the key that pages of the audit trail resume from. Immutable.
 */
public record AuditRecord(long sequence, AuditEvent event) {}
