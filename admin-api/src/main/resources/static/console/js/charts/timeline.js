// A health check's timeline as an SVG chart, drawn here without a library: its status as coloured
// bands over time (one band per transition, from that transition to the next or to now) and, for a
// METRIC check, the metric's points with the threshold line. Colours come from console.css
// (classes, not inline styles: the CSP allows no inline style). The chart is an image to assistive
// technology (role="img" with a summary); the pages give its data as tables too.

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 800;
const HEIGHT = 260;
const MARGIN = { top: 12, right: 16, bottom: 56, left: 64 };
const BAND_HEIGHT = 14;
const TIME_TICKS = 5;
const VALUE_TICKS = 4;

/** An SVG element, attributes set as given, children appended (strings become text). */
function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined) {
      element.setAttribute(name, String(value));
    }
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) {
      element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
  return element;
}

/** A linear map of [d0, d1] onto [r0, r1]; a domain of one value maps to the middle. */
export function scale(d0, d1, r0, r1) {
  if (d1 === d0) {
    return () => (r0 + r1) / 2;
  }
  return (x) => r0 + ((x - d0) * (r1 - r0)) / (d1 - d0);
}

/**
 * The time range the chart covers: from the first transition or point to the last point or now,
 * whichever is later, so the current status shows as a band reaching the right edge.
 */
export function timeRange(transitions, points, now) {
  const times = [...transitions.map((t) => t.at), ...points.map((p) => p.at)];
  const from = times.length === 0 ? now - 60_000 : Math.min(...times);
  const to = Math.max(now, ...times);
  return { from, to: to > from ? to : from + 1000 };
}

/** Each transition as a band [start, end): until the next transition, the last one until `to`. */
export function bandsOf(transitions, to) {
  return transitions.map((transition, i) => ({
    status: transition.status,
    reason: transition.reason,
    start: transition.at,
    end: i + 1 < transitions.length ? transitions[i + 1].at : to,
  }));
}

/** The values the value axis covers: the points and the threshold, with a little room. */
export function valueRange(points, threshold) {
  const values = points.map((p) => p.value);
  if (threshold !== null && threshold !== undefined) {
    values.push(threshold);
  }
  if (values.length === 0) {
    return { low: 0, high: 1 };
  }
  const low = Math.min(...values);
  const high = Math.max(...values);
  const room = high > low ? (high - low) * 0.1 : Math.max(Math.abs(high) * 0.1, 1);
  return { low: low - room, high: high + room };
}

function clock(millis) {
  return new Date(millis).toISOString().slice(11, 19);
}

function number(value) {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
}

/**
 * The chart. Times are epoch milliseconds.
 *
 * @param {object} data
 * @param {{at:number,status:string,reason:string}[]} data.transitions oldest first
 * @param {{at:number,value:number}[]} data.points oldest first; empty for checks without a metric
 * @param {number|null} data.threshold the METRIC check's threshold, else null
 * @param {number} data.now the right edge, at least
 * @param {string} data.label the chart's text summary (its accessible name)
 */
export function timelineChart({ transitions, points, threshold, now, label }) {
  const { from, to } = timeRange(transitions, points, now);
  const left = MARGIN.left;
  const right = WIDTH - MARGIN.right;
  const bandTop = HEIGHT - MARGIN.bottom + 8;
  const plotTop = MARGIN.top;
  const plotBottom = HEIGHT - MARGIN.bottom;
  const x = scale(from, to, left, right);
  const hasMetric = points.length > 0 || (threshold !== null && threshold !== undefined);
  const { low, high } = valueRange(points, threshold);
  const y = scale(low, high, plotBottom, plotTop);

  const chart = svg('svg', {
    class: 'timeline',
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    role: 'img',
    'aria-label': label,
    focusable: 'false',
  });

  const timeAxis = svg('g', { class: 'axis time-axis' },
    svg('line', { x1: left, x2: right, y1: plotBottom, y2: plotBottom }));
  for (let i = 0; i <= TIME_TICKS; i++) {
    const at = from + ((to - from) * i) / TIME_TICKS;
    timeAxis.append(
      svg('line', { x1: x(at), x2: x(at), y1: plotBottom, y2: plotBottom + 4 }),
      svg('text', { x: x(at), y: HEIGHT - 8, 'text-anchor': i === 0 ? 'start' : i === TIME_TICKS ? 'end' : 'middle' },
        clock(at)));
  }
  chart.append(timeAxis);

  if (hasMetric) {
    const valueAxis = svg('g', { class: 'axis value-axis' },
      svg('line', { x1: left, x2: left, y1: plotTop, y2: plotBottom }));
    for (let i = 0; i <= VALUE_TICKS; i++) {
      const value = low + ((high - low) * i) / VALUE_TICKS;
      valueAxis.append(
        svg('line', { class: 'grid', x1: left, x2: right, y1: y(value), y2: y(value) }),
        svg('text', { x: left - 6, y: y(value) + 4, 'text-anchor': 'end' }, number(value)));
    }
    chart.append(valueAxis);
  }

  // The status also tints the plot behind the points, so a breach lines up with its transition.
  const shades = svg('g', { class: 'shades' });
  const bands = svg('g', { class: 'bands' },
    svg('text', { class: 'band-label', x: left - 6, y: bandTop + BAND_HEIGHT - 3, 'text-anchor': 'end' }, 'status'));
  for (const band of bandsOf(transitions, to)) {
    shades.append(svg('rect', {
      class: `shade shade-${band.status}`,
      x: x(band.start),
      y: plotTop,
      width: Math.max(1, x(band.end) - x(band.start)),
      height: plotBottom - plotTop,
    }));
    bands.append(svg('rect', {
      class: `band band-${band.status}`,
      'data-status': band.status,
      'data-at': new Date(band.start).toISOString(),
      x: x(band.start),
      y: bandTop,
      width: Math.max(1, x(band.end) - x(band.start)),
      height: BAND_HEIGHT,
    }, svg('title', {}, `${band.status} from ${new Date(band.start).toISOString()}: ${band.reason || ''}`)));
  }
  chart.insertBefore(shades, timeAxis);
  chart.append(bands);

  if (threshold !== null && threshold !== undefined) {
    chart.append(svg('line', {
      class: 'threshold', x1: left, x2: right, y1: y(threshold), y2: y(threshold),
    }, svg('title', {}, `threshold ${number(threshold)}`)));
  }
  if (points.length > 1) {
    chart.append(svg('polyline', {
      class: 'series',
      points: points.map((p) => `${x(p.at)},${y(p.value)}`).join(' '),
    }));
  }
  const dots = svg('g', { class: 'points' });
  for (const point of points) {
    dots.append(svg('circle', {
      class: 'point',
      'data-at': new Date(point.at).toISOString(),
      'data-value': point.value,
      cx: x(point.at),
      cy: y(point.value),
      r: 3.5,
    }, svg('title', {}, `${number(point.value)} at ${new Date(point.at).toISOString()}`)));
  }
  chart.append(dots);
  return chart;
}
