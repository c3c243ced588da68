package io.isthmus.zone.file;

import io.isthmus.zone.RdataText;
import io.isthmus.zone.file.MasterFileLexer.Entry;
import io.isthmus.zone.file.MasterFileLexer.Token;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TTL;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Reads an RFC 1035 section 5 master file, as BIND writes it, for one zone, reporting every problem
 * with its line instead of stopping at the first (dnsjava's {@code Master} stops at the first and
 * follows {@code $INCLUDE} into the server's file system, so it is not used).
 *
 * <ul>
 *   <li>{@code $ORIGIN name} sets the origin that relative names and {@code @} complete; it starts
 *       as the zone's name. {@code $TTL ttl} sets the default TTL (RFC 2308 section 4). {@code
 *       $INCLUDE} is refused: an import is one self-contained file and a server must not open files
 *       a client names. {@code $GENERATE} (a BIND extension) is refused too; {@code
 *       named-compilezone} writes the expanded zone.
 *   <li>A record is {@code [owner] [ttl] [class] type rdata} with TTL and class in either order. A
 *       line starting with a blank repeats the previous owner. A record without a TTL takes the
 *       {@code $TTL} in force, else the last TTL given explicitly (RFC 1035 section 5.1), else it
 *       is an error. TTLs may carry BIND's units ({@code 1h30m}). The class, when given, must be
 *       IN.
 *   <li>Owners must lie at or below the zone. RDATA is read by dnsjava under the origin in force,
 *       so relative names in it become absolute.
 * </ul>
 *
 * Stateless; each call reads one file.
 */
public final class MasterFileReader {
  private MasterFileReader() {}

  /**
   * Reads the records of {@code zoneName} from {@code in}.
   *
   * @param maxRecords the most records to read; one more throws {@link TooManyRecords}
   * @throws IOException if {@code in} cannot be read
   * @throws TooManyRecords if the file holds more than {@code maxRecords} records
   */
  public static MasterFile read(Reader in, Name zoneName, long maxRecords) throws IOException {
    State state = new State(zoneName);
    MasterFileLexer lexer = new MasterFileLexer(new BufferedReader(in), state.errors::add);
    long count = 0;
    for (Entry entry = lexer.next(); entry != null; entry = lexer.next()) {
      if (entry.broken()) {
        continue;
      }
      List<Token> tokens = entry.tokens();
      if (!entry.blankOwner() && tokens.get(0).text().startsWith("$")) {
        directive(state, entry);
        continue;
      }
      if (++count > maxRecords) {
        throw new TooManyRecords(maxRecords);
      }
      record(state, entry);
    }
    List<LineError> errors = new ArrayList<>(state.errors);
    errors.sort(Comparator.comparingInt(LineError::line));
    return new MasterFile(state.records, errors);
  }

  /** What the directives and earlier records set. */
  private static final class State {
    final Name zone;
    final List<MasterRecord> records = new ArrayList<>();
    final List<LineError> errors = new ArrayList<>();
    Name origin;
    Long defaultTtl;
    Long lastTtl;
    Name lastOwner;

    State(Name zone) {
      this.zone = zone;
      this.origin = zone;
    }

    void error(Entry entry, String message) {
      errors.add(new LineError(entry.line(), message));
    }
  }

  private static void directive(State state, Entry entry) {
    List<Token> tokens = entry.tokens();
    String name = tokens.get(0).text().toUpperCase(Locale.ROOT);
    switch (name) {
      case "$ORIGIN" -> {
        if (tokens.size() != 2) {
          state.error(entry, "$ORIGIN takes one domain name");
          return;
        }
        Name origin = name(state, entry, tokens.get(1), "$ORIGIN");
        if (origin != null) {
          state.origin = origin;
        }
      }
      case "$TTL" -> {
        if (tokens.size() != 2) {
          state.error(entry, "$TTL takes one TTL");
          return;
        }
        Long ttl = ttl(tokens.get(1));
        if (ttl == null) {
          state.error(entry, "invalid $TTL: " + tokens.get(1).text());
        } else {
          state.defaultTtl = ttl;
        }
      }
      case "$INCLUDE" ->
          state.error(
              entry,
              "$INCLUDE is not supported: an import is one file; put the included records in it");
      case "$GENERATE" ->
          state.error(
              entry,
              "$GENERATE is not supported: expand it first (named-compilezone -o - writes the"
                  + " expanded zone)");
      default -> state.error(entry, "unknown directive " + tokens.get(0).text());
    }
  }

