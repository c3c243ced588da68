// One health check: status, alarm state and its timeline.
import { h } from '../dom.js';

export async function render(container) {
  container.append(h('h1', {}, 'Health check'), h('p', {}, 'Not built yet.'));
}
