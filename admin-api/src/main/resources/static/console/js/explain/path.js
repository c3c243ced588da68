// An explanation (GET /v1/resolver/explain) drawn as the path the query takes: where it comes
// from → its VPC → the candidates → the decision → the record sets read, with their health → the
// answer. A one-line summary of the path comes first, then each step in detail.
import { h } from '../dom.js';

/** The elements showing explanation `x` of the query `asked` ({vpcId} or {sourceIp, listener}). */
export function pathOf(x, asked) {
  const steps = [
    step('step-source', 'Source', sourceOf(asked)),
    step('step-vpc', 'VPC',
      h('p', {}, x.vpcId ? h('span', { class: 'mono' }, x.vpcId) : 'No VPC: the query is refused'),
      x.vpcReason ? h('p', { class: 'hint' }, x.vpcReason) : null),
    step('step-candidates', 'Candidates, most specific first', candidatesOf(x)),
    step('step-winner', 'Decision', decisionOf(x.decision)),
  ];
  if ((x.decision && x.decision.kind === 'HOSTED_ZONE') || (x.recordSets || []).length > 0) {
    steps.push(step('step-record-sets', 'Record sets the zone reads', recordSetsOf(x.recordSets || [])));
  }
  steps.push(step('step-answer', 'Answer', answerOf(x)));
  steps.forEach((item, index) => item.querySelector('h2').prepend(`${index + 1}. `));
  return [summaryOf(x, asked), h('ol', { class: 'path', 'aria-label': 'The path of the query' }, steps)];
}

function step(id, title, ...content) {
  return h('li', { id, class: 'path-step' }, h('h2', {}, title), content);
}

function sourceOf(asked) {
  if (!asked.sourceIp) {
    return h('p', {}, 'A client of the VPC given (no source address: the VPC is taken as asked).');
  }
  return h('p', {}, 'Source ', h('span', { class: 'mono' }, asked.sourceIp),
    asked.listener ? [' arriving on ', h('span', { class: 'mono' }, asked.listener),
      ' (an inbound endpoint\'s or VPC resolver\'s address)'] : ' on the main listener');
}

function isWinner(candidate, decision) {
  return Boolean(decision) && candidate.kind === decision.kind
    && candidate.id === decision.id && candidate.domain === decision.domain;
}

function describe(candidate) {
  return `${candidate.kind} ${candidate.domain || ''}${candidate.id ? ` (${candidate.id})` : ''}`;
}

function candidatesOf(x) {
  if ((x.candidates || []).length === 0) {
    return h('p', {}, 'None');
  }
  return h('ol', {}, x.candidates.map((candidate) => isWinner(candidate, x.decision)
    ? h('li', { class: 'winner' }, describe(candidate), ' ← winner')
    : h('li', {}, describe(candidate))));
}

function decisionOf(decision) {
  if (!decision) {
    return h('p', {}, 'Nothing claims the name.');
  }
  return [h('p', { class: 'winner' }, describe(decision)),
    decision.reason ? h('p', { class: 'hint' }, decision.reason) : null];
}

function recordSetsOf(recordSets) {
  if (recordSets.length === 0) {
    return h('p', {}, 'None at this name and type: the zone has nothing to answer with.');
  }
  return h('table', { id: 'explain-record-sets' },
    h('thead', {}, h('tr', {}, ['Name', 'Type', 'TTL', 'Values', 'Routing', 'Health'].map((title) => h('th', { scope: 'col' }, title)))),
    h('tbody', {}, recordSets.map((rrset) => h('tr', {},
      h('td', { class: 'mono' }, rrset.name),
      h('td', {}, rrset.type),
      h('td', {}, rrset.ttl === null || rrset.ttl === undefined ? '' : String(rrset.ttl)),
      h('td', { class: 'mono' }, rrset.aliasTarget ? `alias to ${rrset.aliasTarget.dnsName}` : (rrset.records || []).join(', ')),
      h('td', {}, [rrset.setIdentifier, rrset.failover, rrset.weight !== null && rrset.weight !== undefined ? `weight ${rrset.weight}` : null,
        rrset.multiValueAnswer ? 'multivalue' : null].filter((part) => part).join(' ') || 'simple'),
      h('td', { class: rrset.health ? `health-${rrset.health}` : '' }, rrset.health || 'no health check')))));
}

function answerOf(x) {
  return [
    h('p', {}, 'Response code: ', h('strong', { id: 'answer-rcode' }, x.rcode || 'forwarded (decided upstream)')),
    (x.answers || []).length > 0
      ? h('ul', { id: 'answer-records', class: 'mono' }, x.answers.map((line) => h('li', {}, line)))
      : h('p', {}, 'No records in the answer.'),
    x.forward ? forwardOf(x.forward) : null];
}

function forwardOf(forward) {
  return h('div', {},
    h('p', {}, `Forwarded as ${forward.name}`, forward.ruleId ? ` by rule ${forward.ruleId}` : ' by default resolution',
      `; cache ${forward.cache}`),
    h('ul', {}, (forward.targets || []).map((target) => h('li', { class: 'mono' }, `${target.ip}:${target.port} ${target.state}`))));
}

/** The path on one line: each stop of the query, an arrow between them (drawn by the style sheet). */
function summaryOf(x, asked) {
  const healthy = (x.recordSets || []).filter((rrset) => rrset.health === 'HEALTHY').length;
  const unhealthy = (x.recordSets || []).filter((rrset) => rrset.health === 'UNHEALTHY').length;
  const stops = [
    asked.sourceIp ? `${asked.sourceIp}${asked.listener ? ` via ${asked.listener}` : ''}` : 'VPC given',
    x.vpcId || 'no VPC',
    `${(x.candidates || []).length} candidate${(x.candidates || []).length === 1 ? '' : 's'}`,
    x.decision ? describe(x.decision) : 'no decision',
  ];
  if ((x.recordSets || []).length > 0) {
    stops.push(`${x.recordSets.length} record set${x.recordSets.length === 1 ? '' : 's'}`
      + (healthy + unhealthy > 0 ? ` (${healthy} healthy, ${unhealthy} unhealthy)` : ''));
  }
  stops.push(x.rcode || (x.forward ? `forwarded to ${(x.forward.targets || []).length} target(s)` : 'forwarded'));
  return h('ol', { id: 'explain-summary', class: 'path-summary', 'aria-label': 'The path in short' },
    stops.map((stop) => h('li', {}, h('span', { class: 'stop' }, stop))));
}