  private static void record(State state, Entry entry) {
    List<Token> tokens = entry.tokens();
    int next = 0;
    Name owner;
    if (entry.blankOwner()) {
      owner = state.lastOwner;
      if (owner == null) {
        state.error(entry, "no owner name, and no previous record to take it from");
        return;
      }
    } else {
      owner = name(state, entry, tokens.get(next++), "owner name");
      if (owner == null) {
        return;
      }
      state.lastOwner = owner;
    }
    Long ttl = null;
    // RFC 1035 section 5.1: [<TTL>] [<class>] or [<class>] [<TTL>] before the type.
    for (int i = 0; i < 2 && next < tokens.size(); i++) {
      Token token = tokens.get(next);
      if (ttl == null && startsWithDigit(token)) {
        ttl = ttl(token);
        if (ttl == null) {
          state.error(entry, "invalid TTL: " + token.text());
          return;
        }
        next++;
      } else if (!token.quoted() && DClass.value(token.text()) >= 0) {
        if (DClass.value(token.text()) != DClass.IN) {
          state.error(entry, "class " + token.text() + " is not supported; records are IN");
          return;
        }
        next++;
      } else {
        break;
      }
    }
    if (next >= tokens.size()) {
      state.error(entry, "missing record type");
      return;
    }
    Token typeToken = tokens.get(next++);
    int type = typeToken.quoted() ? -1 : Type.value(typeToken.text());
    if (type < 0) {
      state.error(entry, "unknown record type " + typeToken.text());
      return;
    }
    if (ttl != null) {
      state.lastTtl = ttl;
    } else if (state.defaultTtl != null) {
      ttl = state.defaultTtl;
    } else if (state.lastTtl != null) {
      ttl = state.lastTtl;
    } else {
      state.error(entry, "no TTL: give one or set $TTL before the first record");
      return;
    }
    if (ttl > Integer.MAX_VALUE) {
      // RFC 2181 section 8: the top bit of a TTL is zero.
      state.error(entry, "TTL " + ttl + " is above " + Integer.MAX_VALUE);
      return;
    }
    if (!owner.subdomain(state.zone)) {
      state.error(entry, owner + " is outside the zone " + state.zone);
      return;
    }
    String rdata =
        tokens.subList(next, tokens.size()).stream()
            .map(Token::text)
            .collect(Collectors.joining(" "));
    try {
      Record parsed = RdataText.parse(owner, type, ttl, rdata, state.origin);
      state.records.add(
          new MasterRecord(
              entry.line(),
              owner,
              type,
              ttl,
              parsed.rdataToString(),
              parsed.rdataToWireCanonical()));
    } catch (IOException | RuntimeException e) { // dnsjava reports bad RDATA with both
      state.error(entry, "invalid " + Type.string(type) + " record: " + reason(e));
    }
  }

  private static Name name(State state, Entry entry, Token token, String what) {
    if (token.quoted()) {
      state.error(entry, "invalid " + what + ": " + token.text());
      return null;
    }
    if (token.text().equals("@")) {
      return state.origin;
    }
    try {
      return Name.fromString(token.text(), state.origin);
    } catch (TextParseException e) {
      state.error(entry, "invalid " + what + ": " + e.getMessage());
      return null;
    }
  }

  private static boolean startsWithDigit(Token token) {
    return !token.quoted() && Character.isDigit(token.text().charAt(0));
  }

  /** A TTL in seconds or with BIND's units, or null when it is not one. */
  private static Long ttl(Token token) {
    if (token.quoted()) {
      return null;
    }
    try {
      return TTL.parse(token.text(), false);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** dnsjava's message without the tokenizer's "{@code <none>:1: }" position prefix. */
  private static String reason(Exception e) {
    String message = Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName());
    return message.replaceFirst("^<none>:\\d+: ", "");
  }
}
