// The caller's private hosted zones (GET /v1/hostedzones, every page), each a link to its record
// sets, searched by name or id and shown 50 at a time. The search runs over the loaded list: an
// account's zones are few enough (api.listAll's bound is 5000). A form below creates a zone in one
// of the caller's VPCs (POST /v1/hostedzones) and opens it.
import * as api from '../api.js';
import { announce, h } from '../dom.js';
import { field, showProblems, submitting } from '../zone/field.js';

export const PAGE_SIZE = 50;

export async function render(container) {
  container.append(h('h1', {}, 'Hosted zones'));
  const [zones, vpcs] = await Promise.all([api.listAll('/v1/hostedzones'), api.listAll('/v1/vpcs')]);
  const creation = zoneCreation(vpcs);
  if (zones.length === 0) {
    container.append(h('p', {}, 'You have no hosted zones.'), creation);
    return;
  }
  const search = h('input', { id: 'zones-search', type: 'search', spellcheck: 'false', autocomplete: 'off',
    'aria-describedby': 'zones-search-hint', 'aria-controls': 'zones' });
  const box = h('div', {});
  const previous = h('button', { type: 'button', class: 'secondary', id: 'zones-previous' }, '← Previous page');
  const next = h('button', { type: 'button', class: 'secondary', id: 'zones-next' }, 'Next page →');
  const position = h('span', { id: 'zones-page', class: 'hint' });
  const pager = h('nav', { class: 'pager', 'aria-label': 'Zone pages' }, previous, ' ', position, ' ', next);
  container.append(
    h('form', { role: 'search', 'aria-label': 'Search zones', onsubmit: (event) => event.preventDefault() },
      h('label', { for: 'zones-search' }, 'Search'), search,
      h('p', { id: 'zones-search-hint', class: 'hint' }, 'Part of a zone\'s name or id; the list follows as you type.')),
    box, pager, creation);

  let page = 0;
  function show() {
    const wanted = search.value.trim().toLowerCase();
    const matching = wanted === '' ? zones
      : zones.filter((zone) => zone.name.toLowerCase().includes(wanted) || zone.id.toLowerCase().includes(wanted));
    const pages = Math.max(1, Math.ceil(matching.length / PAGE_SIZE));
    page = Math.min(page, pages - 1);
    const shown = matching.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
    box.replaceChildren(table(shown, matching.length === zones.length
      ? `${zones.length} zone${zones.length === 1 ? '' : 's'}, by name`
      : `${matching.length} of ${zones.length} zones match “${search.value.trim()}”`));
    previous.disabled = page === 0;
    next.disabled = page >= pages - 1;
    position.textContent = matching.length === 0 ? ''
      : `Page ${page + 1} of ${pages}: zones ${page * PAGE_SIZE + 1}–${page * PAGE_SIZE + shown.length} of ${matching.length}`;
    pager.hidden = pages === 1;
    return { shown, matching };
  }
  search.addEventListener('input', () => {
    page = 0;
    const { matching } = show();
    announce(`${matching.length} zone${matching.length === 1 ? '' : 's'} match.`);
  });
  for (const [button, step] of [[previous, -1], [next, 1]]) {
    button.addEventListener('click', () => {
      page += step;
      show();
      // At the first or last page the button pressed is disabled: the focus goes to the other one.
      if (button.disabled) {
        (step < 0 ? next : previous).focus();
      }
      announce(position.textContent);
    });
  }
  show();
}

function table(zones, caption) {
  return h('table', { id: 'zones' },
    h('caption', { class: 'hint' }, caption),
    h('thead', {}, h('tr', {},
      ['Name', 'Id', 'VPCs', 'Record sets', 'Comment'].map((title) => h('th', { scope: 'col' }, title)))),
    h('tbody', {}, zones.map((zone) => h('tr', { 'data-zone-id': zone.id },
      h('td', {}, h('a', { href: `#/zones/${encodeURIComponent(zone.id)}` }, zone.name)),
      h('td', { class: 'mono' }, zone.id),
      h('td', { class: 'mono' }, (zone.vpcs || []).map((vpc) => `${vpc.vpcId} (${vpc.region})`).join(', ')),
      h('td', {}, String(zone.recordSetCount)),
      h('td', {}, zone.comment || '')))));
}

/**
 * The form that creates a zone: its name, the VPC it is first associated with (one of the caller's;
 * the operator sees every VPC) and a comment. The API's errors go beside their fields; a zone made
 * opens its page, where its record sets are edited.
 */
function zoneCreation(vpcs) {
  const vpcSelect = h('select', {},
    h('option', { value: '' }, vpcs.length === 0 ? 'No VPC to associate' : 'Choose a VPC'),
    vpcs.map((vpc) => h('option', { value: vpc.id }, `${vpc.name} (${vpc.id}, ${vpc.region})`)));
  const fields = {
    name: field('zone-name', 'Name', h('input', { type: 'text', spellcheck: 'false', autocomplete: 'off' }),
      'A domain name, e.g. app.corp.example; the trailing dot is optional.'),
    vpcId: field('zone-vpc', 'VPC', vpcSelect, 'The zone answers in this VPC; more VPCs are associated through the API.'),
    comment: field('zone-comment', 'Comment', h('input', { type: 'text', autocomplete: 'off' })),
  };
  const formError = h('div', { id: 'zone-create-error' });
  const submit = h('button', { type: 'submit' }, 'Create zone');
  const form = h('form', { id: 'zone-create', 'aria-labelledby': 'zone-create-title', novalidate: '' },
    h('h2', { id: 'zone-create-title' }, 'Create a hosted zone'),
    Object.values(fields).map((f) => f.row), formError, submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    Object.values(fields).forEach((f) => f.clear());
    formError.replaceChildren();
    // An empty input is left out, so that the API says it is required rather than malformed.
    const body = {};
    for (const [key, f] of Object.entries(fields)) {
      if (f.input.value.trim() !== '') {
        body[key] = f.input.value.trim();
      }
    }
    const zone = await submitting(submit, () => api.post('/v1/hostedzones', body), showProblem);
    if (!zone) {
      return;
    }
    announce(`Created ${zone.name}.`);
    window.location.hash = `#/zones/${encodeURIComponent(zone.id)}`;
  });

  function showProblem(error) {
    showProblems(error, fields, formError,
      (problem) => fields[problem.field] && { field: fields[problem.field], message: problem.message },
      'Not created');
  }
  return form;
}

