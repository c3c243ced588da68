// The caller's health checks (GET /v1/healthchecks, every page) with what each watches and its
// current status and alarm state (GET /v1/healthchecks/{id}/status, a few at a time).
import * as api from '../api.js';
import { h, problemAlert } from '../dom.js';

/** Status reads in flight at once: enough to fill a page quickly, few enough to spare the node. */
const STATUS_CONCURRENCY = 4;

/** What a check watches, in words: its metric series, address, URL or children. */
export function targetOf(check) {
  switch (check.type) {
    case 'METRIC': {
      const metric = check.metric || {};
      const dimensions = Object.entries(metric.dimensions || {}).map(([name, value]) => `${name}=${value}`);
      return `${metric.namespace} ${metric.metricName}${dimensions.length > 0 ? ` (${dimensions.join(', ')})` : ''}`;
    }
    case 'TCP': {
      const tcp = check.tcp || {};
      return `${String(tcp.ip).includes(':') ? `[${tcp.ip}]` : tcp.ip}:${tcp.port}`;
    }
    case 'HTTP':
    case 'HTTPS': {
      const http = check.http || {};
      return http.searchString ? `${http.url} (body contains "${http.searchString}")` : http.url;
    }
    case 'CALCULATED': {
      const calculated = check.calculated || {};
      const children = calculated.childHealthChecks || [];
      return `at least ${calculated.healthThreshold} of ${children.length} healthy: ${children.join(', ') || 'no children'}`;
    }
    default:
      return '';
  }
}

/** A METRIC check's alarm condition in words ("Average > 0.5, 2 of 3 periods of 60 s"). */
export function conditionOf(metric) {
  const symbols = {
    GreaterThanThreshold: '>',
    GreaterThanOrEqualToThreshold: '>=',
    LessThanThreshold: '<',
    LessThanOrEqualToThreshold: '<=',
  };
  return `${metric.statistic} ${symbols[metric.comparison] || metric.comparison} ${metric.threshold}, `
    + `${metric.datapointsToAlarm} of ${metric.evaluationPeriods} periods of ${metric.periodSeconds} s`;
}

/** Runs `task` on every item, at most `limit` at a time; settles when all have. */
export async function forEachLimited(items, limit, task) {
  let next = 0;
  async function worker() {
    while (next < items.length) {
      const item = items[next++];
      await task(item);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** The status and alarm state as a table cell shows them. */
export function statusBadge(status) {
  return h('span', { class: `status health-${status}`, 'data-status': status }, status);
}

export async function render(container) {
  container.append(h('h1', {}, 'Health checks'));
  const checks = await api.listAll('/v1/healthchecks');
  if (checks.length === 0) {
    container.append(h('p', {}, 'You have no health checks.'));
    return;
  }
  const cells = new Map();
  const rows = checks.map((check) => {
    const cell = {
      status: h('td', { class: 'check-status' }, h('span', { class: 'hint' }, 'reading…')),
      alarm: h('td', { class: 'check-alarm' }),
      since: h('td', { class: 'check-since mono' }),
      reason: h('td', { class: 'check-reason' }),
    };
    cells.set(check.id, cell);
    return h('tr', { 'data-check-id': check.id },
      h('td', { class: 'mono' }, h('a', { href: `#/health/${encodeURIComponent(check.id)}` }, check.id)),
      h('td', {}, check.type, check.disabled ? ' (disabled)' : '', check.inverted ? ' (inverted)' : ''),
      h('td', { class: 'mono' }, targetOf(check)),
      cell.status, cell.alarm, cell.since, cell.reason);
  });
  container.append(h('table', { id: 'health-checks' },
    h('caption', { class: 'hint' }, `${checks.length} health check${checks.length === 1 ? '' : 's'}, by id`),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'Id'),
      h('th', { scope: 'col' }, 'Type'),
      h('th', { scope: 'col' }, 'Target'),
      h('th', { scope: 'col' }, 'Status'),
      h('th', { scope: 'col' }, 'Alarm state'),
      h('th', { scope: 'col' }, 'Since'),
      h('th', { scope: 'col' }, 'Reason'))),
    h('tbody', {}, rows)));

  await forEachLimited(checks, STATUS_CONCURRENCY, async (check) => {
    const cell = cells.get(check.id);
    if (!container.isConnected) {
      return; // the user moved on: no more reads for a page nobody sees
    }
    try {
      const status = await api.get(`/v1/healthchecks/${encodeURIComponent(check.id)}/status`);
      cell.status.replaceChildren(statusBadge(status.status));
      cell.alarm.textContent = status.alarmState || '—';
      cell.since.textContent = status.since || 'never changed';
      cell.reason.textContent = status.reason || '';
    } catch (error) {
      if (error.status === 401) {
        throw error; // the sign-in is shown; the page stays as it is
      }
      // This check's status failed, not the page: say why in its row.
      cell.status.replaceChildren(problemAlert(error));
    }
  });
}
