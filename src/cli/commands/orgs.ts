import type { Command } from 'commander';
import type { OrgView } from '../api-types';
import { act, path } from '../context';
import { json, keyValues, table, type Column } from '../format';
import type { CliIo } from '../io';
import { integerAt, jsonObject } from '../parse';

const ORG_COLUMNS: Column<OrgView>[] = [
  { header: 'ID', value: (o) => o.id },
  { header: 'NAME', value: (o) => o.name, maxWidth: 40 },
  { header: 'EXHAUSTED', value: (o) => o.exhausted },
  { header: 'AWAITING', value: (o) => o.awaiting, right: true },
  { header: 'CREATED', value: (o) => o.createdAt },
];

export function registerOrgs(program: Command, io: CliIo): void {
  const orgs = program.command('orgs').description('create, list and show organisations');

  orgs
    .command('create')
    .description('create an org; prints its SCIM base URL and first token (shown only now)')
    .requiredOption('--name <name>', 'display name')
    .requiredOption('--licenses <n>', 'licenses bought at creation', integerAt(0))
    .option('--settings <json>', 'org settings as a JSON object, e.g. \'{"invitationMode":"invite"}\'', jsonObject)
    .action(
      act(io, async (ctx, options: { name: string; licenses: number; settings?: Record<string, unknown> }) => {
        const created = await ctx.api.post<OrgView>('/orgs', {
          name: options.name,
          licenses: options.licenses,
          ...(options.settings ? { settings: options.settings } : {}),
        });
        if (ctx.json) {
          ctx.out(json(created));
          return;
        }
        ctx.out(
          keyValues([
            ['Org id', created.id],
            ['Name', created.name],
            ['SCIM base URL', created.scim.baseUrl],
            ['SCIM token id', created.scim.tokenId],
            ['SCIM token', created.scim.token],
          ]),
        );
        ctx.note('The SCIM token is shown only now: put it in your identity provider.');
      }),
    );

  orgs
    .command('list')
    .description('list orgs (all pages)')
    .option('--exhausted', 'only orgs whose license pool is empty')
    .action(
      act(io, async (ctx, options: { exhausted?: boolean }) => {
        const { items, total } = await ctx.api.collect<OrgView>('/orgs', { exhausted: options.exhausted ? 'true' : undefined });
        if (ctx.json) ctx.out(json({ items, total: total ?? items.length }));
        else ctx.out(table(items, ORG_COLUMNS, options.exhausted ? '(no exhausted orgs)' : '(no orgs)'));
      }),
    );

  orgs
    .command('show')
    .description('show one org and its settings')
    .argument('<orgId>')
    .action(
      act(io, async (ctx, orgId: string) => {
        const org = await ctx.api.get<OrgView>(path`/orgs/${orgId}`);
        if (ctx.json) {
          ctx.out(json(org));
          return;
        }
        ctx.out(
          keyValues([
            ['Org id', org.id],
            ['Name', org.name],
            ['Created', org.createdAt],
            ['SCIM base URL', org.scim?.baseUrl],
            ['Exhausted', org.exhausted],
            ['Exhausted since', org.exhaustedSince],
            ['Awaiting', org.awaiting],
            ...Object.entries(org.settings ?? {}).map(([name, value]) => [`settings.${name}`, value] as const),
          ]),
        );
      }),
    );
}
