// The topology as a graph: a node per VPC, hosted zone, resolver rule and resolver endpoint, an
// edge per association, each node in the lane of the account that owns it. Another account's VPC
// that an association names is a node with its id only: the API tells the caller no more.

export const KIND_NAMES = {
  zone: 'Hosted zone',
  vpc: 'VPC',
  endpoint: 'Resolver endpoint',
  rule: 'Resolver rule',
};

export const EDGE_NAMES = {
  'zone-association': 'zone associated with VPC',
  'rule-association': 'rule associated with VPC',
  endpoint: 'endpoint in VPC',
  'forwards-through': 'rule forwards through endpoint',
};

/** The lane of resources whose owner the API does not tell the caller. */
export const OTHER_ACCOUNTS = 'other';

export function buildGraph(data) {
  const names = new Map(data.accounts.map((account) => [account.id, account.name]));
  const nodes = new Map();
  const edges = new Map();
  const add = (node) => {
    nodes.set(node.id, { associations: [], ...node, lane: node.accountId || OTHER_ACCOUNTS });
    return nodes.get(node.id);
  };
  const connect = (from, to, kind) => {
    const id = `${from}→${to}`;
    if (!edges.has(id)) {
      edges.set(id, { id, from, to, kind });
    }
  };
  const vpcNamed = (vpcId, region) => {
    const known = nodes.get(vpcId);
    if (known) {
      known.region = known.region || region || null;
      return known;
    }
    return add({ id: vpcId, kind: 'vpc', foreign: true, accountId: null, region: region || null,
      name: vpcId, summary: 'another account', fields: [] });
  };

  for (const vpc of data.vpcs) {
    const addresses = (vpc.resolverAddresses || []).map(address);
    add({
      id: vpc.id, kind: 'vpc', accountId: vpc.accountId, region: vpc.region, name: vpc.name,
      summary: [(vpc.cidrs || []).join(', '), addresses.length ? `resolver ${addresses.join(', ')}` : null]
        .filter((part) => part).join(' · '),
      fields: [['Id', vpc.id], ['Region', vpc.region], ['CIDRs', (vpc.cidrs || []).join(', ')],
        ['Resolver addresses', addresses.join(', ') || 'none (found by source address)']],
    });
  }
  for (const endpoint of data.endpoints) {
    const ips = (endpoint.ipAddresses || []).map(address);
    add({
      id: endpoint.id, kind: 'endpoint', accountId: endpoint.accountId, vpcId: endpoint.vpcId,
      name: `${endpoint.direction} ${endpoint.name}`, summary: ips.join(', '),
      fields: [['Id', endpoint.id], ['Direction', endpoint.direction], ['VPC', endpoint.vpcId],
        ['Addresses', ips.join(', ')],
        endpoint.direction === 'INBOUND' ? ['Allowed sources', (endpoint.allowedSourceCidrs || []).join(', ')] : null,
        ['Status', endpoint.statusMessage ? `${endpoint.status}: ${endpoint.statusMessage}` : endpoint.status]],
    });
    vpcNamed(endpoint.vpcId, null);
    connect(endpoint.id, endpoint.vpcId, 'endpoint');
  }
  for (const zone of data.zones) {
    add({
      id: zone.id, kind: 'zone', accountId: zone.accountId, name: zone.name, domain: zone.name,
      href: `#/zones/${encodeURIComponent(zone.id)}`,
      fields: [['Id', zone.id], ['Name', zone.name], ['Record sets', zone.recordSetCount],
        ['Comment', zone.comment]],
    });
    for (const association of zone.vpcs || []) {
      vpcNamed(association.vpcId, association.region);
      connect(zone.id, association.vpcId, 'zone-association');
    }
  }
  for (const zone of data.zonesOfVpcs) {
    if (!nodes.has(zone.hostedZoneId)) {
      add({
        id: zone.hostedZoneId, kind: 'zone', foreign: true, accountId: zone.ownerAccountId,
        name: zone.name, domain: zone.name,
        fields: [['Id', zone.hostedZoneId], ['Name', zone.name], ['Owner', zone.ownerAccountId]],
      });
    }
    connect(zone.hostedZoneId, zone.vpcId, 'zone-association');
  }
  for (const rule of data.rules) {
    const targets = (rule.targetIps || []).map(address);
    add({
      id: rule.id, kind: 'rule', accountId: rule.ownerId, region: rule.region,
      name: `${rule.name} ${rule.domainName}`, domain: rule.domainName,
      summary: rule.ruleType === 'FORWARD' ? `FORWARD → ${targets.join(', ')}` : rule.ruleType,
      fields: [['Id', rule.id], ['Name', rule.name], ['Domain', rule.domainName], ['Type', rule.ruleType],
        ['Targets', targets.join(', ')], ['Outbound endpoint', rule.resolverEndpointId],
        ['Region', rule.region], ['Owner', rule.ownerId], ['Sharing', rule.shareStatus]],
    });
  }
  for (const rule of data.rules) {
    // An endpoint the caller cannot see (a rule shared with it) stays an id among the fields.
    if (rule.resolverEndpointId && nodes.has(rule.resolverEndpointId)) {
      connect(rule.id, rule.resolverEndpointId, 'forwards-through');
    }
  }
  for (const association of data.ruleAssociations) {
    if (!nodes.has(association.resolverRuleId)) {
      continue; // not a rule the caller may read: the association names nothing it can show
    }
    vpcNamed(association.vpcId, null);
    connect(association.resolverRuleId, association.vpcId, 'rule-association');
  }

  for (const node of nodes.values()) {
    node.fields = node.fields.filter((field) => field && field[1] !== null && field[1] !== undefined && field[1] !== '');
    if (node.foreign && node.kind === 'vpc') {
      node.fields = [['Id', node.id], ['Region', node.region || 'not shown'],
        ['Owner', 'another account: its name, CIDRs and owner are not shown to you']];
      node.summary = node.region ? `${node.region} · another account` : 'another account';
    }
  }
  for (const edge of edges.values()) {
    // Another account's VPC has no known owner, and is never the caller's own.
    edge.crossAccount = nodes.get(edge.from).lane !== nodes.get(edge.to).lane
      || nodes.get(edge.from).lane === OTHER_ACCOUNTS;
    nodes.get(edge.from).associations.push(edge);
    nodes.get(edge.to).associations.push(edge);
  }
  return { nodes, edges: [...edges.values()], lanes: lanesOf(nodes, data, names) };
}

/** One lane per account with resources: the caller's own first, then by account id. */
function lanesOf(nodes, data, names) {
  const keys = new Set([...nodes.values()].map((node) => node.lane));
  const own = data.me.operator ? null : data.me.id;
  return [...keys]
    .sort((a, b) => rank(a, own) - rank(b, own) || a.localeCompare(b))
    .map((key) => ({
      key,
      caption: key === OTHER_ACCOUNTS ? 'Other accounts (owner not shown)'
        : names.has(key) ? `${names.get(key)} (${key})` : `Account ${key}`,
    }));
}

function rank(key, own) {
  if (key === own) {
    return 0;
  }
  return key === OTHER_ACCOUNTS ? 2 : 1;
}

function address(target) {
  return target.port && target.port !== 53 ? `${target.ip}:${target.port}` : target.ip;
}
