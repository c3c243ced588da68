// One health check: its configuration, current status and alarm state, and a timeline of its
// transitions (GET /v1/healthchecks/{id}/status, "history") with, for a METRIC check, the metric's
// points against the threshold (GET /v1/healthchecks/{id}/datapoints). The chart's data is also
// given as two tables, its text alternative.
import * as api from '../api.js';
import { announce, h, problemAlert } from '../dom.js';
import { timelineChart } from '../charts/timeline.js';
import { conditionOf, statusBadge, targetOf } from './health-checks.js';

export async function render(container, checkId) {
  const path = `/v1/healthchecks/${encodeURIComponent(checkId)}`;
  const check = await api.get(path);
  const statusBox = h('div', { id: 'health-status' });
  const timelineBox = h('div', { id: 'health-timeline' });
  const refresh = h('button', { type: 'button', class: 'secondary', id: 'health-refresh' }, 'Refresh');
  container.append(
    h('p', {}, h('a', { href: '#/health' }, '← All health checks')),
    h('h1', {}, `Health check ${check.id}`),
    h('h2', {}, 'Configuration'),
    configuration(check),
    h('h2', {}, 'Status'),
    statusBox,
    h('h2', {}, 'Timeline'),
    timelineBox,
    refresh);

  async function show() {
    // The status and the points are read together; either may fail without hiding the other.
    const [status, series] = await Promise.allSettled([
      api.get(`${path}/status`),
      check.type === 'METRIC' ? api.get(`${path}/datapoints`) : Promise.resolve(null),
    ]);
    for (const result of [status, series]) {
      if (result.status === 'rejected' && result.reason.status === 401) {
        throw result.reason;
      }
    }
    if (status.status === 'rejected') {
      statusBox.replaceChildren(problemAlert(status.reason));
    } else {
      statusBox.replaceChildren(currentStatus(status.value));
    }
    timelineBox.replaceChildren(...timeline(check,
      status.status === 'fulfilled' ? status.value : null,
      series.status === 'fulfilled' ? series.value : null,
      series.status === 'rejected' ? series.reason : null));
  }

  refresh.addEventListener('click', async () => {
    refresh.disabled = true;
    try {
      await show();
      announce('Status and timeline refreshed.');
    } catch (error) {
      if (error.status !== 401) {
        timelineBox.replaceChildren(problemAlert(error));
      }
    } finally {
      refresh.disabled = false;
    }
  });
  await show();
}

function configuration(check) {
  const rows = [
    ['Type', check.type],
    ['Target', targetOf(check)],
  ];
  if (check.metric) {
    rows.push(['Alarm', conditionOf(check.metric)]);
  } else {
    rows.push(['Probe', `every ${check.intervalSeconds} s, ${check.failureThreshold} in a row to change`]);
  }
  rows.push(
    ['When data is missing', check.insufficientDataHealthStatus],
    ['Inverted', check.inverted ? 'yes' : 'no'],
    ['Disabled', check.disabled ? 'yes' : 'no'],
    ['Account', check.accountId]);
  return h('dl', { id: 'health-config', class: 'facts' },
    rows.map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
}

function currentStatus(status) {
  return h('dl', { class: 'facts' },
    h('dt', {}, 'Status'), h('dd', { id: 'health-current' }, statusBadge(status.status)),
    h('dt', {}, 'Alarm state'), h('dd', { id: 'health-alarm' }, status.alarmState || '— (not a METRIC check)'),
    h('dt', {}, 'Since'), h('dd', { class: 'mono' }, status.since || 'never changed'),
    h('dt', {}, 'Reason'), h('dd', { id: 'health-reason' }, status.reason || ''));
}

/** The chart and its tables; what could not be read is said in its place. */
function timeline(check, status, series, seriesError) {
  const transitions = (status ? status.history : []).map((t) => ({ ...t, at: Date.parse(t.at) }));
  const points = (series ? series.points : []).map((p) => ({ ...p, at: Date.parse(p.at) }));
  const threshold = series ? series.metric.threshold : null;
  const parts = [];
  if (status || series) {
    parts.push(h('figure', { id: 'health-chart' },
      timelineChart({ transitions, points, threshold, now: Date.now(), label: summary(check, status, series) }),
      h('figcaption', { class: 'hint' }, legend(series))));
  }
  if (seriesError) {
    parts.push(problemAlert(seriesError));
  }
  parts.push(h('h3', {}, 'Transitions'));
  parts.push(transitions.length === 0
    ? h('p', { id: 'health-transitions' }, status ? 'No transition yet.' : 'The status could not be read.')
    : h('table', { id: 'health-transitions' },
      h('caption', { class: 'hint' }, 'Status changes, oldest first (the latest the evaluator keeps)'),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, 'At'), h('th', { scope: 'col' }, 'Status'), h('th', { scope: 'col' }, 'Reason'))),
      h('tbody', {}, transitions.map((t) => h('tr', { 'data-status': t.status },
        h('td', { class: 'mono' }, new Date(t.at).toISOString()),
        h('td', {}, statusBadge(t.status)),
        h('td', {}, t.reason || ''))))));
  if (check.type === 'METRIC') {
    parts.push(h('h3', {}, 'Metric points'));
    parts.push(points.length === 0
      ? h('p', { id: 'health-points' }, series ? 'No points within the retention.' : 'The points could not be read.')
      : h('table', { id: 'health-points' },
        h('caption', { class: 'hint' }, `${points.length} point${points.length === 1 ? '' : 's'} of ${series.metric.namespace} ${series.metric.metricName}, oldest first; threshold ${series.metric.threshold}`),
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, 'At'), h('th', { scope: 'col' }, 'Value'), h('th', { scope: 'col' }, 'Breaches'))),
        h('tbody', {}, points.map((p) => h('tr', {},
          h('td', { class: 'mono' }, new Date(p.at).toISOString()),
          h('td', {}, String(p.value)),
          h('td', {}, breaches(series.metric.comparison, p.value, series.metric.threshold) ? 'yes' : 'no'))))));
  }
  return parts;
}

function breaches(comparison, value, threshold) {
  switch (comparison) {
    case 'GreaterThanThreshold': return value > threshold;
    case 'GreaterThanOrEqualToThreshold': return value >= threshold;
    case 'LessThanThreshold': return value < threshold;
    case 'LessThanOrEqualToThreshold': return value <= threshold;
    default: return false;
  }
}

function legend(series) {
  const bands = 'Times in UTC. Bands: the status over time (green healthy, red unhealthy), one per transition.';
  return series ? `${bands} Dots: the metric's points; dashed line: the threshold.` : bands;
}

/** The chart in one sentence: its accessible name. */
function summary(check, status, series) {
  const parts = [`Timeline of health check ${check.id}`];
  if (status) {
    const history = status.history || [];
    parts.push(`${history.length} transition${history.length === 1 ? '' : 's'}`
      + (history.length > 0 ? ` from ${history[0].at}` : '')
      + `; now ${status.status}${status.since ? ` since ${status.since}` : ''}`);
  }
  if (series) {
    const values = series.points.map((p) => p.value);
    parts.push(values.length === 0
      ? `no metric points; threshold ${series.metric.threshold}`
      : `${values.length} metric point${values.length === 1 ? '' : 's'} from ${Math.min(...values)} to ${Math.max(...values)}; threshold ${series.metric.threshold} (${series.metric.comparison})`);
  }
  return `${parts[0]}: ${parts.slice(1).join('; ') || 'nothing could be read'}.`;
}
