// The sync log: what the identity provider sent (SCIM requests) and what the workers did with
// it (jobs), filtered by kind, status, subject and time; a SCIM request opens onto the job
// entries with the same correlation id.
import { api, query } from '../api.js';
import { badge, fill, formatTime, h, table } from '../dom.js';

const KNOWN_FIELDS = new Set(['id', 'at', 'kind', 'status', 'summary', 'correlationId']);
/** How far the drill-down pages through later entries looking for the same correlation id. */
const RELATED_MAX_PAGES = 10;

function statusBadge(status) {
  const s = String(status ?? '');
  const kind = /^(ok|succeeded|success|completed|done|2\d\d|3\d\d)$/i.test(s) ? 'ok'
    : /^(failed|error|rejected|5\d\d)$/i.test(s) ? 'danger'
      : /^4\d\d$/.test(s) ? 'warn' : 'plain';
  return badge(s || '—', kind);
}

function kindLabel(kind) {
  return kind === 'scim-request' ? 'SCIM request' : kind === 'job' ? 'Job' : String(kind ?? '—');
}

function isoFromLocal(value) {
  if (!value) return '';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString();
}

export function syncLogTab(ctx, orgId, params) {
  const path = `/orgs/${encodeURIComponent(orgId)}/sync-log`;
  const kind = h('select', { id: 'log-kind' },
    h('option', { value: '' }, 'Any kind'),
    h('option', { value: 'scim-request' }, 'SCIM requests'),
    h('option', { value: 'job' }, 'Jobs'));
  kind.value = params.get('kind') || '';
  const status = h('input', { id: 'log-status', placeholder: 'e.g. 201, ok, failed', autocomplete: 'off', value: params.get('status') || '' });
  const subject = h('input', { id: 'log-subject', placeholder: 'member id', autocomplete: 'off', value: params.get('subject') || '' });
  const since = h('input', { id: 'log-since', type: 'datetime-local', step: 1 });
  const listBox = h('div', { 'data-testid': 'sync-log-list' }, h('p', { className: 'muted' }, 'Loading…'));
  const detailBox = h('div', { 'data-testid': 'sync-log-detail' });
  const more = h('button', { type: 'button', hidden: true, onclick: () => load(true).catch(ctx.report) }, 'Load more');
  let items = [];
  let nextCursor = null;
  let pages = 0;
  let generation = 0;
  let opened = null;

  const filters = () => ({ kind: kind.value, status: status.value.trim(), subject: subject.value.trim(), since: isoFromLocal(since.value) });

  async function load(append = false) {
    const mine = ++generation;
    const data = await api('GET', path + query({ ...filters(), cursor: append ? nextCursor : undefined }));
    if (mine !== generation) return;
    items = append ? items.concat(data.items || []) : data.items || [];
    nextCursor = data.nextCursor || null;
    pages = append ? pages + 1 : 1;
    more.hidden = !nextCursor;
    render();
  }

  function render() {
    fill(listBox, table(
      [
        { label: 'Time', cell: (e) => formatTime(e.at) },
        { label: 'Kind', cell: (e) => kindLabel(e.kind) },
        { label: 'Status', cell: (e) => statusBadge(e.status) },
        { label: 'Summary', className: 'wrap', cell: (e) => e.summary ?? '' },
        {
          label: 'Open',
          className: 'row-actions',
          cell: (e) => h('button', {
            type: 'button',
            className: 'small-button',
            'data-action': 'open-entry',
            'aria-pressed': opened && opened.id === e.id ? 'true' : 'false',
            onclick: () => open(e).catch(ctx.report),
          }, e.kind === 'scim-request' ? 'Request and jobs' : 'Details'),
        },
      ],
      items,
      {
        testid: 'sync-log-table',
        empty: 'No entries match.',
        rowAttrs: (e) => ({ 'data-entry-id': e.id, 'data-kind': e.kind, 'data-correlation-id': e.correlationId || undefined }),
      },
    ));
  }

  /** Entries after `entry` with its correlation id (the API has no such filter: page and match). */
  async function related(entry) {
    if (!entry.correlationId) return [];
    const wanted = entry.kind === 'scim-request' ? 'job' : '';
    const from = new Date(new Date(entry.at).getTime() - 1000);
    const sinceIso = Number.isNaN(from.getTime()) ? undefined : from.toISOString();
    const found = [];
    let cursor;
    for (let page = 0; page < RELATED_MAX_PAGES; page++) {
      const data = await api('GET', path + query({ kind: wanted, since: sinceIso, cursor }));
      for (const e of data.items || []) {
        if (e.correlationId === entry.correlationId && e.id !== entry.id) found.push(e);
      }
      cursor = data.nextCursor;
      if (!cursor) break;
    }
    found.sort((a, b) => String(a.at).localeCompare(String(b.at)));
    return found;
  }

  function fieldList(entry) {
    const rows = [];
    const add = (label, value) => rows.push(h('dt', null, label), h('dd', null, value));
    add('Time', formatTime(entry.at));
    add('Kind', kindLabel(entry.kind));
    add('Status', statusBadge(entry.status));
    add('Summary', entry.summary ?? '');
    add('Correlation id', h('code', null, entry.correlationId || '—'));
    const extra = {};
    for (const [k, v] of Object.entries(entry)) {
      if (KNOWN_FIELDS.has(k) || k === 'effects') continue;
      extra[k] = v;
    }
    return [
      h('dl', { className: 'fields' }, rows),
      Array.isArray(entry.effects) && entry.effects.length ? effectsTable(entry.effects) : null,
      Object.keys(extra).length
        ? h('details', null, h('summary', null, 'All fields'), h('pre', { className: 'json' }, JSON.stringify(extra, null, 2)))
        : null,
    ];
  }

  function effectsTable(effects) {
    return table(
      [
        { label: 'Member', cell: (f) => f.userName || f.memberId || '—' },
        { label: 'From', cell: (f) => f.from ?? '—' },
        { label: 'To', cell: (f) => f.to ?? '—' },
        { label: 'Effect', className: 'wrap', cell: (f) => [f.effect ?? '', f.reason ? h('span', { className: 'muted' }, ` (${f.reason})`) : null] },
      ],
      effects,
      { className: 'compact', testid: 'effects-table' },
    );
  }

  async function open(entry) {
    opened = entry;
    render();
    const relatedBox = h('div', { 'data-testid': 'related-entries' }, h('p', { className: 'muted' }, 'Looking for entries with the same correlation id…'));
    fill(detailBox, h('section', { className: 'card detail', 'data-testid': 'entry-detail', 'data-entry-id': entry.id },
      h('div', { className: 'card-head' },
        h('h3', null, `${kindLabel(entry.kind)} at ${formatTime(entry.at)}`),
        h('button', { type: 'button', onclick: close }, 'Close')),
      fieldList(entry),
      h('h4', null, entry.kind === 'scim-request' ? 'Jobs for this request' : 'Entries with the same correlation id'),
      relatedBox));
    await refreshRelated(relatedBox);
    detailBox.scrollIntoView({ block: 'nearest' });
  }

  async function refreshRelated(box = detailBox.querySelector('[data-testid=related-entries]')) {
    if (!opened || !box) return;
    const entry = opened;
    const found = await related(entry);
    if (opened !== entry) return;
    if (!entry.correlationId) {
      fill(box, h('p', { className: 'muted' }, 'This entry has no correlation id.'));
      return;
    }
    if (found.length === 0) {
      fill(box, h('p', { className: 'muted', 'data-testid': 'related-empty' }, 'None yet: the workers may still be applying this request.'));
      return;
    }
    fill(box, found.map((e) => h('article', { className: 'related', 'data-entry-id': e.id, 'data-kind': e.kind },
      h('p', null, h('strong', null, kindLabel(e.kind)), ' ', statusBadge(e.status), ' ', h('span', { className: 'muted' }, formatTime(e.at))),
      h('p', { className: 'wrap' }, e.summary ?? ''),
      Array.isArray(e.effects) && e.effects.length ? effectsTable(e.effects) : null,
      e.error ? h('p', { className: 'error' }, String(e.error)) : null)));
  }

  function close() {
    opened = null;
    fill(detailBox);
    render();
  }

  const reload = (event) => {
    if (event) event.preventDefault();
    load().catch(ctx.report);
  };

  const el = h('div', { className: 'stack' },
    h('section', { className: 'card' },
      h('div', { className: 'card-head' }, h('h2', null, 'Sync log'), h('button', { type: 'button', onclick: reload }, 'Refresh')),
      h('p', { className: 'muted' }, 'Every SCIM request the identity provider sent, and every job that applied the changes to licenses.'),
      h('form', { className: 'filters', role: 'search', onsubmit: reload },
        h('div', { className: 'field' }, h('label', { for: 'log-kind' }, 'Kind'), kind),
        h('div', { className: 'field' }, h('label', { for: 'log-status' }, 'Status'), status),
        h('div', { className: 'field' }, h('label', { for: 'log-subject' }, 'Subject'), subject),
        h('div', { className: 'field' }, h('label', { for: 'log-since' }, 'Since'), since),
        h('div', { className: 'field actions' },
          h('button', { type: 'submit', className: 'primary' }, 'Apply'),
          h('button', {
            type: 'button',
            onclick: () => {
              kind.value = '';
              status.value = '';
              subject.value = '';
              since.value = '';
              reload();
            },
          }, 'Clear'))),
      listBox,
      more),
    detailBox);

  kind.addEventListener('change', () => reload());

  return {
    el,
    async refresh() {
      // New entries keep arriving while workers run: the first page and an open drill-down follow.
      await Promise.all([pages <= 1 ? load() : Promise.resolve(), refreshRelated()]);
    },
  };
}
