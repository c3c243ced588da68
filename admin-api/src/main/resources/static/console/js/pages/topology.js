// The configuration as a graph: accounts, VPCs, zones, rules and endpoints.
import { h } from '../dom.js';

export async function render(container) {
  container.append(h('h1', {}, 'Topology'), h('p', {}, 'Not built yet.'));
}
