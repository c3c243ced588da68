// A zone's master file: export (GET …/export, downloaded as "<zone>.zone") and import (POST
// …/import?mode=merge|replace, applied as one change batch), its problems listed with their lines
// beside the text.
import * as api from '../api.js';
import { announce, h } from '../dom.js';
import { followChange, warningsOf } from './change-status.js';
import { failureAlert, field, submitting } from './field.js';

/** The section for `zone`; `onImported` reloads the record set list. */
export function zoneFileSection(zone, { onImported }) {
  return h('section', { id: 'zone-file', 'aria-labelledby': 'zone-file-title' },
    h('h2', { id: 'zone-file-title' }, 'Zone file'),
    exportControl(zone),
    importForm(zone, onImported));
}

function fileNameOf(zone) {
  return `${zone.name.replace(/\.$/, '')}.zone`;
}

function exportControl(zone) {
  const status = h('p', { id: 'export-status', role: 'status', 'aria-live': 'polite' });
  // The token goes in a header, so a plain link cannot fetch the file: it is fetched, then saved
  // from memory through a temporary link.
  const button = h('button', { type: 'button', id: 'zone-export', class: 'secondary' }, `Export ${fileNameOf(zone)}`);
  button.addEventListener('click', async () => {
    button.disabled = true;
    let text;
    try {
      text = await api.getText(`/v1/hostedzones/${encodeURIComponent(zone.id)}/export`, 'text/dns');
    } catch (error) {
      if (error.status !== 401) {
        status.replaceChildren(failureAlert(error));
      }
      return;
    } finally {
      button.disabled = false;
    }
    const url = URL.createObjectURL(new Blob([text], { type: 'text/dns' }));
    const link = h('a', { href: url, download: fileNameOf(zone), hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 60000);
    const lines = text.split('\n').filter((line) => line.trim() !== '').length;
    status.textContent = `Exported ${fileNameOf(zone)} (${lines} lines). Routed, alias and health-checked record sets are listed in its closing comment, not as records.`;
    announce(`Exported ${fileNameOf(zone)}.`);
  });
  return h('div', {}, h('p', { class: 'hint' },
    'Export writes the zone as an RFC 1035 master file, as BIND reads it.'), button, status);
}

function importForm(zone, onImported) {
  const file = field('import-file', 'Read a file', h('input', { type: 'file', accept: '.zone,.txt,.db,text/dns,text/plain' }),
    'Its text goes into the box below, where you can check it before importing.');
  const text = field('import-text', 'Master file to import', h('textarea', { rows: '10', spellcheck: 'false', class: 'mono' }),
    `Relative names are read in ${zone.name}; the apex SOA and NS of the file are ignored.`);
  const mode = field('import-mode', 'Mode', h('select', {},
    h('option', { value: 'merge' }, 'merge: add or replace the file\'s record sets, keep the others'),
    h('option', { value: 'replace' }, 'replace: also delete every other record set (routed and alias ones too)')));
  const lineErrors = h('ul', { id: 'import-errors', class: 'error' });
  const formError = h('div', { id: 'import-form-error' });
  const status = h('p', { id: 'import-status', role: 'status', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit' }, 'Import');
  // The line problems sit right under the text they are about, and the text describes itself by them.
  text.input.after(lineErrors);
  text.input.setAttribute('aria-describedby', `${text.input.getAttribute('aria-describedby')} import-errors`);
  const form = h('form', { id: 'zone-import-form', novalidate: true, 'aria-labelledby': 'import-title' },
    h('h3', { id: 'import-title' }, 'Import'),
    h('p', { class: 'hint' }, 'The whole file is one change batch: with any error nothing changes.'),
    file.row, text.row, mode.row, formError, submit, status);

  file.input.addEventListener('change', async () => {
    const chosen = file.input.files[0];
    if (chosen) {
      text.input.value = await chosen.text();
      announce(`${chosen.name} read: ${text.input.value.split('\n').length} lines.`);
    }
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    [file, text, mode].forEach((f) => f.clear());
    lineErrors.replaceChildren();
    formError.replaceChildren();
    const change = await submitting(submit, () => api.postText(
      `/v1/hostedzones/${encodeURIComponent(zone.id)}/import?mode=${encodeURIComponent(mode.input.value)}`,
      text.input.value, 'text/dns; charset=utf-8'), showProblem);
    if (!change) {
      return;
    }
    formError.replaceChildren(warningsOf(change, 'import-warnings') || '');
    announce(`Imported: change ${change.id} ${change.status}.`);
    try {
      await onImported();
      await followChange(change, status);
    } catch (error) {
      if (error.status !== 401) {
        status.replaceChildren(failureAlert(error));
      }
    }
  });

  function showProblem(error) {
    const byLine = [];
    const others = [];
    for (const problem of error.errors) {
      const line = /^line (\d+)$/.exec(problem.field || '');
      if (line) {
        byLine.push(h('li', { 'data-line': line[1] }, `Line ${line[1]}: ${problem.message}`));
      } else if (problem.field === 'mode') {
        mode.fail(problem.message);
      } else {
        others.push(h('li', {}, problem.field ? `${problem.field}: ${problem.message}` : problem.message));
      }
    }
    lineErrors.replaceChildren(...byLine);
    if (byLine.length > 0) {
      text.input.setAttribute('aria-invalid', 'true');
    }
    formError.replaceChildren(failureAlert(error), others.length > 0 ? h('ul', { class: 'error' }, others) : '');
    (byLine.length > 0 ? text.input : mode.invalid() ? mode.input : submit).focus();
    announce(`Not imported: ${error.errors.length || 1} problem${error.errors.length > 1 ? 's' : ''}. ${error.message}`);
  }

  return form;
}
