package io.isthmus.zone;

import io.isthmus.config.RecordSet;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * A stored record set as a compiled zone keeps it, parsed once: its records, or for an alias its
 * target name (then {@code records} is empty), and the health signal its check resolved to when it
 * was compiled (always healthy without a check). Each node keeps those of its name, in stored
 * order, so an alias to the name can be compiled again without parsing and explanations need no
 * scan. Immutable.
 *
 * @param stored the record set as stored
 * @param type its type, as a dnsjava type code
 */
record ParsedRecordSet(
    RecordSet stored, int type, List<Record> records, Name aliasTarget, HealthSignal signal) {}
