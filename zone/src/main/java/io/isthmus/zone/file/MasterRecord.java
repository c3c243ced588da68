package io.isthmus.zone.file;

import org.xbill.DNS.Name;

/**
 * One resource record read from a master file: its line, absolute owner, type code, TTL and RDATA
 * in dnsjava's presentation (names in it absolute, so it no longer depends on the {@code $ORIGIN}
 * it was read under), with the canonical wire form of the RDATA (RFC 4034 section 6.2) that tells
 * duplicates apart. Immutable (the array is never handed out modified).
 */
public record MasterRecord(
    int line, Name owner, int type, long ttl, String rdata, byte[] canonical) {}
