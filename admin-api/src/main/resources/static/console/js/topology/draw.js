// The graph as SVG: lanes and region boxes, association lines under the nodes, and the nodes,
// each focusable (Tab), named for screen readers, and opened with Enter, Space or a click.
import { EDGE_NAMES, KIND_NAMES } from './graph.js';
import { fit, svg } from './svg.js';

export function drawGraph(graph, placed, { onOpen }) {
  const nodeCount = placed.order.length;
  const edges = shownEdges(graph, placed);
  const crossing = edges.filter((edge) => edge.crossAccount).length;
  const root = svg('svg', {
    id: 'topology-graph',
    width: placed.width,
    height: placed.height,
    viewBox: `0 0 ${placed.width} ${placed.height}`,
    role: 'group',
    'aria-labelledby': 'topology-graph-title',
    'aria-describedby': 'topology-graph-description',
  },
  svg('title', { id: 'topology-graph-title' }, 'Topology graph'),
  svg('desc', { id: 'topology-graph-description' },
    `${placed.lanes.length} account${plural(placed.lanes.length)}, ${nodeCount} resource${plural(nodeCount)}, `
      + `${edges.length} association${plural(edges.length)} of which ${crossing} cross-account (dashed lines). `
      + 'Each resource is a button that opens its details; the table after the graph lists every association.'));

  for (const lane of placed.lanes) {
    root.append(svg('g', { class: 'topology-lane', 'data-lane': lane.key, 'aria-hidden': 'true' },
      svg('rect', { x: lane.x, y: lane.y, width: lane.width, height: lane.height, rx: 6 }),
      svg('text', { x: lane.x + 10, y: lane.y + 20, class: 'topology-lane-title' }, lane.caption)));
  }
  for (const region of placed.regions) {
    root.append(svg('g', { class: 'topology-region', 'data-region': `${region.lane}/${region.region}`, 'aria-hidden': 'true' },
      svg('rect', { x: region.x, y: region.y, width: region.width, height: region.height, rx: 4 }),
      svg('text', { x: region.x + 8, y: region.y + 15 }, region.region)));
  }
  const lines = svg('g', { class: 'topology-edges', 'aria-hidden': 'true' });
  for (const edge of edges) {
    lines.append(svg('path', {
      class: `topology-edge edge-${edge.kind}${edge.crossAccount ? ' cross-account' : ''}`,
      d: pathOf(edge, placed.boxes),
      'data-edge': edge.id,
      'data-cross-account': edge.crossAccount ? 'true' : 'false',
    }, svg('title', {}, edgeText(graph, edge))));
  }
  root.append(lines);
  for (const id of placed.order) {
    root.append(nodeElement(graph.nodes.get(id), placed.boxes.get(id), graph, onOpen));
  }
  return root;
}

/** The associations both of whose ends are drawn. */
export function shownEdges(graph, placed) {
  return graph.edges.filter((edge) => placed.boxes.has(edge.from) && placed.boxes.has(edge.to));
}

/** "hosted zone app1.aws.customer.local. (Z…) associated with VPC app1-use1 (vpc-…), cross-account" */
export function edgeText(graph, edge) {
  const from = graph.nodes.get(edge.from);
  const to = graph.nodes.get(edge.to);
  return `${nameOf(from)} → ${nameOf(to)}: ${EDGE_NAMES[edge.kind]}${edge.crossAccount ? ', cross-account' : ''}`;
}

export function nameOf(node) {
  return `${KIND_NAMES[node.kind]} ${node.name}${node.name === node.id ? '' : ` (${node.id})`}`;
}

function nodeElement(node, box, graph, onOpen) {
  const lines = [node.name, node.summary].filter((line) => line);
  const ariaLabel = `${nameOf(node)}, ${node.foreign ? 'another account' : `account ${node.accountId}`}`
    + `${node.region ? `, ${node.region}` : ''}, ${node.associations.length} association${plural(node.associations.length)}`;
  const element = svg('g', {
    class: `topology-node node-${node.kind}${node.foreign ? ' foreign' : ''}`,
    tabindex: 0,
    role: 'button',
    'aria-label': ariaLabel,
    'data-node-id': node.id,
    'data-kind': node.kind,
    'data-lane': node.lane,
    onclick: () => onOpen(node),
    onkeydown: (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        onOpen(node);
      }
    },
  },
  svg('title', {}, [nameOf(node), node.summary].filter((part) => part).join('\n')),
  svg('rect', { x: box.x, y: box.y, width: box.width, height: box.height, rx: node.kind === 'zone' ? 12 : 4 }));
  if (lines.length === 1 || box.height < 30) {
    element.append(svg('text', { x: box.x + 8, y: box.y + box.height / 2 + 4 }, fit(lines.join(' · '), box.width - 14)));
  } else {
    element.append(
      svg('text', { x: box.x + 8, y: box.y + 15, class: 'topology-node-name' }, fit(lines[0], box.width - 14)),
      svg('text', { x: box.x + 8, y: box.y + 31, class: 'topology-node-summary' }, fit(lines[1], box.width - 14)));
  }
  element.addEventListener('focus', () => highlight(element.ownerSVGElement, node, true));
  element.addEventListener('blur', () => highlight(element.ownerSVGElement, node, false));
  element.addEventListener('mouseenter', () => highlight(element.ownerSVGElement, node, true));
  element.addEventListener('mouseleave', () => highlight(element.ownerSVGElement, node, false));
  return element;
}

/** A node's lines stand out while it has the focus or the pointer. */
function highlight(root, node, on) {
  if (!root) {
    return;
  }
  for (const edge of node.associations) {
    const line = root.querySelector(`path[data-edge="${CSS.escape(edge.id)}"]`);
    if (line) {
      line.classList.toggle('highlight', on);
    }
  }
}

/** A curve from the side of one box to the facing side of the other. */
function pathOf(edge, boxes) {
  const from = boxes.get(edge.from);
  const to = boxes.get(edge.to);
  if (edge.kind === 'endpoint') {
    // Down the VPC's left margin to the endpoint hung under it.
    const x = to.x + 12;
    return `M ${from.x} ${from.y + from.height / 2} H ${x} V ${to.y + to.height}`;
  }
  const leftToRight = from.x + from.width <= to.x;
  const x1 = leftToRight ? from.x + from.width : from.x;
  const x2 = leftToRight ? to.x : to.x + to.width;
  const y1 = from.y + from.height / 2;
  const y2 = to.y + to.height / 2;
  const bend = Math.max(30, Math.abs(x2 - x1) / 2) * (leftToRight ? 1 : -1);
  return `M ${x1} ${y1} C ${x1 + bend} ${y1} ${x2 - bend} ${y2} ${x2} ${y2}`;
}

function plural(count) {
  return count === 1 ? '' : 's';
}
