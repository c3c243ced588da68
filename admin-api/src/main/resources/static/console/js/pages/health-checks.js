// Health checks with their current status.
import { h } from '../dom.js';

export async function render(container) {
  container.append(h('h1', {}, 'Health checks'), h('p', {}, 'Not built yet.'));
}
