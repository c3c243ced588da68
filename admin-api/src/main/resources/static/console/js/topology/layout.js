// Where each node goes: one lane per account, top to bottom; in a lane, hosted zones on the left,
// the account's VPCs grouped by region in the middle (each VPC's endpoints under it), resolver
// rules on the right. Everything is sorted, so the same configuration always gives the same
// picture, and nothing overlaps: each column stacks its boxes.

export const WIDTH = 920;

const LANE = { x: 4, width: WIDTH - 8, header: 30, padding: 10, gap: 14 };
const ZONE = { x: 16, width: 226, height: 24, gap: 6 };
const REGION = { x: 330, width: 286, header: 22, padding: 8, gap: 10 };
const VPC = { x: 340, width: 266, height: 38, gap: 8 };
const ENDPOINT = { x: 364, width: 242, height: 22, gap: 4 };
const RULE = { x: 660, width: 248, height: 38, gap: 8 };

/** The unknown region of another account's VPC sorts last. */
const NO_REGION = '\uffff';

export function layout(graph, shownIds) {
  const shown = [...graph.nodes.values()].filter((node) => shownIds.has(node.id));
  const vpcOrder = new Map();
  const lanes = graph.lanes.filter((lane) => shown.some((node) => node.lane === lane.key));
  // The global order of VPCs first: zones and rules are then placed beside the VPCs they serve,
  // which keeps most association lines short and uncrossed.
  const regionsByLane = new Map(lanes.map((lane) => {
    const regions = groupBy(shown.filter((node) => node.kind === 'vpc' && node.lane === lane.key),
      (vpc) => vpc.region || NO_REGION);
    for (const region of regions) {
      region.items.sort((a, b) => byText(a.foreign ? '~' : a.name, b.foreign ? '~' : b.name) || byText(a.id, b.id));
      region.items.forEach((vpc) => vpcOrder.set(vpc.id, vpcOrder.size));
    }
    return [lane.key, regions];
  }));
  const placeOf = (node) => {
    const vpcs = node.associations.map((edge) => vpcOrder.get(edge.to)).filter((index) => index !== undefined);
    return vpcs.length ? Math.min(...vpcs) : Number.MAX_SAFE_INTEGER;
  };
  const byPlace = (a, b) => placeOf(a) - placeOf(b) || byText(a.name, b.name) || byText(a.id, b.id);

  const boxes = new Map();
  const laneBoxes = [];
  const regionBoxes = [];
  const order = [];
  let y = LANE.gap / 2;
  for (const lane of lanes) {
    const top = y + LANE.header;
    const inLane = shown.filter((node) => node.lane === lane.key);
    const zones = inLane.filter((node) => node.kind === 'zone').sort(byPlace);
    const rules = inLane.filter((node) => node.kind === 'rule').sort(byPlace);
    const endpointsOf = (vpc) => shown.filter((node) => node.kind === 'endpoint' && node.vpcId === vpc.id)
      .sort((a, b) => byText(a.name, b.name) || byText(a.id, b.id));

    const zoneBottom = stack(zones, ZONE, top, boxes, order);
    let vpcY = top;
    for (const region of regionsByLane.get(lane.key)) {
      const regionTop = vpcY;
      vpcY += REGION.header;
      for (const vpc of region.items) {
        boxes.set(vpc.id, { x: VPC.x, y: vpcY, width: VPC.width, height: VPC.height });
        order.push(vpc.id);
        vpcY += VPC.height + ENDPOINT.gap;
        for (const endpoint of endpointsOf(vpc)) {
          boxes.set(endpoint.id, { x: ENDPOINT.x, y: vpcY, width: ENDPOINT.width, height: ENDPOINT.height });
          order.push(endpoint.id);
          vpcY += ENDPOINT.height + ENDPOINT.gap;
        }
        vpcY += VPC.gap - ENDPOINT.gap;
      }
      regionBoxes.push({ lane: lane.key, region: region.key === NO_REGION ? 'region not shown' : region.key,
        x: REGION.x, y: regionTop, width: REGION.width, height: vpcY - regionTop + REGION.padding - VPC.gap });
      vpcY += REGION.padding - VPC.gap + REGION.gap;
    }
    // Endpoints whose VPC is not shown (the filter kept the endpoint's rule only) under the VPCs.
    const orphans = inLane.filter((node) => node.kind === 'endpoint' && !boxes.has(node.id));
    const vpcBottom = stack(orphans, ENDPOINT, vpcY, boxes, order);
    const ruleBottom = stack(rules, RULE, top, boxes, order);
    const bottom = Math.max(zoneBottom, vpcBottom, ruleBottom, top + ZONE.height) + LANE.padding;
    laneBoxes.push({ ...lane, x: LANE.x, y, width: LANE.width, height: bottom - y });
    y = bottom + LANE.gap;
  }
  return { width: WIDTH, height: Math.max(y, 60), lanes: laneBoxes, regions: regionBoxes, boxes, order };
}

/** Stacks the nodes in a column from y; answers the y under the last one. */
function stack(nodes, column, y, boxes, order) {
  for (const node of nodes) {
    boxes.set(node.id, { x: column.x, y, width: column.width, height: column.height });
    order.push(node.id);
    y += column.height + column.gap;
  }
  return y;
}

function groupBy(items, keyOf) {
  const groups = new Map();
  for (const item of items) {
    const key = keyOf(item);
    if (!groups.has(key)) {
      groups.set(key, { key, items: [] });
    }
    groups.get(key).items.push(item);
  }
  return [...groups.values()].sort((a, b) => byText(a.key, b.key));
}

function byText(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
