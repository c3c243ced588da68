/**
 * Helpers shared by the tests of every module: the architecture rules and the real DNS tools (dig,
 * BIND's named). Null-marked: types are non-null unless annotated {@code @Nullable} (NullAway).
 */
@NullMarked
package io.isthmus.testsupport;

import org.jspecify.annotations.NullMarked;
