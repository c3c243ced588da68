package io.isthmus.health.alarm;

/** The states of a CloudWatch alarm, as {@code alarmState} in the status API shows them. */
public enum AlarmState {
  OK,
  ALARM,
  INSUFFICIENT_DATA
}
