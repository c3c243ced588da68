package io.isthmus.admin.rules;

/** An account a rule is shared with. Immutable. */
public record RuleShare(String ruleId, String accountId) {}
