// Deleting a record set: a confirmation step, then one DELETE change carrying the record set as it
// is listed (the API refuses a DELETE whose values differ), followed until INSYNC.
import * as api from '../api.js';
import { announce, h } from '../dom.js';
import { followChange } from './change-status.js';
import { failureAlert } from './field.js';

/** The confirmation region; `ask(rrset)` fills it. `onDeleted` reloads the list. */
export function recordSetDeletion(zone, { onDeleted }) {
  const element = h('div', { id: 'delete-confirmation', role: 'group', 'aria-labelledby': 'delete-question', hidden: true });
  const status = h('p', { id: 'delete-status', role: 'status', 'aria-live': 'polite' });

  function ask(rrset) {
    const label = `${rrset.name} ${rrset.type}${rrset.setIdentifier ? ` (${rrset.setIdentifier})` : ''}`;
    const problem = h('div', { id: 'delete-error' });
    const confirm = h('button', { type: 'button', id: 'delete-confirm', class: 'danger' }, `Delete ${label}`);
    const cancel = h('button', { type: 'button', id: 'delete-cancel', class: 'secondary' }, 'Cancel');
    element.replaceChildren(
      h('p', { id: 'delete-question' }, `Delete ${label}? Every node stops answering with it once the change is INSYNC.`),
      problem, confirm, ' ', cancel);
    element.hidden = false;
    cancel.addEventListener('click', () => {
      element.hidden = true;
      element.replaceChildren();
      announce('Nothing deleted.');
    });
    confirm.addEventListener('click', async () => {
      confirm.disabled = true;
      let change;
      try {
        change = await api.post(`/v1/hostedzones/${encodeURIComponent(zone.id)}/rrsets/changes`,
          { comment: 'operator console: delete', changes: [{ action: 'DELETE', rrset }] });
      } catch (error) {
        confirm.disabled = false;
        if (error.status !== 401) {
          problem.replaceChildren(failureAlert(error),
            error.errors.length > 0 ? h('ul', { class: 'error' },
              error.errors.map((e) => h('li', {}, `${e.field}: ${e.message}`))) : null);
          announce(`Not deleted: ${error.message}`);
        }
        return;
      }
      element.hidden = true;
      element.replaceChildren();
      announce(`Deleted ${label}: change ${change.id} ${change.status}.`);
      try {
        await onDeleted();
        await followChange(change, status);
      } catch (error) {
        if (error.status !== 401) {
          status.replaceChildren(failureAlert(error));
        }
      }
    });
    cancel.focus();
  }

  return { element: h('div', {}, element, status), ask };
}
