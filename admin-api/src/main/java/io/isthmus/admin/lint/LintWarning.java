package io.isthmus.admin.lint;

/**
 * Something a successful request did that the caller may not have meant, answered beside the result
 * as {@code {"code","message"}}: the request was applied all the same. {@code code} is a stable
 * identifier such as {@value ShadowLint#RULE_OVERRIDES_ZONE}; {@code message} explains it in words,
 * naming the resources. Immutable.
 */
public record LintWarning(String code, String message) {}
