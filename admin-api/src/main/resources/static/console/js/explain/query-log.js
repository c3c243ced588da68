// Reading one line of a query log (docs/spec/admin-api.md "Troubleshooting") as the question to
// explain: the same source, arriving on the same listener, for the same name and type.

/**
 * The explain query of a query-log line: {sourceIp, listener, name, type} (or vpcId when the line
 * has no source address), plus `endpointId` when the query came through an inbound endpoint
 * (srcids.resolver_endpoint), whose address the caller looks up as the listener.
 *
 * @throws Error with a message for the user when the line is not a query-log object
 */
export function queryOfLogLine(line) {
  let entry;
  try {
    entry = JSON.parse(line.trim());
  } catch (e) {
    throw new Error(`Not one JSON object: ${e.message}`);
  }
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
    throw new Error('Not one JSON object: a query-log line is {"vpc_id", "query_name", …}.');
  }
  const missing = ['query_name', 'query_type'].filter((key) => typeof entry[key] !== 'string' || entry[key] === '');
  if (typeof entry.srcaddr !== 'string' && typeof entry.vpc_id !== 'string') {
    missing.push('srcaddr or vpc_id');
  }
  if (missing.length > 0) {
    throw new Error(`The line has no ${missing.join(', ')}: is it a line of a query log?`);
  }
  const query = { name: entry.query_name, type: entry.query_type };
  const srcids = entry.srcids && typeof entry.srcids === 'object' ? entry.srcids : {};
  if (typeof entry.srcaddr === 'string' && entry.srcaddr !== '') {
    query.sourceIp = entry.srcaddr;
    if (typeof srcids.resolver_address === 'string') {
      query.listener = srcids.resolver_address;
    }
  } else {
    query.vpcId = entry.vpc_id;
  }
  return {
    query,
    vpcId: typeof entry.vpc_id === 'string' ? entry.vpc_id : null,
    endpointId: query.sourceIp && typeof srcids.resolver_endpoint === 'string' ? srcids.resolver_endpoint : null,
  };
}

/** An endpoint address as the explain API's listener: ip:port, [ipv6]:port. */
export function listenerOf(address) {
  const port = address.port || 53;
  return address.ip.includes(':') ? `[${address.ip}]:${port}` : `${address.ip}:${port}`;
}
