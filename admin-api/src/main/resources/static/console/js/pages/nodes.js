// The cluster's nodes (GET /v1/nodes, operator).
import { h } from '../dom.js';

export async function render(container) {
  container.append(h('h1', {}, 'Nodes'), h('p', {}, 'Not built yet.'));
}
