package io.isthmus.health.metric;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The points of one series, sorted by time, in two parallel primitive arrays (16 bytes a point, no
 * object per point). Pushes mostly append; a late point is inserted in place. Thread-safe: every
 * method holds the series' own lock, which writers (HTTP threads) and the evaluator share only for
 * as long as one copy takes.
 */
final class Series {
  private long[] times = new long[8];
  private double[] values = new double[8];
  // The live points are [start, end): dropping old points only moves start.
  private int start;
  private int end;
  // Set once the store has unlinked this series; a writer that still holds it must look again.
  private boolean removed;

  /**
   * Adds the points, then drops those before {@code cutoff} and the oldest beyond {@code cap}.
   *
   * @return false if the series was removed meanwhile: nothing was added, the caller retries
   */
  synchronized boolean add(long[] pointTimes, double[] pointValues, long cutoff, int cap) {
    if (removed) {
      return false;
    }
    for (int i = 0; i < pointTimes.length; i++) {
      insert(pointTimes[i], pointValues[i]);
    }
    start = Math.max(lowerBound(cutoff), end - cap);
    return true;
  }

  /** The points in [from, to), oldest first. */
  synchronized List<DataPoint> range(long from, long to) {
    int first = lowerBound(from);
    int last = lowerBound(to);
    if (first >= last) {
      return List.of();
    }
    List<DataPoint> points = new ArrayList<>(last - first);
    for (int i = first; i < last; i++) {
      points.add(new DataPoint(Instant.ofEpochMilli(times[i]), values[i]));
    }
    return points;
  }

  /** Drops the points before {@code cutoff}; true if none is left. */
  synchronized boolean trim(long cutoff) {
    start = lowerBound(cutoff);
    if (start == end) {
      // Give the arrays back: an idle series should cost almost nothing until it is unlinked.
      start = 0;
      end = 0;
      if (times.length > 8) {
        times = new long[8];
        values = new double[8];
      }
      return true;
    }
    return false;
  }

  /**
   * Marks the series unlinked if it is (still) empty; the store calls it under the account lock.
   */
  synchronized boolean removeIfEmpty() {
    if (start == end) {
      removed = true;
    }
    return removed;
  }

  synchronized int size() {
    return end - start;
  }

  private void insert(long t, double v) {
    if (end == times.length) {
      makeRoom();
    }
    if (start == end || t >= times[end - 1]) {
      times[end] = t;
      values[end] = v;
      end++;
      return;
    }
    // A late point: after every point with the same time, so equal times keep arrival order.
    int pos = upperBound(t);
    System.arraycopy(times, pos, times, pos + 1, end - pos);
    System.arraycopy(values, pos, values, pos + 1, end - pos);
    times[pos] = t;
    values[pos] = v;
    end++;
  }

  private void makeRoom() {
    int size = end - start;
    if (start > 0 && size < times.length * 3 / 4) {
      // Enough dropped at the front: slide left instead of growing.
      System.arraycopy(times, start, times, 0, size);
      System.arraycopy(values, start, values, 0, size);
    } else {
      long[] newTimes = new long[times.length * 2];
      double[] newValues = new double[values.length * 2];
      System.arraycopy(times, start, newTimes, 0, size);
      System.arraycopy(values, start, newValues, 0, size);
      times = newTimes;
      values = newValues;
    }
    start = 0;
    end = size;
  }

  /** First index in [start, end) whose time is ≥ t, or end. */
  private int lowerBound(long t) {
    int lo = start;
    int hi = end;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (times[mid] < t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** First index in [start, end) whose time is > t, or end. */
  private int upperBound(long t) {
    int lo = start;
    int hi = end;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (times[mid] <= t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  @Override
  public synchronized String toString() {
    return "Series" + Arrays.toString(Arrays.copyOfRange(times, start, end));
  }
}
