package io.isthmus.admin.rules;

import io.isthmus.config.ResolverRule;

/** A rule as the caller sees it. Immutable. */
public record RuleView(ResolverRule rule, ShareStatus shareStatus) {}
