import type { Command } from 'commander';
import type { IssuedToken, TokenInfo } from '../api-types';
import { act, path } from '../context';
import { json, keyValues, table } from '../format';
import type { CliIo } from '../io';
import { isoDateTime } from '../parse';

export function registerTokens(program: Command, io: CliIo): void {
  const tokens = program.command('tokens').description("manage an org's SCIM bearer tokens");

  tokens
    .command('rotate')
    .description('issue a new SCIM token (printed once); older tokens keep working until revoked')
    .argument('<orgId>')
    .option('--expires-at <date-time>', 'expiry, ISO 8601 with a time zone (e.g. 2030-01-31T00:00:00Z)', isoDateTime)
    .action(
      act(io, async (ctx, orgId: string, options: { expiresAt?: string }) => {
        const issued = await ctx.api.post<IssuedToken>(path`/orgs/${orgId}/tokens`, options.expiresAt ? { expiresAt: options.expiresAt } : {});
        if (ctx.json) {
          ctx.out(json(issued));
          return;
        }
        ctx.out(
          keyValues([
            ['Token id', issued.tokenId],
            ['Token', issued.token],
            ['Expires', issued.expiresAt ?? 'never'],
          ]),
        );
        ctx.note('The token is shown only now. Older tokens keep working until you revoke them:');
        ctx.note(`  seatsync tokens list ${orgId}   then   seatsync tokens revoke ${orgId} <tokenId>`);
      }),
    );

  tokens
    .command('revoke')
    .description('revoke a SCIM token at once')
    .argument('<orgId>')
    .argument('<tokenId>')
    .action(
      act(io, async (ctx, orgId: string, tokenId: string) => {
        await ctx.api.delete(path`/orgs/${orgId}/tokens/${tokenId}`);
        if (ctx.json) ctx.out(json({ orgId, tokenId, revoked: true }));
        else ctx.out(`Revoked token ${tokenId} of org ${orgId}.\n`);
      }),
    );

  tokens
    .command('list')
    .description("list an org's tokens (ids and dates; tokens themselves are never shown again)")
    .argument('<orgId>')
    .action(
      act(io, async (ctx, orgId: string) => {
        const { items } = await ctx.api.get<{ items: TokenInfo[] }>(path`/orgs/${orgId}/tokens`);
        if (ctx.json) {
          ctx.out(json({ items }));
          return;
        }
        ctx.out(
          table(
            items,
            [
              { header: 'TOKEN ID', value: (t) => t.tokenId },
              { header: 'CREATED', value: (t) => t.createdAt },
              { header: 'EXPIRES', value: (t) => t.expiresAt ?? 'never' },
              { header: 'LAST USED', value: (t) => t.lastUsedAt },
            ],
            '(no tokens)',
          ),
        );
      }),
    );
}
