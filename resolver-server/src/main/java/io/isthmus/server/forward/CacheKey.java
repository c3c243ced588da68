package io.isthmus.server.forward;

import java.util.Objects;
import org.xbill.DNS.Name;

/**
 * What the cache and the coalescing of in-flight queries are keyed by: the scope (rule) and the
 * question, its name lower-cased because DNS names compare case-insensitively (RFC 4343). There is
 * no DO bit in the key: we never set DO upstream (see {@link ForwardQuery}). Immutable.
 */
record CacheKey(String scope, Name name, int type, int dclass) {

  static CacheKey of(ForwardQuery query) {
    return new CacheKey(query.scope(), query.name().canonicalize(), query.type(), query.dclass());
  }

  // Written out: the record's generated equals and hashCode go through method handles that a
  // profile under load showed on every cache hit, not inlined away.
  @Override
  public boolean equals(Object other) {
    return other instanceof CacheKey key
        && type == key.type
        && dclass == key.dclass
        && name.equals(key.name)
        && Objects.equals(scope, key.scope);
  }

  @Override
  public int hashCode() {
    return (31 * name.hashCode() + type) * 31 + Objects.hashCode(scope);
  }
}
