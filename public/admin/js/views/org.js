// One organisation: header and tabs; the Overview tab (license consumption bar, Details by team,
// + Add licenses, waiting list) lives here, the other tabs in their own modules.
import { api, listAll } from '../api.js';
import { badge, fill, formatTime, h, plural, table } from '../dom.js';
import { membersTab } from './members.js';
import { scimTab } from './scim.js';
import { syncLogTab } from './sync-log.js';

const TABS = [
  ['overview', 'Overview'],
  ['members', 'Members'],
  ['sync-log', 'Sync log'],
  ['scim', 'SCIM setup'],
];

export function orgView(ctx, route) {
  const orgId = route.orgId;
  const base = `#/org/${encodeURIComponent(orgId)}`;
  const title = h('h1', { 'data-testid': 'org-name' }, 'Organisation');
  const flags = h('div', { className: 'flags', 'data-testid': 'org-flags' });
  const tabName = TABS.some(([id]) => id === route.tab) ? route.tab : 'overview';
  const state = { org: null };

  const tab =
    tabName === 'members' ? membersTab(ctx, orgId, route.params)
      : tabName === 'sync-log' ? syncLogTab(ctx, orgId, route.params)
        : tabName === 'scim' ? scimTab(ctx, orgId, () => state.org)
          : overviewTab(ctx, orgId);

  const nav = h('nav', { className: 'tabs', 'aria-label': 'Organisation' },
    TABS.map(([id, label]) => h('a', { href: `${base}/${id}`, 'aria-current': id === tabName ? 'page' : undefined, 'data-tab': id }, label)));

  async function refreshHeader() {
    const org = await api('GET', `/orgs/${encodeURIComponent(orgId)}`);
    state.org = org;
    title.textContent = org.name;
    document.title = `${org.name} — seatsync admin`;
    fill(flags,
      org.exhausted ? badge('Exhausted', 'danger') : badge('Licenses available', 'ok'),
      org.exhausted && org.exhaustedSince ? h('span', { className: 'muted' }, `since ${formatTime(org.exhaustedSince)}`) : null,
      badge(`${org.awaiting || 0} waiting`, org.awaiting ? 'warn' : 'plain'),
      h('code', { className: 'muted' }, org.id));
    if (tab.orgLoaded) tab.orgLoaded(org);
  }

  async function refresh() {
    await Promise.all([refreshHeader(), tab.refresh()]);
  }

  const el = h('div', { className: 'stack', 'data-org-id': orgId },
    h('p', { className: 'crumbs' }, h('a', { href: '#/orgs' }, '← Organisations')),
    h('div', { className: 'org-head' }, title, flags),
    nav,
    tab.el);

  return {
    el,
    refresh,
    dispose: () => tab.dispose && tab.dispose(),
  };
}

/** The license consumption bar's segments, in the order they are drawn. */
export function barSegments(s) {
  const purchased = s.purchased || 0;
  const active = s.active || 0;
  const pending = s.pending || 0;
  const unassigned = s.unassigned || 0;
  const held = active + pending + unassigned;
  const available = Math.max(0, s.available ?? purchased - held);
  // Licenses held by neither an active, pending nor unassigned member: suspended members within
  // their hold period (CONTRACT.md, suspendedHoldDays).
  const other = Math.max(0, purchased - held - available);
  const over = Math.max(0, held - purchased);
  return { purchased, active, pending, unassigned, available, other, over, scale: Math.max(purchased, held + other, 1) };
}

