// The form that adds or changes one record set of any routing kind (simple, weighted, failover,
// multivalue; records or an alias; a health check) with a change batch, shows the API's field
// errors beside their inputs and follows the change until every node serves it (INSYNC).
import * as api from '../api.js';
import { announce, h } from '../dom.js';
import { followChange, warningsOf } from './change-status.js';
import { failureAlert, field, showProblems, submitting } from './field.js';

export const TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'SRV', 'PTR', 'CAA', 'NS', 'NAPTR', 'SPF',
  'SSHFP', 'TLSA', 'SVCB', 'HTTPS', 'DS'];

const ROUTING_KINDS = [
  { value: 'simple', label: 'Simple' },
  { value: 'weighted', label: 'Weighted' },
  { value: 'failover', label: 'Failover' },
  { value: 'multivalue', label: 'Multivalue answer' },
];

/**
 * The input each field of a change's rrset is shown at. multiValueAnswer and region have no input
 * of their own: the routing kind stands for them.
 */
const INPUT_OF_FIELD = {
  name: 'name',
  type: 'type',
  ttl: 'ttl',
  records: 'records',
  setIdentifier: 'setIdentifier',
  weight: 'weight',
  failover: 'failover',
  multiValueAnswer: 'routing',
  region: 'routing',
  healthCheckId: 'healthCheckId',
  aliasTarget: 'alias',
  'aliasTarget.dnsName': 'aliasTarget',
  'aliasTarget.evaluateTargetHealth': 'evaluateTargetHealth',
};

/**
 * The input a problem's field path names, for the change at `index` of the batch:
 * "changes[0].rrset.ttl" → ttl, "changes[0].rrset.records[2]" → records (value on line 3),
 * "changes[0].rrset.aliasTarget.dnsName" → aliasTarget. Null for a problem of the whole batch, of
 * the whole record set or of another change.
 */
export function inputFor(field, index = 0) {
  const match = /^changes\[(\d+)\]\.rrset\.([a-zA-Z]+(?:\.[a-zA-Z]+)?)(?:\[(\d+)\])?$/.exec(field || '');
  if (!match || Number(match[1]) !== index || !INPUT_OF_FIELD[match[2]]) {
    return null;
  }
  return { key: INPUT_OF_FIELD[match[2]], line: match[3] === undefined ? null : Number(match[3]) + 1 };
}

/** The routing kind a listed record set has. */
export function routingKindOf(rrset) {
  if (rrset.failover) {
    return 'failover';
  }
  if (rrset.weight !== null && rrset.weight !== undefined) {
    return 'weighted';
  }
  return rrset.multiValueAnswer ? 'multivalue' : 'simple';
}

/** What identifies a record set in its zone: name, type and set identifier. */
function keyOf(rrset) {
  const name = (rrset.name || '').toLowerCase();
  return `${name.endsWith('.') ? name : `${name}.`} ${rrset.type} ${rrset.setIdentifier || ''}`;
}

/**
 * The editor of `zone`. `onSaved` is called after a batch is accepted (to reload the list);
 * `healthChecks` (ids) are offered as suggestions for the health check input.
 */
