// One hosted zone: its record sets, and a form that adds or changes a simple record set with a
// change batch (UPSERT), shows the API's field errors beside their inputs and follows the change
// until every node serves it (INSYNC).
import * as api from '../api.js';
import { announce, h, problemAlert } from '../dom.js';

const TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'SRV', 'PTR', 'CAA', 'NS', 'NAPTR', 'SPF',
  'SSHFP', 'TLSA', 'SVCB', 'HTTPS', 'DS'];
const POLL_MILLIS = 1000;
const POLL_LIMIT = 300;

/** The inputs of the form, by the field of a change's rrset that each one edits. */
const FIELDS = {
  name: { id: 'rr-name', label: 'Name' },
  type: { id: 'rr-type', label: 'Type' },
  ttl: { id: 'rr-ttl', label: 'TTL (seconds)' },
  records: { id: 'rr-values', label: 'Values, one per line' },
};

/**
 * The input a problem's field path names: "changes[0].rrset.ttl" → ttl,
 * "changes[0].rrset.records[2]" → records (value on line 3). Null for a problem of the whole batch.
 */
export function inputFor(field) {
  const match = /^changes\[0\]\.rrset\.([a-zA-Z]+)(?:\[(\d+)\])?/.exec(field || '');
  if (!match || !FIELDS[match[1]]) {
    return null;
  }
  return { key: match[1], line: match[2] === undefined ? null : Number(match[2]) + 1 };
}

export async function render(container, zoneId) {
  const zone = await api.get(`/v1/hostedzones/${encodeURIComponent(zoneId)}`);
  const recordSetsBox = h('div', { id: 'record-sets' });
  const form = recordSetForm(zone, recordSetsBox);
  container.append(
    h('p', {}, h('a', { href: '#/zones' }, '← All zones')),
    h('h1', {}, zone.name),
    h('p', { class: 'hint' }, `Zone ${zone.id}, associated with `,
      (zone.vpcs || []).map((vpc) => `${vpc.vpcId} (${vpc.region})`).join(', ') || 'no VPC'),
    h('h2', {}, 'Record sets'),
    recordSetsBox,
    form.element);
  await showRecordSets(zone, recordSetsBox, form);
}

async function showRecordSets(zone, box, form) {
  const recordSets = await api.listAll(`/v1/hostedzones/${encodeURIComponent(zone.id)}/rrsets`);
  box.replaceChildren(h('table', { id: 'record-set-table' },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'Name'),
      h('th', { scope: 'col' }, 'Type'),
      h('th', { scope: 'col' }, 'TTL'),
      h('th', { scope: 'col' }, 'Values'),
      h('th', { scope: 'col' }, 'Routing'),
      h('th', { scope: 'col' }, h('span', { class: 'hint' }, 'Actions')))),
    h('tbody', {}, recordSets.map((rrset) => h('tr', { 'data-name': rrset.name, 'data-type': rrset.type },
      h('td', { class: 'mono' }, rrset.name),
      h('td', {}, rrset.type),
      h('td', {}, rrset.ttl === null || rrset.ttl === undefined ? '' : String(rrset.ttl)),
      h('td', { class: 'mono' }, rrset.aliasTarget
        ? `alias to ${rrset.aliasTarget.dnsName}`
        : (rrset.records || []).map((value) => h('div', {}, value))),
      h('td', {}, routingOf(rrset)),
      h('td', {}, isSimple(rrset) && rrset.type !== 'SOA'
        ? h('button', {
          type: 'button',
          class: 'secondary',
          'aria-label': `Edit ${rrset.name} ${rrset.type}`,
          onclick: () => form.edit(rrset),
        }, 'Edit')
        : ''))))));
}

function isSimple(rrset) {
  return !rrset.setIdentifier && !rrset.aliasTarget;
}

function routingOf(rrset) {
  if (!rrset.setIdentifier) {
    return rrset.healthCheckId ? `simple, health check ${rrset.healthCheckId}` : 'simple';
  }
  const policy = rrset.failover ? `failover ${rrset.failover}`
    : rrset.weight !== null && rrset.weight !== undefined ? `weight ${rrset.weight}`
      : rrset.multiValueAnswer ? 'multivalue' : rrset.region ? `latency ${rrset.region}` : 'routed';
  return `${policy} (${rrset.setIdentifier})`;
}

