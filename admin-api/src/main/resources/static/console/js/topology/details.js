// The details panel of one node: its fields as the API gave them and its associations, each a
// button back to the node at the other end.
import { h } from '../dom.js';
import { EDGE_NAMES, KIND_NAMES } from './graph.js';
import { nameOf } from './draw.js';

export function showDetails(panel, graph, node, { onFocusNode }) {
  const heading = h('h2', { id: 'topology-details-title', tabindex: '-1' }, `${KIND_NAMES[node.kind]} ${node.name}`);
  const associations = [...node.associations].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  // replaceChildren would write a null as the text "null": the optional parts are dropped first.
  panel.replaceChildren(...[
    heading,
    node.foreign ? h('p', { class: 'hint' }, 'Another account\'s resource: only what the API shows you.') : null,
    h('dl', { class: 'topology-fields' },
      node.fields.map(([label, value]) => [h('dt', {}, label), h('dd', { class: 'mono' }, String(value))])),
    node.href ? h('p', {}, h('a', { href: node.href }, `Open the zone ${node.name}`)) : null,
    h('h3', {}, `Associations (${associations.length})`),
    associations.length === 0 ? h('p', {}, 'None.') : h('ul', { class: 'topology-associations' },
      associations.map((edge) => {
        const other = graph.nodes.get(edge.from === node.id ? edge.to : edge.from);
        return h('li', { 'data-edge': edge.id, 'data-cross-account': edge.crossAccount ? 'true' : 'false' },
          `${EDGE_NAMES[edge.kind]}: `,
          h('button', { type: 'button', class: 'link', onclick: () => onFocusNode(other.id) }, nameOf(other)),
          edge.crossAccount ? h('span', { class: 'cross-account-tag' }, ' cross-account') : null);
      })),
    h('button', { type: 'button', class: 'secondary', onclick: () => onFocusNode(node.id) }, 'Back to the graph'),
  ].filter((part) => part));
  panel.hidden = false;
  heading.focus();
}
