package io.isthmus.admin.rules;

/**
 * How a rule is shared, from the caller's side, as in Route 53 Resolver. The operator, which owns
 * nothing, sees the owner's side: NOT_SHARED or SHARED_BY_ME.
 */
public enum ShareStatus {
  NOT_SHARED,
  SHARED_BY_ME,
  SHARED_WITH_ME
}
