// Follows a change (GET /v1/changes/{id}) until every node serves it (INSYNC), showing its status.
import * as api from '../api.js';
import { announce, h } from '../dom.js';

const POLL_MILLIS = 1000;
const POLL_LIMIT = 300;

/** Shows the change's status in `box` until INSYNC (or about five minutes); resolves with the last change info. */
export async function followChange(change, box) {
  for (let attempt = 0; ; attempt++) {
    box.replaceChildren(`Change ${change.id}: `,
      h('span', { class: 'status', 'data-status': change.status }, change.status),
      change.status === 'PENDING' && change.pendingNodes && change.pendingNodes.length > 0
        ? ` (waiting for ${change.pendingNodes.join(', ')})` : '');
    if (change.status === 'INSYNC' || attempt >= POLL_LIMIT) {
      break;
    }
    await new Promise((resolve) => window.setTimeout(resolve, POLL_MILLIS));
    change = await api.get(`/v1/changes/${encodeURIComponent(change.id)}`);
  }
  if (change.status === 'INSYNC') {
    announce(`Change ${change.id} is INSYNC: every node serves it.`);
  }
  return change;
}

/** The batch's warnings (a name a rule or a more specific zone answers), or nothing. */
export function warningsOf(change, id) {
  if (!change.warnings || change.warnings.length === 0) {
    return null;
  }
  return h('ul', { class: 'hint', id },
    change.warnings.map((warning) => h('li', {}, `${warning.code}: ${warning.message}`)));
}
