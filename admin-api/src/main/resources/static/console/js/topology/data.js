// What the topology is drawn from: only /v1 calls the signed-in caller may make, so an account
// sees exactly what the API shows it (docs/api.md "Isolation between accounts").
import * as api from '../api.js';

const PAGE = 'maxItems=1000';

/** At most this many calls at a time when one call per VPC cannot be avoided. */
const PARALLEL_CALLS = 4;

export async function loadTopology() {
  const me = await api.get('/v1/accounts/me');
  const [accounts, vpcs, zones, rules, ruleAssociations, endpoints] = await Promise.all([
    me.operator ? api.listAll(`/v1/accounts?${PAGE}`) : Promise.resolve([{ id: me.id, name: me.name }]),
    api.listAll(`/v1/vpcs?${PAGE}`),
    api.listAll(`/v1/hostedzones?${PAGE}`),
    api.listAll(`/v1/resolver/rules?${PAGE}`),
    // Without ?vpcId= the list holds every association the caller may see: one call, not one per VPC.
    api.listAll(`/v1/resolver/rule-associations?${PAGE}`),
    api.listAll(`/v1/resolver/endpoints?${PAGE}`),
  ]);
  // The operator lists every zone with its VPCs. An account lists only its own zones: the zones of
  // other accounts associated with its VPCs are known only VPC by VPC.
  const zonesOfVpcs = me.operator ? [] : await zonesAssociatedWith(vpcs);
  return { me, accounts, vpcs, zones, rules, ruleAssociations, endpoints, zonesOfVpcs };
}

/** [{vpcId, hostedZoneId, name, ownerAccountId}] for each of the VPCs, a few calls at a time. */
async function zonesAssociatedWith(vpcs) {
  const found = [];
  const queue = [...vpcs];
  async function worker() {
    while (queue.length > 0) {
      const vpc = queue.shift();
      const zones = await api.listAll(`/v1/vpcs/${encodeURIComponent(vpc.id)}/hostedzones?${PAGE}`);
      found.push(...zones.map((zone) => ({ ...zone, vpcId: vpc.id })));
    }
  }
  await Promise.all(Array.from({ length: Math.min(PARALLEL_CALLS, queue.length) }, worker));
  return found;
}
