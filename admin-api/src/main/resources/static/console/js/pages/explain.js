// How the node would answer a query (GET /v1/resolver/explain), drawn as the path the query takes.
// The question comes from the form, from a pasted query-log line, or from the page's address
// (#/explain?vpcId=…|sourceIp=…[&listener=…]&name=…&type=…), so that a link opens an explanation.
import * as api from '../api.js';
import { announce, h } from '../dom.js';
import { pathOf } from '../explain/path.js';
import { listenerOf, queryOfLogLine } from '../explain/query-log.js';
import { failureAlert, field } from '../zone/field.js';

const TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'SRV', 'PTR', 'CAA', 'NS', 'SOA', 'NAPTR',
  'SPF', 'SSHFP', 'TLSA', 'SVCB', 'HTTPS', 'DS', 'ANY'];
const QUERY_KEYS = ['vpcId', 'sourceIp', 'listener', 'name', 'type'];

export async function render(container) {
  const vpcs = await api.listAll('/v1/vpcs');
  const fields = {
    vpcId: field('explain-vpc', 'VPC', h('select', {},
      h('option', { value: '' }, '— by source IP —'),
      vpcs.map((vpc) => h('option', { value: vpc.id }, `${vpc.name} ${vpc.id} (${vpc.region}, ${(vpc.cidrs || []).join(', ')})`)))),
    sourceIp: field('explain-source', 'or source IP address', h('input', { type: 'text', spellcheck: 'false',
      autocomplete: 'off', placeholder: '10.0.1.5' })),
    listener: field('explain-listener', 'Arriving on (optional, with a source IP)', h('input', { type: 'text',
      spellcheck: 'false', autocomplete: 'off', placeholder: '127.53.0.2:53' }),
    'An inbound endpoint\'s or a VPC resolver\'s address: it decides the VPC for the sources it admits. Empty: the main listener.'),
    name: field('explain-name', 'Name', h('input', { type: 'text', spellcheck: 'false', autocomplete: 'off', required: true })),
    type: field('explain-type', 'Type', h('select', {}, TYPES.map((type) => h('option', { value: type }, type)))),
  };
  const inputs = Object.fromEntries(Object.entries(fields).map(([key, f]) => [key, f.input]));
  const formError = h('div', { id: 'explain-error' });
  const result = h('section', { id: 'explanation', 'aria-live': 'polite', 'aria-label': 'Explanation' });
  const form = h('form', { id: 'explain-form', novalidate: true },
    h('p', { class: 'hint' }, 'Pick a VPC, or give the source address of a client: the node finds its VPC as its listener would. Nothing is sent upstream.'),
    Object.values(fields).map((f) => f.row), formError, h('button', { type: 'submit' }, 'Explain'));
  const logLine = logLineForm(fill, () => form.requestSubmit());
  container.append(h('h1', {}, 'Explain a query'), form, logLine, result);

  /** Puts a question into the form; a VPC or type the lists lack is added, so the API judges it. */
  function fill(query) {
    for (const key of QUERY_KEYS) {
      const value = query[key] || '';
      const input = inputs[key];
      if (input.tagName === 'SELECT' && value !== '' && ![...input.options].some((option) => option.value === value)) {
        input.append(h('option', { value }, value));
      }
      input.value = key === 'type' && value === '' ? 'A' : value;
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    formError.replaceChildren();
    Object.values(fields).forEach((f) => f.clear());
    const query = new URLSearchParams();
    const asked = {};
    for (const key of QUERY_KEYS) {
      const value = inputs[key].value.trim();
      if (value) {
        query.set(key, value);
        asked[key] = value;
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
        if (fields[problem.field]) {
          fields[problem.field].fail(problem.message);
        }
      }
      if (error.code === 'NoSuchVpc') {
        // A problem without a field, about the VPC the query names: by id, or by source address.
        fields[asked.vpcId ? 'vpcId' : 'sourceIp'].fail(error.message);
      }
      formError.replaceChildren(failureAlert(error));
      announce(`Cannot explain: ${error.message}`);
      return;
    }
    // The address names this explanation (without a hashchange, so the page stays): it can be
    // copied, and Back returns to it.
    const link = `#/explain?${query}`;
    window.history.replaceState(null, '', link);
    result.replaceChildren(...pathOf(explanation, asked),
      h('p', {}, h('a', { id: 'explain-link', href: link }, 'Link to this explanation')));
    announce(`Answer: ${explanation.rcode || 'forwarded'}, decided by ${explanation.decision ? explanation.decision.kind : 'nothing'}.`);
  });

  const fromAddress = new URLSearchParams(window.location.hash.replace(/^#\/explain\??/, ''));
  if (QUERY_KEYS.some((key) => fromAddress.has(key))) {
    fill(Object.fromEntries(QUERY_KEYS.map((key) => [key, fromAddress.get(key)])));
    form.requestSubmit();
  }
}

/**
 * "Explain a query-log line": the line's question fills the form (`fill`), then `submit` asks it.
 * A query that came through an inbound endpoint is asked as arriving on the endpoint's first address.
 */
function logLineForm(fill, submit) {
  const line = field('explain-log-line', 'A line of a query log (JSON)', h('textarea', { rows: '4', spellcheck: 'false', class: 'mono' }),
    'Its srcaddr, srcids (the listener), query_name and query_type become the question.');
  const note = h('p', { id: 'explain-log-note', class: 'hint' });
  const form = h('form', { id: 'explain-log-form', novalidate: true, 'aria-labelledby': 'explain-log-title' },
    h('h2', { id: 'explain-log-title' }, 'Explain a query-log line'),
    line.row, note, h('button', { type: 'submit', class: 'secondary' }, 'Explain this line'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    line.clear();
    note.textContent = '';
    let read;
    try {
      read = queryOfLogLine(line.input.value);
    } catch (e) {
      line.fail(e.message);
      line.input.focus();
      announce(`Cannot read the line: ${e.message}`);
      return;
    }
    if (read.endpointId) {
      try {
        const endpoint = await api.get(`/v1/resolver/endpoints/${encodeURIComponent(read.endpointId)}`);
        read.query.listener = listenerOf(endpoint.ipAddresses[0]);
        note.textContent = `Arrived through inbound endpoint ${read.endpointId}: asked as arriving on ${read.query.listener}.`;
      } catch (error) {
        if (error.status === 401) {
          return;
        }
        // An endpoint of another account, or gone: the VPC the line names stands for it.
        read.query = { vpcId: read.vpcId, name: read.query.name, type: read.query.type };
        note.textContent = `Inbound endpoint ${read.endpointId} cannot be read (${error.message}): asked for the line's VPC instead.`;
      }
    }
    fill(read.query);
    submit();
  });
  return form;
}