function recordSetForm(zone, recordSetsBox) {
  const inputs = {
    name: h('input', { id: FIELDS.name.id, name: 'name', type: 'text', required: true,
      spellcheck: 'false', autocomplete: 'off', placeholder: `www.${zone.name}` }),
    type: h('select', { id: FIELDS.type.id, name: 'type' }, TYPES.map((type) => h('option', { value: type }, type))),
    ttl: h('input', { id: FIELDS.ttl.id, name: 'ttl', type: 'text', inputmode: 'numeric', value: '300', required: true }),
    records: h('textarea', { id: FIELDS.records.id, name: 'records', rows: '4', spellcheck: 'false', required: true }),
  };
  const fieldErrors = {};
  const rows = Object.entries(FIELDS).map(([key, field]) => {
    fieldErrors[key] = h('p', { id: `${field.id}-error`, class: 'field-error' });
    inputs[key].setAttribute('aria-describedby', `${field.id}-error`);
    return h('div', { class: 'field' }, h('label', { for: field.id }, field.label), inputs[key], fieldErrors[key]);
  });
  const formError = h('div', { id: 'rr-form-error' });
  const changeStatus = h('p', { id: 'change-status', role: 'status', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit' }, 'Save record set');
  const element = h('form', { id: 'record-set-form', novalidate: true },
    h('h2', {}, 'Add or change a record set'),
    h('p', { class: 'hint' }, 'Simple routing: the set of this name and type is created or replaced (UPSERT).'),
    rows, formError, submit, changeStatus);

  function clearErrors() {
    formError.replaceChildren();
    for (const key of Object.keys(FIELDS)) {
      fieldErrors[key].textContent = '';
      inputs[key].removeAttribute('aria-invalid');
    }
  }

  function showProblem(error) {
    const unplaced = [];
    for (const problem of error.errors) {
      const target = inputFor(problem.field);
      if (!target) {
        unplaced.push(problem);
        continue;
      }
      const text = target.line ? `Line ${target.line}: ${problem.message}` : problem.message;
      const box = fieldErrors[target.key];
      box.textContent = box.textContent ? `${box.textContent} ${text}` : text;
      inputs[target.key].setAttribute('aria-invalid', 'true');
    }
    formError.replaceChildren(problemAlert(error));
    if (unplaced.length > 0) {
      formError.append(h('ul', { class: 'error' },
        unplaced.map((problem) => h('li', {}, `${problem.field}: ${problem.message}`))));
    }
    const first = Object.keys(FIELDS).find((key) => inputs[key].getAttribute('aria-invalid') === 'true');
    if (first) {
      inputs[first].focus();
    }
    announce(`Not saved: ${error.errors.length || 1} problem${error.errors.length > 1 ? 's' : ''}. ${error.message}`);
  }

  async function follow(change) {
    for (let attempt = 0; ; attempt++) {
      changeStatus.replaceChildren(`Change ${change.id}: `,
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
  }

  element.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors();
    const ttlText = inputs.ttl.value.trim();
    // Sent as typed when not a whole number, so that the API's own message says what is wrong.
    const ttl = /^\d+$/.test(ttlText) ? Number(ttlText) : ttlText;
    const records = inputs.records.value.split('\n').map((line) => line.trim()).filter((line) => line !== '');
    const batch = {
      comment: 'operator console',
      changes: [{ action: 'UPSERT', rrset: { name: inputs.name.value.trim(), type: inputs.type.value, ttl, records } }],
    };
    submit.disabled = true;
    let change;
    try {
      change = await api.post(`/v1/hostedzones/${encodeURIComponent(zone.id)}/rrsets/changes`, batch);
    } catch (error) {
      if (error.status !== 401) {
        showProblem(error);
      }
      return;
    } finally {
      submit.disabled = false;
    }
    if (change.warnings && change.warnings.length > 0) {
      formError.replaceChildren(h('ul', { class: 'hint', id: 'change-warnings' },
        change.warnings.map((warning) => h('li', {}, `${warning.code}: ${warning.message}`))));
    }
    announce(`Saved ${batch.changes[0].rrset.name} ${batch.changes[0].rrset.type}: change ${change.id} ${change.status}.`);
    try {
      await showRecordSets(zone, recordSetsBox, controls);
      await follow(change);
    } catch (error) {
      if (error.status !== 401) {
        changeStatus.replaceChildren(problemAlert(error));
      }
    }
  });

  const controls = {
    element,
    edit(rrset) {
      clearErrors();
      inputs.name.value = rrset.name;
      inputs.type.value = rrset.type;
      inputs.ttl.value = String(rrset.ttl);
      inputs.records.value = (rrset.records || []).join('\n');
      inputs.records.focus();
    },
  };
  return controls;
}
