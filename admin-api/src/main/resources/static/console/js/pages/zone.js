// One hosted zone: its record sets (searched, paged, edited, deleted), the editor of a record set
// of any routing kind, and its zone file (export, import).
import * as api from '../api.js';
import { h } from '../dom.js';
import { recordSetEditor } from '../zone/record-set-editor.js';
import { recordSetList } from '../zone/record-set-list.js';
import { recordSetDeletion } from '../zone/record-set-delete.js';
import { zoneFileSection } from '../zone/zone-file.js';

export async function render(container, zoneId) {
  const zone = await api.get(`/v1/hostedzones/${encodeURIComponent(zoneId)}`);
  // Only suggestions for the editor's health check input: the page works without them.
  const healthChecks = await api.listAll('/v1/healthchecks').catch((error) => {
    if (error.status === 401) {
      throw error;
    }
    return [];
  });
  const reload = () => list.reload();
  const editor = recordSetEditor(zone, { onSaved: reload, healthChecks });
  const deletion = recordSetDeletion(zone, { onDeleted: reload });
  const list = recordSetList(zone, { onEdit: (rrset) => editor.edit(rrset), onDelete: (rrset) => deletion.ask(rrset) });
  container.append(
    h('p', {}, h('a', { href: '#/zones' }, '← All zones')),
    h('h1', {}, zone.name),
    h('p', { class: 'hint' }, `Zone ${zone.id}, associated with `,
      (zone.vpcs || []).map((vpc) => `${vpc.vpcId} (${vpc.region})`).join(', ') || 'no VPC'),
    h('h2', {}, 'Record sets'),
    list.element,
    deletion.element,
    editor.element,
    zoneFileSection(zone, { onImported: reload }));
  await list.reload();
}