function overviewTab(ctx, orgId) {
  const path = `/orgs/${encodeURIComponent(orgId)}`;
  const barBox = h('div', { className: 'bar-box', 'data-testid': 'license-bar-box' }, h('p', { className: 'muted' }, 'Loading…'));
  const detailsBox = h('div', { id: 'team-details', 'data-testid': 'team-details', hidden: true });
  const waitingBox = h('div', { 'data-testid': 'waiting-list' }, h('p', { className: 'muted' }, 'Loading…'));
  const waitingTitle = h('h2', null, 'Waiting list');
  const detailsButton = h('button', {
    type: 'button',
    className: 'link-button',
    'aria-expanded': 'false',
    'aria-controls': 'team-details',
    'data-testid': 'details-toggle',
    onclick: () => {
      detailsBox.hidden = !detailsBox.hidden;
      detailsButton.setAttribute('aria-expanded', String(!detailsBox.hidden));
    },
  }, 'Details');

  const quantity = h('input', { type: 'number', min: 1, step: 1, value: '5', id: 'purchase-quantity', required: true });
  const addForm = h('form', { className: 'inline-form', hidden: true, 'data-testid': 'add-licenses-form', onsubmit: purchase },
    h('label', { for: 'purchase-quantity' }, 'Licenses to add'),
    quantity,
    h('button', { type: 'submit', className: 'primary' }, 'Add'),
    h('button', { type: 'button', onclick: () => { addForm.hidden = true; } }, 'Cancel'));
  const addButton = h('button', {
    type: 'button',
    className: 'primary',
    'data-testid': 'add-licenses',
    onclick: () => {
      addForm.hidden = false;
      quantity.focus();
    },
  }, '+ Add licenses');

  async function purchase(event) {
    event.preventDefault();
    const n = Number(quantity.value);
    if (!Number.isInteger(n) || n < 1) return ctx.flash('Enter a whole number of licenses, 1 or more.');
    const button = addForm.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      const summary = await api('POST', `${path}/licenses/purchases`, { quantity: n });
      addForm.hidden = true;
      ctx.flash(`${plural(n, 'license')} added.`, 'ok');
      if (summary && typeof summary.purchased === 'number') renderSummary(summary);
      await refresh();
    } catch (error) {
      ctx.report(error);
    } finally {
      button.disabled = false;
    }
  }

  function renderSummary(s) {
    const seg = barSegments(s);
    const pct = (n) => `${((n / seg.scale) * 100).toFixed(3)}%`;
    const parts = [
      ['active', 'Active', seg.active],
      ['pending', 'Pending', seg.pending],
      ['unassigned', 'Unassigned', seg.unassigned],
      ['other', 'Held by suspended members', seg.other],
      ['available', 'Available', seg.available],
    ];
    const bar = h('div', {
      className: `bar${seg.over ? ' bar-over' : ''}`,
      role: 'img',
      'data-testid': 'license-bar',
      'aria-label': `${seg.purchased} purchased: ${seg.active} active, ${seg.pending} pending, ${seg.unassigned} unassigned, ${seg.available} available`,
    });
    for (const [key, label, n] of parts) {
      if (n <= 0) continue;
      const segment = h('span', { className: `seg seg-${key}`, title: `${label}: ${n}`, 'data-testid': `bar-${key}`, 'data-count': n });
      // Widths are set through the CSSOM, which the style-src CSP allows (no inline style attribute).
      segment.style.width = pct(n);
      bar.appendChild(segment);
    }
    const legend = h('ul', { className: 'legend' },
      parts.filter(([key, , n]) => key !== 'other' || n > 0).map(([key, label, n]) =>
        h('li', null, h('span', { className: `swatch seg-${key}` }), `${label} `, h('strong', { 'data-testid': `count-${key}` }, String(n)))));
    fill(barBox,
      h('div', { className: 'bar-head' },
        h('p', { className: 'big' }, h('strong', { 'data-testid': 'count-purchased' }, String(seg.purchased)), ' licenses purchased'),
        h('p', { className: 'awaiting' }, badge(`${s.awaiting || 0} awaiting a license`, s.awaiting ? 'warn' : 'plain'))),
      bar,
      seg.over
        ? h('p', { className: 'error', 'data-testid': 'over-allocation' },
          `Over-allocated: ${seg.active + seg.pending + seg.unassigned} licenses held, ${seg.over} more than the ${seg.purchased} purchased.`)
        : null,
      legend,
      typeof s.suspended === 'number' && s.suspended > 0 ? h('p', { className: 'muted' }, `${plural(s.suspended, 'suspended member')} (no license).`) : null);

    const teams = Array.isArray(s.teams) ? [...s.teams].sort((a, b) => String(a.name).localeCompare(String(b.name))) : [];
    fill(detailsBox,
      h('h3', null, 'License distribution by team'),
      h('p', { className: 'muted' }, 'A member in several teams holds one license; it is counted in each of its teams.'),
      table(
        [
          { label: 'Team', cell: (t) => t.name },
          { label: 'Members', className: 'num', cell: (t) => String(t.members ?? 0) },
          { label: 'Licensed', className: 'num', cell: (t) => String(t.licensed ?? 0) },
        ],
        teams,
        { testid: 'teams-table', empty: 'No teams yet.', rowAttrs: (t) => ({ 'data-team-id': t.id }) },
      ));
  }

  async function refreshWaiting() {
    const { items, total, complete } = await listAll(`${path}/members`, { state: 'awaiting_license' }, 5);
    const waiting = items
      .filter((m) => m.state === 'awaiting_license')
      .sort((a, b) => (a.queuePosition ?? Infinity) - (b.queuePosition ?? Infinity));
    waitingTitle.textContent = `Waiting list (${total ?? waiting.length})`;
    if (waiting.length === 0) {
      fill(waitingBox, h('p', { className: 'muted', 'data-testid': 'waiting-empty' }, 'No one is waiting for a license.'));
      return;
    }
    fill(waitingBox,
      h('ol', { className: 'waiting', 'data-testid': 'waiting-items' },
        waiting.map((m) => h('li', { 'data-member-id': m.id },
          h('span', { className: 'pos' }, `#${m.queuePosition ?? '?'}`),
          h('span', { className: 'who' }, m.userName),
          h('span', { className: 'muted' }, (m.teams || []).map((t) => t.name).join(', '))))),
      complete ? null : h('p', { className: 'muted' }, `Showing the first ${waiting.length}.`));
  }

  async function refresh() {
    const [summary] = await Promise.all([api('GET', `${path}/licenses`), refreshWaiting()]);
    renderSummary(summary);
  }

  const el = h('div', { className: 'stack' },
    h('section', { className: 'card', 'data-testid': 'licenses-card' },
      h('div', { className: 'card-head' }, h('h2', null, 'Licenses'), h('div', { className: 'actions' }, detailsButton, addButton)),
      addForm,
      barBox,
      detailsBox),
    h('section', { className: 'card' }, waitingTitle, h('p', { className: 'muted' }, 'Served first come, first served as licenses free up or are bought.'), waitingBox));

  return { el, refresh };
}
