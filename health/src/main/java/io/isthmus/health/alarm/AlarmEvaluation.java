package io.isthmus.health.alarm;

/**
 * The outcome of evaluating one metric alarm once. Immutable.
 *
 * @param breaching B, the periods whose statistic breached the threshold
 * @param withData D, the periods that had at least one point
 * @param periods N, the periods looked at
 * @param reason the counts in words, e.g. "2 of 3 periods Average > 0.5, 1 missing (alarm at 2)"
 */
public record AlarmEvaluation(
    AlarmState state, int breaching, int withData, int periods, String reason) {}
