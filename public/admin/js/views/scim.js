// SCIM setup: the org's base URL, its tokens, rotation (a new token, shown once) and revocation.
import { api } from '../api.js';
import { confirmAction, copyField, fill, formatTime, h, table } from '../dom.js';

export function scimTab(ctx, orgId, currentOrg) {
  const path = `/orgs/${encodeURIComponent(orgId)}`;
  const baseBox = h('div', { 'data-testid': 'scim-base-url' }, h('p', { className: 'muted' }, 'Loading…'));
  const tokensBox = h('div', { 'data-testid': 'tokens-list' }, h('p', { className: 'muted' }, 'Loading…'));
  const newTokenBox = h('div', { 'data-testid': 'new-token' });
  let shownBase = null;

  async function rotate() {
    try {
      const issued = await api('POST', `${path}/tokens`);
      fill(newTokenBox, h('section', { className: 'card notice-card', role: 'status' },
        h('h3', null, 'New token ', h('code', null, issued.tokenId)),
        h('p', null, 'This is the only time the token is shown. Put it into your identity provider, check that provisioning still works, then revoke the old token: until then both work.'),
        copyField('New SCIM token', issued.token, 'new-token-value'),
        h('button', { type: 'button', onclick: () => fill(newTokenBox) }, 'I have copied it')));
      await refreshTokens();
    } catch (error) {
      ctx.report(error);
    }
  }

  async function revoke(token) {
    const ok = await confirmAction(`Revoke token ${token.tokenId}? Requests that use it are refused at once.`, 'Revoke token');
    if (!ok) return;
    try {
      await api('DELETE', `${path}/tokens/${encodeURIComponent(token.tokenId)}`);
      ctx.flash(`Token ${token.tokenId} revoked.`, 'ok');
      await refreshTokens();
    } catch (error) {
      ctx.report(error);
    }
  }

  async function refreshTokens() {
    const data = await api('GET', `${path}/tokens`);
    const tokens = (data.items || []).slice().sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));
    fill(tokensBox, table(
      [
        { label: 'Token id', cell: (t) => h('code', null, t.tokenId) },
        { label: 'Created', cell: (t) => formatTime(t.createdAt) },
        { label: 'Last used', cell: (t) => formatTime(t.lastUsedAt) },
        { label: 'Expires', cell: (t) => (t.expiresAt ? formatTime(t.expiresAt) : 'never') },
        {
          label: 'Actions',
          className: 'row-actions',
          cell: (t) => h('button', { type: 'button', className: 'small-button danger', 'data-action': 'revoke', onclick: () => revoke(t) }, 'Revoke'),
        },
      ],
      tokens,
      { testid: 'tokens-table', empty: 'No token: the identity provider cannot connect. Issue one.', rowAttrs: (t) => ({ 'data-token-id': t.tokenId }) },
    ));
  }

  function refreshBase() {
    const org = currentOrg();
    const url = org && org.scim && org.scim.baseUrl;
    if (!url || url === shownBase) return;
    shownBase = url;
    fill(baseBox,
      copyField('SCIM base URL', url, 'scim-base-url-value'),
      h('p', { className: 'muted' }, 'Endpoints under it: /Users, /Groups, /ServiceProviderConfig, /ResourceTypes, /Schemas. Authentication: HTTP header Authorization: Bearer <token>.'));
  }

  const el = h('div', { className: 'stack' },
    h('section', { className: 'card' }, h('h2', null, 'SCIM base URL'), baseBox),
    h('section', { className: 'card' },
      h('div', { className: 'card-head' },
        h('h2', null, 'Tokens'),
        h('button', { type: 'button', className: 'primary', 'data-testid': 'rotate-token', onclick: rotate }, 'Issue a new token')),
      h('p', { className: 'muted' }, 'Rotation without downtime: issue a new token, switch the identity provider to it, then revoke the old one.'),
      newTokenBox,
      tokensBox));

  return {
    el,
    orgLoaded: refreshBase,
    async refresh() {
      refreshBase();
      await refreshTokens();
    },
  };
}
