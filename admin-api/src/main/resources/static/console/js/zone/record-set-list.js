// A zone's record sets, one page at a time (GET /v1/hostedzones/{id}/rrsets with maxItems and
// nextToken), searched by exact name and type as the API filters, with Edit and Delete per row.
import * as api from '../api.js';
import { announce, h } from '../dom.js';
import { failureAlert, field } from './field.js';
import { TYPES } from './record-set-editor.js';

export const PAGE_SIZE = 50;

/**
 * The search form, the table and its paging for `zone`. `onEdit(rrset)` and `onDelete(rrset)` are
 * the row actions. `reload()` shows the current page again (after a change).
 */
export function recordSetList(zone, { onEdit, onDelete }) {
  const search = {
    name: field('rrs-search-name', 'Name', h('input', { type: 'search', spellcheck: 'false', autocomplete: 'off' }),
      `Exact; www means www.${zone.name}`),
    type: field('rrs-search-type', 'Type', h('select', {}, h('option', { value: '' }, 'Any type'),
      ['SOA', ...TYPES].map((type) => h('option', { value: type }, type)))),
  };
  const searchError = h('div', { id: 'rrs-search-error' });
  const clear = h('button', { type: 'button', class: 'secondary', id: 'rrs-search-clear' }, 'Show all');
  const searchForm = h('form', { id: 'rrs-search', role: 'search', 'aria-label': 'Search record sets', novalidate: true },
    h('div', { class: 'inline-fields' }, search.name.row, search.type.row),
    searchError, h('button', { type: 'submit' }, 'Search'), ' ', clear);
  const box = h('div', { id: 'record-sets', 'aria-live': 'polite' });
  const previous = h('button', { type: 'button', class: 'secondary', id: 'rrs-previous' }, '← Previous page');
  const next = h('button', { type: 'button', class: 'secondary', id: 'rrs-next' }, 'Next page →');
  const position = h('span', { id: 'rrs-page', class: 'hint' });
  const pager = h('nav', { class: 'pager', 'aria-label': 'Record set pages' }, previous, ' ', position, ' ', next);
  const element = h('div', {}, searchForm, box, pager);

  // The tokens of the pages seen so far: tokens[i] opens page i (null for the first).
  let filter = { name: '', type: '' };
  let tokens = [null];
  let page = 0;

  async function show() {
    const query = new URLSearchParams({ maxItems: String(PAGE_SIZE) });
    if (filter.name) {
      query.set('name', filter.name);
    }
    if (filter.type) {
      query.set('type', filter.type);
    }
    if (tokens[page]) {
      query.set('nextToken', tokens[page]);
    }
    const answer = await api.get(`/v1/hostedzones/${encodeURIComponent(zone.id)}/rrsets?${query}`);
    const items = answer.items || [];
    tokens = tokens.slice(0, page + 1);
    if (answer.nextToken) {
      tokens.push(answer.nextToken);
    }
    box.replaceChildren(items.length === 0
      ? h('p', { id: 'record-sets-empty' }, filter.name || filter.type ? 'No record set matches.' : 'No record sets.')
      : table(zone, items, { onEdit, onDelete }));
    previous.disabled = page === 0;
    next.disabled = !answer.nextToken;
    position.textContent = `Page ${page + 1}, record sets ${page * PAGE_SIZE + 1}–${page * PAGE_SIZE + items.length}`
      + `${answer.nextToken ? ', more on the next page' : ''}`;
    pager.hidden = page === 0 && !answer.nextToken;
    return items;
  }

  async function turn(to, pressed, other) {
    page = to;
    try {
      const items = await show();
      // At the first or last page the button pressed is disabled: the focus goes to the other one.
      if (pressed.disabled) {
        other.focus();
      }
      announce(`Page ${page + 1}: ${items.length} record sets.`);
    } catch (error) {
      if (error.status !== 401) {
        box.replaceChildren(failureAlert(error));
      }
    }
  }
  previous.addEventListener('click', () => turn(page - 1, previous, next));
  next.addEventListener('click', () => turn(page + 1, next, previous));

  searchForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    Object.values(search).forEach((f) => f.clear());
    searchError.replaceChildren();
    filter = { name: absolute(search.name.input.value.trim(), zone.name), type: search.type.input.value };
    tokens = [null];
    page = 0;
    try {
      const items = await show();
      announce(`${items.length}${next.disabled ? '' : '+'} record sets found.`);
    } catch (error) {
      if (error.status === 401) {
        return;
      }
      for (const problem of error.errors) {
        if (search[problem.field]) {
          search[problem.field].fail(problem.message);
        }
      }
      searchError.replaceChildren(failureAlert(error));
      announce(`Cannot search: ${error.message}`);
    }
  });
  clear.addEventListener('click', () => {
    search.name.input.value = '';
    search.type.input.value = '';
    searchForm.requestSubmit();
  });

  return { element, reload: show };
}

/** A name read inside the zone unless it is absolute (final dot) or already ends in the zone. */
function absolute(name, zoneName) {
  if (name === '' || name.endsWith('.')) {
    return name;
  }
  const zone = zoneName.replace(/\.$/, '').toLowerCase();
  return name.toLowerCase() === zone || name.toLowerCase().endsWith(`.${zone}`) ? name : `${name}.${zone}`;
}

function table(zone, recordSets, { onEdit, onDelete }) {
  return h('table', { id: 'record-set-table' },
    h('thead', {}, h('tr', {},
      ['Name', 'Type', 'TTL', 'Values', 'Routing'].map((title) => h('th', { scope: 'col' }, title)),
      h('th', { scope: 'col' }, h('span', { class: 'hint' }, 'Actions')))),
    h('tbody', {}, recordSets.map((rrset) => {
      const label = `${rrset.name} ${rrset.type}${rrset.setIdentifier ? ` ${rrset.setIdentifier}` : ''}`;
      const apex = rrset.name === zone.name && (rrset.type === 'SOA' || rrset.type === 'NS');
      return h('tr', { 'data-name': rrset.name, 'data-type': rrset.type, 'data-set-identifier': rrset.setIdentifier || null },
        h('td', { class: 'mono' }, rrset.name),
        h('td', {}, rrset.type),
        h('td', {}, rrset.ttl === null || rrset.ttl === undefined ? '' : String(rrset.ttl)),
        h('td', { class: 'mono' }, rrset.aliasTarget
          ? `alias to ${rrset.aliasTarget.dnsName}${rrset.aliasTarget.evaluateTargetHealth ? ' (evaluates its health)' : ''}`
          : (rrset.records || []).map((value) => h('div', {}, value))),
        h('td', {}, routingOf(rrset)),
        h('td', { class: 'actions' },
          rrset.type === 'SOA' ? '' : h('button', { type: 'button', class: 'secondary', 'aria-label': `Edit ${label}`,
            onclick: () => onEdit(rrset) }, 'Edit'),
          apex ? '' : h('button', { type: 'button', class: 'secondary', 'aria-label': `Delete ${label}`,
            onclick: () => onDelete(rrset) }, 'Delete')));
    })));
}

function routingOf(rrset) {
  const health = rrset.healthCheckId ? `, health check ${rrset.healthCheckId}` : '';
  if (!rrset.setIdentifier) {
    return `simple${health}`;
  }
  const policy = rrset.failover ? `failover ${rrset.failover}`
    : rrset.weight !== null && rrset.weight !== undefined ? `weight ${rrset.weight}`
      : rrset.multiValueAnswer ? 'multivalue' : rrset.region ? `latency ${rrset.region}` : 'routed';
  return `${policy} (${rrset.setIdentifier})${health}`;
}
