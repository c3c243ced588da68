// The configuration as a graph (issue 16): accounts as lanes, their VPCs by region with endpoints,
// hosted zones and resolver rules, and the associations between them, cross-account ones dashed.
// Filters by account, VPC and domain keep large configurations readable; a table lists every drawn
// association as text for screen readers and tests.
import { announce, h } from '../dom.js';
import { loadTopology } from '../topology/data.js';
import { EDGE_NAMES, KIND_NAMES, buildGraph } from '../topology/graph.js';
import { visibleNodeIds } from '../topology/filter.js';
import { layout } from '../topology/layout.js';
import { drawGraph, nameOf, shownEdges } from '../topology/draw.js';
import { showDetails } from '../topology/details.js';
import { svg } from '../topology/svg.js';

const TYPING_PAUSE_MILLIS = 250;

export async function render(container) {
  container.append(h('h1', {}, 'Topology'), h('p', { id: 'topology-loading' }, 'Loading the topology…'));
  const graph = buildGraph(await loadTopology());
  container.querySelector('#topology-loading').remove();

  const inputs = {
    account: h('select', { id: 'topology-account', name: 'account' },
      h('option', { value: '' }, 'All accounts'),
      graph.lanes.map((lane) => h('option', { value: lane.key }, lane.caption))),
    vpc: h('select', { id: 'topology-vpc', name: 'vpc' },
      h('option', { value: '' }, 'All VPCs'),
      [...graph.nodes.values()].filter((node) => node.kind === 'vpc')
        .sort((a, b) => (Number(Boolean(a.foreign)) - Number(Boolean(b.foreign))) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
        .map((vpc) => h('option', { value: vpc.id }, vpc.foreign ? `${vpc.id} (another account)` : `${vpc.name} (${vpc.id}, ${vpc.region})`))),
    domain: h('input', { id: 'topology-domain', name: 'domain', type: 'search', spellcheck: 'false',
      autocomplete: 'off', placeholder: 'app1.aws.customer.local', 'aria-describedby': 'topology-domain-hint' }),
  };
  const clear = h('button', { type: 'button', class: 'secondary', id: 'topology-clear' }, 'Show everything');
  const filterForm = h('form', { id: 'topology-filter', role: 'search', 'aria-label': 'Filter the topology' },
    h('div', { class: 'field' }, h('label', { for: 'topology-account' }, 'Account'), inputs.account),
    h('div', { class: 'field' }, h('label', { for: 'topology-vpc' }, 'VPC'), inputs.vpc),
    h('div', { class: 'field' }, h('label', { for: 'topology-domain' }, 'Domain contains'), inputs.domain),
    clear,
    h('p', { id: 'topology-domain-hint', class: 'hint' },
      'A filter keeps what it picks and the other end of each of its associations. Domain: the zones and rules whose domain contains the text.'));
  const summary = h('p', { id: 'topology-summary' });
  const canvas = h('div', { class: 'topology-canvas' });
  const details = h('aside', { id: 'topology-details', 'aria-labelledby': 'topology-details-title', class: 'topology-details' },
    h('h2', { id: 'topology-details-title' }, 'Details'),
    h('p', { class: 'hint' }, 'Select a resource in the graph (Tab to it, then Enter) to see its fields and associations.'));
  const edgesBox = h('div', {});
  container.append(
    h('p', { class: 'hint' }, 'Each account is a lane: hosted zones on the left, VPCs by region (with their resolver endpoints) in the middle, resolver rules on the right. You see what the API shows you: another account\'s VPC appears by its id only.'),
    filterForm, legend(), summary,
    h('div', { class: 'topology-body' }, canvas, details),
    h('h2', { id: 'topology-edges-title' }, 'Associations'),
    edgesBox);

  function filters() {
    return { account: inputs.account.value, vpc: inputs.vpc.value, domain: inputs.domain.value };
  }

  function focusNode(id) {
    let element = canvas.querySelector(`[data-node-id="${CSS.escape(id)}"]`);
    if (!element) {
      // Hidden by the filter: show everything again rather than lose the way.
      filterForm.reset();
      redraw();
      element = canvas.querySelector(`[data-node-id="${CSS.escape(id)}"]`);
    }
    element.scrollIntoView({ block: 'center', inline: 'nearest' });
    element.focus();
  }

  function open(node) {
    for (const selected of canvas.querySelectorAll('.topology-node.selected')) {
      selected.classList.remove('selected');
    }
    const element = canvas.querySelector(`[data-node-id="${CSS.escape(node.id)}"]`);
    if (element) {
      element.classList.add('selected');
    }
    showDetails(details, graph, node, { onFocusNode: focusNode });
  }

  function redraw() {
    const shownIds = visibleNodeIds(graph, filters());
    const placed = layout(graph, shownIds);
    const edges = shownEdges(graph, placed);
    canvas.replaceChildren(drawGraph(graph, placed, { onOpen: open }));
    edgesBox.replaceChildren(edgeTable(graph, placed, edges));
    const text = `Showing ${placed.order.length} of ${graph.nodes.size} resources and ${edges.length} of ${graph.edges.length} associations`
      + ` (${edges.filter((edge) => edge.crossAccount).length} cross-account).`;
    summary.textContent = text;
    return text;
  }

  let typing = null;
  const refilter = () => announce(redraw());
  inputs.account.addEventListener('change', refilter);
  inputs.vpc.addEventListener('change', refilter);
  inputs.domain.addEventListener('input', () => {
    window.clearTimeout(typing);
    typing = window.setTimeout(refilter, TYPING_PAUSE_MILLIS);
  });
  filterForm.addEventListener('submit', (event) => {
    event.preventDefault();
    window.clearTimeout(typing);
    refilter();
  });
  clear.addEventListener('click', () => {
    filterForm.reset();
    refilter();
  });
  redraw();
}

function legend() {
  const line = (className) => svg('svg', { width: 40, height: 12, 'aria-hidden': 'true', class: 'topology-legend-sample' },
    svg('path', { d: 'M 2 6 H 38', class: className }));
  const box = (kind) => svg('svg', { width: 22, height: 14, 'aria-hidden': 'true', class: 'topology-legend-sample' },
    svg('g', { class: `topology-node node-${kind}` }, svg('rect', { x: 1, y: 1, width: 20, height: 12, rx: 3 })));
  return h('ul', { class: 'topology-legend', 'aria-label': 'Legend' },
    h('li', {}, line('topology-edge'), ' association within an account'),
    h('li', {}, line('topology-edge cross-account'), ' cross-account association (dashed)'),
    ['zone', 'vpc', 'endpoint', 'rule'].map((kind) => h('li', {}, box(kind), ` ${KIND_NAMES[kind]}`)),
    h('li', {}, svg('svg', { width: 22, height: 14, 'aria-hidden': 'true', class: 'topology-legend-sample' },
      svg('g', { class: 'topology-node node-vpc foreign' }, svg('rect', { x: 1, y: 1, width: 20, height: 12, rx: 3 }))),
    ' another account\'s resource'));
}

/** The drawn associations as a table, in the graph's order: what the picture says, as text. */
function edgeTable(graph, placed, edges) {
  if (edges.length === 0) {
    return h('p', { id: 'topology-edges' }, 'No associations shown.');
  }
  const position = new Map(placed.order.map((id, index) => [id, index]));
  const sorted = [...edges].sort((a, b) => position.get(a.from) - position.get(b.from) || position.get(a.to) - position.get(b.to));
  return h('table', { id: 'topology-edges', 'aria-labelledby': 'topology-edges-title' },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'From'),
      h('th', { scope: 'col' }, 'Association'),
      h('th', { scope: 'col' }, 'To'),
      h('th', { scope: 'col' }, 'Accounts'))),
    h('tbody', {}, sorted.map((edge) => h('tr', { 'data-edge': edge.id, 'data-cross-account': edge.crossAccount ? 'true' : 'false' },
      h('td', {}, nameOf(graph.nodes.get(edge.from))),
      h('td', {}, EDGE_NAMES[edge.kind]),
      h('td', {}, nameOf(graph.nodes.get(edge.to))),
      h('td', { class: edge.crossAccount ? 'cross-account-tag' : '' }, edge.crossAccount ? 'cross-account' : 'same account')))));
}
