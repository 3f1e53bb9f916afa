// Organisations: exhausted ones first (with how many members wait), and the create form.
import { api, listAll } from '../api.js';
import { badge, copyField, fill, formatTime, h, plural, table } from '../dom.js';

/** Exhausted first, then most members waiting, then by name. */
export function orgOrder(a, b) {
  if (a.exhausted !== b.exhausted) return a.exhausted ? -1 : 1;
  if ((b.awaiting || 0) !== (a.awaiting || 0)) return (b.awaiting || 0) - (a.awaiting || 0);
  return String(a.name).localeCompare(String(b.name));
}

export function orgsView(ctx) {
  const listBox = h('div', { 'data-testid': 'orgs-list' }, h('p', { className: 'muted' }, 'Loading…'));
  const summary = h('p', { className: 'muted', 'data-testid': 'orgs-summary' });
  const onlyExhausted = h('input', { type: 'checkbox', id: 'only-exhausted', onchange: () => refresh() });
  const created = h('div', { 'data-testid': 'created-org' });

  const name = h('input', { id: 'org-name', name: 'name', required: true, maxlength: 200, autocomplete: 'off' });
  const licenses = h('input', { id: 'org-licenses', name: 'licenses', type: 'number', min: 0, step: 1, required: true, value: '10' });
  const mode = h('select', { id: 'org-invitation-mode', name: 'invitationMode' },
    h('option', { value: 'auto' }, 'auto — joining a team activates at once'),
    h('option', { value: 'invite' }, 'invite — pending until accepted'));
  const form = h('form', { className: 'form-grid', 'data-testid': 'create-org-form', onsubmit: create },
    h('div', { className: 'field' }, h('label', { for: 'org-name' }, 'Name'), name),
    h('div', { className: 'field' }, h('label', { for: 'org-licenses' }, 'Licenses purchased'), licenses),
    h('div', { className: 'field' }, h('label', { for: 'org-invitation-mode' }, 'Invitation mode'), mode),
    h('div', { className: 'field actions' }, h('button', { type: 'submit', className: 'primary' }, 'Create organisation')));

  async function create(event) {
    event.preventDefault();
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      const org = await api('POST', '/orgs', {
        name: name.value.trim(),
        licenses: Number(licenses.value),
        settings: { invitationMode: mode.value },
      });
      name.value = '';
      fill(created, h('div', { className: 'card notice-card', role: 'status' },
        h('h3', null, 'Created ', h('a', { href: `#/org/${encodeURIComponent(org.id)}`, 'data-testid': 'created-org-link' }, org.name)),
        h('p', null, 'Give your identity provider this SCIM base URL and token. The token is shown only now; you can issue another one later under SCIM setup.'),
        copyField('SCIM base URL', org.scim.baseUrl, 'created-base-url'),
        copyField('SCIM token', org.scim.token, 'created-token'),
        h('button', { type: 'button', onclick: () => fill(created) }, 'Done')));
      await refresh();
    } catch (error) {
      ctx.report(error);
    } finally {
      button.disabled = false;
    }
  }

  async function refresh() {
    const { items, total, complete } = await listAll('/orgs', { limit: 500, exhausted: onlyExhausted.checked ? 'true' : undefined });
    items.sort(orgOrder);
    const exhausted = items.filter((o) => o.exhausted).length;
    summary.textContent = `${plural(total, 'organisation')}, ${exhausted} exhausted${complete ? '' : ' (first pages shown)'}.`;
    fill(listBox, table(
      [
        // The flag and the waiting count first: they are what an admin scans this list for.
        { label: 'Licenses', cell: (o) => (o.exhausted ? badge('Exhausted', 'danger') : badge('Available', 'ok')) },
        { label: 'Waiting', className: 'num', cell: (o) => String(o.awaiting || 0) },
        { label: 'Organisation', cell: (o) => h('a', { href: `#/org/${encodeURIComponent(o.id)}`, className: 'org-link' }, o.name) },
        { label: 'Id', cell: (o) => h('code', null, o.id) },
        { label: 'Created', cell: (o) => formatTime(o.createdAt) },
      ],
      items,
      {
        testid: 'orgs-table',
        empty: 'No organisations yet: create one below.',
        rowAttrs: (o) => ({ 'data-org-id': o.id, className: o.exhausted ? 'row-exhausted' : undefined }),
      },
    ));
  }

  const el = h('div', { className: 'stack' },
    h('section', { className: 'card' },
      h('div', { className: 'card-head' },
        h('h1', null, 'Organisations'),
        h('label', { className: 'check' }, onlyExhausted, ' Only exhausted')),
      summary,
      listBox),
    h('section', { className: 'card' }, h('h2', null, 'Create an organisation'), form),
    created);

  return { el, refresh };
}
