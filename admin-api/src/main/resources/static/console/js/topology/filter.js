// Which nodes a filter keeps: the resources it picks, and their neighbours, so that an
// association leaving the picked account or VPC is still drawn to its other end.

/** The ids of the nodes to show for {account, vpc, domain} (each optional; all must hold). */
export function visibleNodeIds(graph, { account, vpc, domain }) {
  const nodes = [...graph.nodes.values()];
  const picks = [];
  if (account) {
    picks.push(nodes.filter((node) => node.lane === account));
  }
  if (vpc) {
    picks.push(nodes.filter((node) => node.id === vpc));
  }
  const text = normalized(domain || '');
  if (text) {
    picks.push(nodes.filter((node) => node.domain && normalized(node.domain).includes(text)));
  }
  let shown = new Set(nodes.map((node) => node.id));
  for (const picked of picks) {
    const withNeighbours = new Set(picked.map((node) => node.id));
    for (const node of picked) {
      for (const edge of node.associations) {
        withNeighbours.add(edge.from);
        withNeighbours.add(edge.to);
      }
    }
    shown = new Set([...shown].filter((id) => withNeighbours.has(id)));
  }
  return shown;
}

/** Lower case without the final dot: "App1.aws.customer.local." matches "app1.aws.customer.local". */
function normalized(name) {
  return name.trim().toLowerCase().replace(/\.$/, '');
}
