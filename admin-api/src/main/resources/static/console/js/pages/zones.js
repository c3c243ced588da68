// The caller's private hosted zones (GET /v1/hostedzones), each a link to its record sets.
import * as api from '../api.js';
import { h } from '../dom.js';

export async function render(container) {
  container.append(h('h1', {}, 'Hosted zones'));
  const zones = await api.listAll('/v1/hostedzones');
  if (zones.length === 0) {
    container.append(h('p', {}, 'You have no hosted zones.'));
    return;
  }
  container.append(
    h('table', { id: 'zones' },
      h('caption', { class: 'hint' }, `${zones.length} zone${zones.length === 1 ? '' : 's'}, by name`),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, 'Name'),
        h('th', { scope: 'col' }, 'Id'),
        h('th', { scope: 'col' }, 'VPCs'),
        h('th', { scope: 'col' }, 'Record sets'),
        h('th', { scope: 'col' }, 'Comment'))),
      h('tbody', {}, zones.map((zone) => h('tr', { 'data-zone-id': zone.id },
        h('td', {}, h('a', { href: `#/zones/${encodeURIComponent(zone.id)}` }, zone.name)),
        h('td', { class: 'mono' }, zone.id),
        h('td', { class: 'mono' }, (zone.vpcs || []).map((vpc) => `${vpc.vpcId} (${vpc.region})`).join(', ')),
        h('td', {}, String(zone.recordSetCount)),
        h('td', {}, zone.comment || ''))))));
}
