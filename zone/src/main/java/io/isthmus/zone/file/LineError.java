package io.isthmus.zone.file;

/**
 * A problem of a master file, at the line where the record or directive it concerns starts
 * (1-based). Immutable.
 */
public record LineError(int line, String message) {}
