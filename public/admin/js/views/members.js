// Members of an org: state filter, team filter, search, accept an invitation, delete a member.
import { api, query } from '../api.js';
import { badge, confirmAction, fill, formatTime, h, table } from '../dom.js';

export const STATES = [
  ['provisioned', 'Provisioned'],
  ['pending', 'Pending'],
  ['active', 'Active'],
  ['unassigned', 'Unassigned'],
  ['awaiting_license', 'Awaiting a license'],
  ['suspended', 'Suspended'],
  ['deleted', 'Deleted'],
];

const STATE_BADGE = {
  active: 'ok',
  pending: 'info',
  unassigned: 'plain',
  awaiting_license: 'warn',
  suspended: 'muted',
  deleted: 'danger',
  provisioned: 'plain',
};

export function stateBadge(state) {
  const label = (STATES.find(([id]) => id === state) || [state, state])[1];
  return badge(label, STATE_BADGE[state] || 'plain');
}

export function membersTab(ctx, orgId, params) {
  const path = `/orgs/${encodeURIComponent(orgId)}`;
  const search = h('input', { type: 'search', id: 'member-search', placeholder: 'userName, name or email', autocomplete: 'off', value: params.get('q') || '' });
  const stateSelect = h('select', { id: 'member-state' },
    h('option', { value: '' }, 'All states'),
    STATES.map(([id, label]) => h('option', { value: id }, label)));
  stateSelect.value = params.get('state') || '';
  const teamSelect = h('select', { id: 'member-team' }, h('option', { value: '' }, 'All teams'));
  const initialTeam = params.get('team') || '';
  const summary = h('p', { className: 'muted', 'data-testid': 'members-summary' });
  const listBox = h('div', { 'data-testid': 'members-list' }, h('p', { className: 'muted' }, 'Loading…'));
  const more = h('button', { type: 'button', hidden: true, onclick: () => load(true) }, 'Load more');
  let items = [];
  let nextCursor = null;
  let pages = 0;
  let searchTimer = null;
  let generation = 0;

  const filters = () => ({ state: stateSelect.value, q: search.value.trim(), team: teamSelect.value });

  async function load(append = false) {
    const mine = ++generation;
    const data = await api('GET', `${path}/members${query({ ...filters(), cursor: append ? nextCursor : undefined })}`);
    if (mine !== generation) return; // a newer filter answered first
    items = append ? items.concat(data.items || []) : data.items || [];
    // The waiting list reads in queue order.
    if (stateSelect.value === 'awaiting_license') items.sort((a, b) => (a.queuePosition ?? Infinity) - (b.queuePosition ?? Infinity));
    nextCursor = data.nextCursor || null;
    pages = append ? pages + 1 : 1;
    render(data.total);
  }

  async function refreshTeams() {
    const summaryData = await api('GET', `${path}/licenses`);
    const teams = (summaryData.teams || []).slice().sort((a, b) => String(a.name).localeCompare(String(b.name)));
    const chosen = teamSelect.value || (teamSelect.options.length === 1 ? initialTeam : '');
    fill(teamSelect, h('option', { value: '' }, 'All teams'), teams.map((t) => h('option', { value: t.id }, t.name)));
    teamSelect.value = teams.some((t) => t.id === chosen) ? chosen : '';
  }

  async function accept(member) {
    try {
      await api('POST', `${path}/members/${encodeURIComponent(member.id)}/accept`);
      ctx.flash(`Invitation of ${member.userName} accepted.`, 'ok');
      await load();
    } catch (error) {
      ctx.report(error);
    }
  }

  async function remove(member) {
    const ok = await confirmAction(`Delete ${member.userName} from this organisation? Its license returns to the pool. The identity provider may provision it again.`, 'Delete member');
    if (!ok) return;
    try {
      await api('DELETE', `${path}/members/${encodeURIComponent(member.id)}`);
      ctx.flash(`${member.userName} deleted.`, 'ok');
      await load();
    } catch (error) {
      ctx.report(error);
    }
  }

  function render(total) {
    const n = total ?? items.length;
    summary.textContent = `${n} ${n === 1 ? 'member matches' : 'members match'}.`;
    more.hidden = !nextCursor;
    fill(listBox, table(
      [
        {
          label: 'Member',
          cell: (m) => h('div', null,
            h('div', { className: 'who' }, m.userName),
            m.externalId ? h('div', { className: 'muted small' }, `externalId ${m.externalId}`) : null),
        },
        { label: 'State', cell: (m) => [stateBadge(m.state), m.active === false ? h('span', { className: 'muted small' }, ' (inactive)') : null] },
        { label: 'Teams', cell: (m) => (m.teams && m.teams.length ? m.teams.map((t) => t.name).join(', ') : '—') },
        { label: 'License since', cell: (m) => formatTime(m.heldSince) },
        { label: 'Queue', className: 'num', cell: (m) => (m.queuePosition ? `#${m.queuePosition}` : '—') },
        {
          label: 'Actions',
          className: 'row-actions',
          cell: (m) => [
            m.state === 'pending' ? h('button', { type: 'button', className: 'small-button', 'data-action': 'accept', onclick: () => accept(m) }, 'Accept invitation') : null,
            m.state !== 'deleted' ? h('button', { type: 'button', className: 'small-button danger', 'data-action': 'delete', onclick: () => remove(m) }, 'Delete') : null,
            h('a', { href: `#/org/${encodeURIComponent(orgId)}/sync-log?subject=${encodeURIComponent(m.id)}`, className: 'small' }, 'Sync log'),
          ],
        },
      ],
      items,
      { testid: 'members-table', empty: 'No member matches.', rowAttrs: (m) => ({ 'data-member-id': m.id, 'data-state': m.state }) },
    ));
  }

  search.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => load().catch(ctx.report), 250);
  });
  stateSelect.addEventListener('change', () => load().catch(ctx.report));
  teamSelect.addEventListener('change', () => load().catch(ctx.report));

  const el = h('section', { className: 'card' },
    h('h2', null, 'Members'),
    h('form', { className: 'filters', role: 'search', onsubmit: (e) => { e.preventDefault(); load().catch(ctx.report); } },
      h('div', { className: 'field' }, h('label', { for: 'member-search' }, 'Search'), search),
      h('div', { className: 'field' }, h('label', { for: 'member-state' }, 'State'), stateSelect),
      h('div', { className: 'field' }, h('label', { for: 'member-team' }, 'Team'), teamSelect)),
    summary,
    listBox,
    more);

  return {
    el,
    async refresh() {
      // The periodic refresh re-reads the first page only; once more pages are loaded, it waits.
      await refreshTeams();
      if (pages <= 1) await load();
    },
    dispose() {
      clearTimeout(searchTimer);
    },
  };
}
