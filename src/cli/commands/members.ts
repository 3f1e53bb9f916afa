import { Option, type Command } from 'commander';
import { MEMBER_STATES, type MemberView } from '../api-types';
import { act, path } from '../context';
import { json, table, type Column } from '../format';
import type { CliIo } from '../io';

const MEMBER_COLUMNS: Column<MemberView>[] = [
  { header: 'ID', value: (m) => m.id },
  { header: 'USERNAME', value: (m) => m.userName, maxWidth: 40 },
  { header: 'STATE', value: (m) => m.state },
  { header: 'ACTIVE', value: (m) => m.active },
  { header: 'TEAMS', value: (m) => (m.teams ?? []).map((t) => t.name), maxWidth: 40 },
  { header: 'HELD SINCE', value: (m) => m.heldSince },
  { header: 'QUEUE', value: (m) => m.queuePosition, right: true },
];

export function registerMembers(program: Command, io: CliIo): void {
  const members = program.command('members').description("an org's members and their license states");

  members
    .command('list')
    .description('list members (all pages)')
    .argument('<orgId>')
    .addOption(new Option('--state <state>', 'only members in this license state').choices(MEMBER_STATES))
    .option('--team <groupId>', 'only members of this team (its SCIM Group id)')
    .option('--q <text>', 'case-insensitive part of userName, name or email')
    .action(
      act(io, async (ctx, orgId: string, options: { state?: string; team?: string; q?: string }) => {
        const { items, total } = await ctx.api.collect<MemberView>(path`/orgs/${orgId}/members`, {
          state: options.state,
          team: options.team,
          q: options.q,
        });
        if (ctx.json) ctx.out(json({ items, total: total ?? items.length }));
        else ctx.out(table(items, MEMBER_COLUMNS, '(no members)'));
      }),
    );
}
