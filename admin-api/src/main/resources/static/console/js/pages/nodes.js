// The cluster's resolver nodes (GET /v1/nodes, the operator's only): what each serves, how far
// behind the store it is, who evaluates health, and which nodes are stale or cut off from the store.
// Read again every few seconds while the page is shown.
import * as api from '../api.js';
import { announce, h, problemAlert } from '../dom.js';

const REFRESH_MILLIS = 5000;
const OPERATOR_ONLY = 'Only the operator sees the nodes.';

/** Why a node's row stands out, in words; empty for a node that is fine. */
export function troublesOf(node) {
  const troubles = [];
  if (node.status !== 'LIVE') {
    troubles.push('stale');
  }
  if (!node.storeReachable) {
    troubles.push('store unreachable');
  }
  if (node.servingStale) {
    troubles.push('serving its last-snapshot file');
  }
  return troubles;
}

function yesNo(value) {
  return value ? 'yes' : 'no';
}

function nodesTable(nodes) {
  return h('table', { id: 'nodes' },
    h('caption', { class: 'hint' }, `${nodes.length} node${nodes.length === 1 ? '' : 's'}, by id`),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'Node'),
      h('th', { scope: 'col' }, 'Regions'),
      h('th', { scope: 'col' }, 'Served version'),
      h('th', { scope: 'col' }, 'Lag (versions)'),
      h('th', { scope: 'col' }, 'Last seen'),
      h('th', { scope: 'col' }, 'Status'),
      h('th', { scope: 'col' }, 'Health leader'),
      h('th', { scope: 'col' }, 'Store reachable'),
      h('th', { scope: 'col' }, 'Serving stale'))),
    h('tbody', {}, nodes.map((node) => {
      const troubles = troublesOf(node);
      return h('tr', { 'data-node-id': node.nodeId, class: troubles.length > 0 ? 'node-trouble' : null },
        h('th', { scope: 'row', class: 'mono' }, node.nodeId,
          troubles.length > 0 ? h('span', { class: 'trouble' }, ` (${troubles.join(', ')})`) : ''),
        h('td', {}, (node.regions || []).length === 0 ? 'all' : node.regions.join(', ')),
        h('td', { class: 'node-version' }, String(node.snapshotGeneration)),
        h('td', { class: 'node-lag' }, String(node.lagVersions)),
        h('td', { class: 'mono' }, node.lastSeen),
        h('td', { class: 'node-status', 'data-status': node.status }, node.status),
        h('td', { class: 'node-leader' }, node.healthLeader ? 'leader' : '—'),
        h('td', { class: 'node-store' }, yesNo(node.storeReachable)),
        h('td', { class: 'node-serving-stale' }, yesNo(node.servingStale)));
    })));
}

export async function render(container) {
  const tableBox = h('div', { id: 'nodes-table' });
  const problemBox = h('div', { id: 'nodes-error' });
  const updated = h('p', { id: 'nodes-updated', class: 'hint', 'aria-live': 'off' });
  const refresh = h('button', { type: 'button', class: 'secondary', id: 'nodes-refresh' }, 'Refresh');
  container.append(h('h1', {}, 'Nodes'));

  let nodes;
  try {
    nodes = await api.listAll('/v1/nodes');
  } catch (error) {
    if (error.status === 403) {
      container.append(h('p', { id: 'nodes-forbidden', class: 'error', role: 'alert' }, OPERATOR_ONLY));
      return;
    }
    throw error;
  }
  container.append(
    h('p', { class: 'hint' }, `Read again every ${REFRESH_MILLIS / 1000} s while this page is open.`),
    problemBox, tableBox, updated, refresh);

  function show(list) {
    tableBox.replaceChildren(list.length === 0
      ? h('p', {}, 'No node has registered in the store.')
      : nodesTable(list));
    updated.textContent = `Updated ${new Date().toISOString().slice(11, 19)} UTC`;
  }

  async function reload() {
    try {
      show(await api.listAll('/v1/nodes'));
      problemBox.replaceChildren();
      return true;
    } catch (error) {
      if (error.status !== 401) {
        // The last table stays; the problem says why it is not newer.
        problemBox.replaceChildren(problemAlert(error));
      }
      return false;
    }
  }

  refresh.addEventListener('click', async () => {
    refresh.disabled = true;
    const done = await reload();
    refresh.disabled = false;
    if (done) {
      announce('Nodes refreshed.');
    }
  });

  show(nodes);
  const timer = window.setInterval(() => {
    if (!container.isConnected) {
      // The user went to another page (each page gets a new container): stop reading.
      window.clearInterval(timer);
      return;
    }
    if (container.closest('[hidden]')) {
      return; // signing in again: not a moment to call with no token
    }
    reload();
  }, REFRESH_MILLIS);
}
