// How the node would answer a query (GET /v1/resolver/explain), as a path:
// VPC → candidates → winner → record sets → answer.
import * as api from '../api.js';
import { announce, h, problemAlert } from '../dom.js';

const TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'SRV', 'PTR', 'CAA', 'NS', 'SOA', 'NAPTR',
  'SPF', 'SSHFP', 'TLSA', 'SVCB', 'HTTPS', 'DS', 'ANY'];

const FIELDS = {
  vpcId: { id: 'explain-vpc', label: 'VPC' },
  sourceIp: { id: 'explain-source', label: 'or source IP address' },
  name: { id: 'explain-name', label: 'Name' },
  type: { id: 'explain-type', label: 'Type' },
};

export async function render(container) {
  const vpcs = await api.listAll('/v1/vpcs');
  const inputs = {
    vpcId: h('select', { id: FIELDS.vpcId.id, name: 'vpcId' },
      h('option', { value: '' }, '— by source IP —'),
      vpcs.map((vpc) => h('option', { value: vpc.id }, `${vpc.name} ${vpc.id} (${vpc.region}, ${(vpc.cidrs || []).join(', ')})`))),
    sourceIp: h('input', { id: FIELDS.sourceIp.id, name: 'sourceIp', type: 'text', spellcheck: 'false', autocomplete: 'off', placeholder: '10.0.1.5' }),
    name: h('input', { id: FIELDS.name.id, name: 'name', type: 'text', spellcheck: 'false', autocomplete: 'off', required: true }),
    type: h('select', { id: FIELDS.type.id, name: 'type' }, TYPES.map((type) => h('option', { value: type }, type))),
  };
  const fieldErrors = {};
  const rows = Object.entries(FIELDS).map(([key, field]) => {
    fieldErrors[key] = h('p', { id: `${field.id}-error`, class: 'field-error' });
    inputs[key].setAttribute('aria-describedby', `${field.id}-error`);
    return h('div', { class: 'field' }, h('label', { for: field.id }, field.label), inputs[key], fieldErrors[key]);
  });
  const formError = h('div', { id: 'explain-error' });
  const result = h('section', { id: 'explanation', 'aria-live': 'polite', 'aria-label': 'Explanation' });
  const form = h('form', { id: 'explain-form', novalidate: true },
    h('p', { class: 'hint' }, 'Pick a VPC, or give the source address of a client: the node finds its VPC as its listener would. Nothing is sent upstream.'),
    rows, formError, h('button', { type: 'submit' }, 'Explain'));
  container.append(h('h1', {}, 'Explain a query'), form, result);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    formError.replaceChildren();
    for (const key of Object.keys(FIELDS)) {
      fieldErrors[key].textContent = '';
      inputs[key].removeAttribute('aria-invalid');
    }
    const query = new URLSearchParams();
    for (const key of ['vpcId', 'sourceIp', 'name', 'type']) {
      const value = inputs[key].value.trim();
      if (value) {
        query.set(key, value);
      }
    }
    let explanation;
    try {
      explanation = await api.get(`/v1/resolver/explain?${query}`);
    } catch (error) {
      if (error.status === 401) {
        return;
      }
      for (const problem of error.errors) {
        if (FIELDS[problem.field]) {
          fieldErrors[problem.field].textContent = problem.message;
          inputs[problem.field].setAttribute('aria-invalid', 'true');
        }
      }
      formError.replaceChildren(problemAlert(error));
      announce(`Cannot explain: ${error.message}`);
      return;
    }
    result.replaceChildren(...path(explanation));
    announce(`Answer: ${explanation.rcode || 'forwarded'}, decided by ${explanation.decision ? explanation.decision.kind : 'nothing'}.`);
  });
}

function path(x) {
  const decision = x.decision;
  const winnerOf = (candidate) => decision && candidate.kind === decision.kind
    && candidate.id === decision.id && candidate.domain === decision.domain;
  const steps = [];
  steps.push(h('li', { id: 'step-vpc' },
    h('h2', {}, '1. VPC'),
    h('p', {}, x.vpcId ? h('span', { class: 'mono' }, x.vpcId) : 'No VPC'),
    x.vpcReason ? h('p', { class: 'hint' }, x.vpcReason) : null));
  steps.push(h('li', { id: 'step-candidates' },
    h('h2', {}, '2. Candidates, most specific first'),
    (x.candidates || []).length === 0 ? h('p', {}, 'None') : h('ol', {},
      x.candidates.map((candidate) => h('li', { class: winnerOf(candidate) ? 'winner' : '' },
        `${candidate.kind} ${candidate.domain}${candidate.id ? ` (${candidate.id})` : ''}`,
        winnerOf(candidate) ? ' ← winner' : '')))));
  steps.push(h('li', { id: 'step-winner' },
    h('h2', {}, '3. Winner'),
    decision
      ? [h('p', { class: 'winner' }, `${decision.kind} ${decision.domain || ''}${decision.id ? ` (${decision.id})` : ''}`),
        decision.reason ? h('p', { class: 'hint' }, decision.reason) : null]
      : h('p', {}, 'Nothing claims the name.')));
  if ((x.recordSets || []).length > 0) {
    steps.push(h('li', { id: 'step-record-sets' },
      h('h2', {}, '4. Record sets the zone reads'),
      h('table', {},
        h('thead', {}, h('tr', {}, ['Name', 'Type', 'TTL', 'Values', 'Routing', 'Health'].map((title) => h('th', { scope: 'col' }, title)))),
        h('tbody', {}, x.recordSets.map((rrset) => h('tr', {},
          h('td', { class: 'mono' }, rrset.name),
          h('td', {}, rrset.type),
          h('td', {}, rrset.ttl === null || rrset.ttl === undefined ? '' : String(rrset.ttl)),
          h('td', { class: 'mono' }, rrset.aliasTarget ? `alias to ${rrset.aliasTarget.dnsName}` : (rrset.records || []).join(', ')),
          h('td', {}, [rrset.setIdentifier, rrset.failover, rrset.weight !== null && rrset.weight !== undefined ? `weight ${rrset.weight}` : null]
            .filter((part) => part).join(' ') || 'simple'),
          h('td', { class: rrset.health ? `health-${rrset.health}` : '' }, rrset.health || 'no health check')))))));
  }
  steps.push(h('li', { id: 'step-answer' },
    h('h2', {}, `${steps.length + 1}. Answer`),
    h('p', {}, 'Response code: ', h('strong', { id: 'answer-rcode' }, x.rcode || 'forwarded (decided upstream)')),
    (x.answers || []).length > 0
      ? h('ul', { id: 'answer-records', class: 'mono' }, x.answers.map((line) => h('li', {}, line)))
      : h('p', {}, 'No records in the answer.'),
    x.forward ? forwardOf(x.forward) : null));
  return [h('ol', { class: 'path' }, steps)];
}

function forwardOf(forward) {
  return h('div', {},
    h('p', {}, `Forwarded as ${forward.name}`, forward.ruleId ? ` by rule ${forward.ruleId}` : ' by default resolution',
      `; cache ${forward.cache}`),
    h('ul', {}, (forward.targets || []).map((target) => h('li', { class: 'mono' }, `${target.ip}:${target.port} ${target.state}`))));
}