export function recordSetEditor(zone, { onSaved, healthChecks }) {
  const fields = {
    name: field('rr-name', 'Name', h('input', { type: 'text', required: true, spellcheck: 'false',
      autocomplete: 'off', placeholder: `www.${zone.name}` })),
    type: field('rr-type', 'Type', h('select', {}, TYPES.map((type) => h('option', { value: type }, type)))),
    routing: field('rr-routing', 'Routing', h('select', {},
      ROUTING_KINDS.map((kind) => h('option', { value: kind.value }, kind.label)))),
    setIdentifier: field('rr-set-identifier', 'Set identifier', h('input', { type: 'text',
      spellcheck: 'false', autocomplete: 'off' }), 'Names this member of the group of its name and type.'),
    weight: field('rr-weight', 'Weight (0–255)', h('input', { type: 'text', inputmode: 'numeric' }),
      'Answered in proportion to its weight among the group; 0 only when all are 0.'),
    failover: field('rr-failover', 'Failover role', h('select', {},
      h('option', { value: 'PRIMARY' }, 'PRIMARY'), h('option', { value: 'SECONDARY' }, 'SECONDARY'))),
    alias: field('rr-alias', 'Alias to another record set of this zone', h('input', { type: 'checkbox' })),
    aliasTarget: field('rr-alias-target', 'Alias target name', h('input', { type: 'text',
      spellcheck: 'false', autocomplete: 'off', placeholder: `web.${zone.name}` }),
    `Answers with the record sets of this name and the same type in ${zone.name} (zone ${zone.id}).`),
    evaluateTargetHealth: field('rr-evaluate-target-health', 'Evaluate target health',
      h('input', { type: 'checkbox' })),
    ttl: field('rr-ttl', 'TTL (seconds)', h('input', { type: 'text', inputmode: 'numeric', value: '300', required: true })),
    records: field('rr-values', 'Values, one per line', h('textarea', { rows: '4', spellcheck: 'false', required: true })),
    healthCheckId: field('rr-health-check', 'Health check id (optional)', h('input', { type: 'text',
      spellcheck: 'false', autocomplete: 'off', list: 'rr-health-checks' })),
  };
  const inputs = Object.fromEntries(Object.entries(fields).map(([key, f]) => [key, f.input]));
  const formError = h('div', { id: 'rr-form-error' });
  const changeStatus = h('p', { id: 'change-status', role: 'status', 'aria-live': 'polite' });
  const heading = h('h2', { id: 'rr-form-title' }, 'Add or change a record set');
  const editing = h('p', { id: 'rr-editing', class: 'hint', hidden: true });
  const stopEditing = h('button', { type: 'button', class: 'secondary', id: 'rr-new', hidden: true }, 'New record set instead');
  const submit = h('button', { type: 'submit' }, 'Save record set');
  const element = h('form', { id: 'record-set-form', novalidate: true, 'aria-labelledby': 'rr-form-title' },
    heading,
    h('p', { class: 'hint' }, 'The record set of this name, type and set identifier is created or replaced (UPSERT). '
      + 'Editing one and changing its name, type or set identifier replaces it (DELETE and UPSERT in one batch).'),
    editing,
    h('datalist', { id: 'rr-health-checks' }, (healthChecks || []).map((check) => h('option', { value: check.id }, check.type))),
    Object.values(fields).map((f) => f.row),
    formError, submit, ' ', stopEditing, changeStatus);
  let original = null;

  function showRoutingFields() {
    const kind = inputs.routing.value;
    const alias = inputs.alias.checked;
    fields.setIdentifier.show(kind !== 'simple');
    fields.weight.show(kind === 'weighted');
    fields.failover.show(kind === 'failover');
    fields.aliasTarget.show(alias);
    fields.evaluateTargetHealth.show(alias);
    fields.ttl.show(!alias);
    fields.records.show(!alias);
  }
  inputs.routing.addEventListener('change', showRoutingFields);
  inputs.alias.addEventListener('change', showRoutingFields);
  showRoutingFields();

  function setOriginal(rrset) {
    original = rrset;
    editing.hidden = !rrset;
    stopEditing.hidden = !rrset;
    heading.textContent = rrset ? 'Edit a record set' : 'Add or change a record set';
    editing.textContent = rrset
      ? `Editing ${rrset.name} ${rrset.type}${rrset.setIdentifier ? ` (${rrset.setIdentifier})` : ''}.` : '';
  }
  stopEditing.addEventListener('click', () => {
    setOriginal(null);
    inputs.name.focus();
  });

  function clearErrors() {
    formError.replaceChildren();
    Object.values(fields).forEach((f) => f.clear());
  }

  /** The rrset as the API takes it: only the fields of the chosen kind, numbers as typed when not numbers. */
  function rrsetOfForm() {
    const rrset = { name: inputs.name.value.trim(), type: inputs.type.value };
    const kind = inputs.routing.value;
    if (kind !== 'simple' && inputs.setIdentifier.value.trim() !== '') {
      rrset.setIdentifier = inputs.setIdentifier.value.trim();
    }
    if (kind === 'weighted') {
      rrset.weight = wholeNumberOrText(inputs.weight.value);
    } else if (kind === 'failover') {
      rrset.failover = inputs.failover.value;
    } else if (kind === 'multivalue') {
      rrset.multiValueAnswer = true;
    }
    if (inputs.alias.checked) {
      rrset.aliasTarget = { dnsName: inputs.aliasTarget.value.trim(), evaluateTargetHealth: inputs.evaluateTargetHealth.checked };
    } else {
      rrset.ttl = wholeNumberOrText(inputs.ttl.value);
      rrset.records = inputs.records.value.split('\n').map((line) => line.trim()).filter((line) => line !== '');
    }
    if (inputs.healthCheckId.value.trim() !== '') {
      rrset.healthCheckId = inputs.healthCheckId.value.trim();
    }
    return rrset;
  }

  function showProblem(error, index) {
    showProblems(error, fields, formError, (problem) => {
      const target = inputFor(problem.field, index);
      return target && {
        field: fields[target.key],
        message: target.line ? `Line ${target.line}: ${problem.message}` : problem.message,
      };
    }, 'Not saved');
  }

  element.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors();
    const rrset = rrsetOfForm();
    const changes = [];
    if (original && keyOf(original) !== keyOf(rrset)) {
      changes.push({ action: 'DELETE', rrset: original });
    }
    changes.push({ action: 'UPSERT', rrset });
    const change = await submitting(submit,
      () => api.post(`/v1/hostedzones/${encodeURIComponent(zone.id)}/rrsets/changes`,
        { comment: 'operator console', changes }),
      (error) => showProblem(error, changes.length - 1));
    if (!change) {
      return;
    }
    setOriginal(null);
    const warnings = warningsOf(change, 'change-warnings');
    if (warnings) {
      formError.replaceChildren(warnings);
    }
    announce(`Saved ${rrset.name} ${rrset.type}: change ${change.id} ${change.status}.`);
    try {
      await onSaved();
      await followChange(change, changeStatus);
    } catch (error) {
      if (error.status !== 401) {
        changeStatus.replaceChildren(failureAlert(error));
      }
    }
  });

  return {
    element,
    /** Fills the form with a listed record set of any kind; saving replaces it. */
    edit(rrset) {
      clearErrors();
      setOriginal(rrset);
      inputs.name.value = rrset.name;
      inputs.type.value = rrset.type;
      inputs.routing.value = routingKindOf(rrset);
      inputs.setIdentifier.value = rrset.setIdentifier || '';
      inputs.weight.value = rrset.weight === null || rrset.weight === undefined ? '' : String(rrset.weight);
      inputs.failover.value = rrset.failover || 'PRIMARY';
      inputs.alias.checked = Boolean(rrset.aliasTarget);
      inputs.aliasTarget.value = rrset.aliasTarget ? rrset.aliasTarget.dnsName : '';
      inputs.evaluateTargetHealth.checked = Boolean(rrset.aliasTarget && rrset.aliasTarget.evaluateTargetHealth);
      inputs.ttl.value = rrset.ttl === null || rrset.ttl === undefined ? '300' : String(rrset.ttl);
      inputs.records.value = (rrset.records || []).join('\n');
      inputs.healthCheckId.value = rrset.healthCheckId || '';
      showRoutingFields();
      (rrset.aliasTarget ? inputs.aliasTarget : inputs.records).focus();
    },
  };
}

/** A whole number as a number; anything else as typed, so that the API's message says what is wrong. */
function wholeNumberOrText(text) {
  const trimmed = text.trim();
  return /^\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
}
