import type { Command } from 'commander';
import type { LicenseSummary } from '../api-types';
import { act, path, type CommandContext } from '../context';
import { json, keyValues, table } from '../format';
import type { CliIo } from '../io';
import { integerAt } from '../parse';

export function registerLicenses(program: Command, io: CliIo): void {
  const licenses = program.command('licenses').description("an org's license pool");

  licenses
    .command('add')
    .description('buy licenses; waiting members get them in FIFO order')
    .argument('<orgId>')
    .requiredOption('--quantity <n>', 'licenses to add', integerAt(1, 10_000_000))
    .action(
      act(io, async (ctx, orgId: string, options: { quantity: number }) => {
        const summary = await ctx.api.post<LicenseSummary>(path`/orgs/${orgId}/licenses/purchases`, { quantity: options.quantity });
        printSummary(ctx, summary);
      }),
    );

  licenses
    .command('show')
    .description('the pool: purchased, held by state, available, awaiting, and per team')
    .argument('<orgId>')
    .action(
      act(io, async (ctx, orgId: string) => {
        printSummary(ctx, await ctx.api.get<LicenseSummary>(path`/orgs/${orgId}/licenses`));
      }),
    );
}

function printSummary(ctx: CommandContext, summary: LicenseSummary): void {
  if (ctx.json) {
    ctx.out(json(summary));
    return;
  }
  ctx.out(
    keyValues([
      ['Purchased', summary.purchased],
      ['Active', summary.active],
      ['Pending', summary.pending],
      ['Unassigned', summary.unassigned],
      ['Available', summary.available],
      ['Awaiting', summary.awaiting],
      ['Suspended', summary.suspended],
      ['Exhausted', summary.exhausted],
    ]),
  );
  const teams = summary.teams ?? [];
  if (teams.length > 0) {
    ctx.out('\n');
    ctx.out(
      table(teams, [
        { header: 'TEAM ID', value: (t) => t.id },
        { header: 'NAME', value: (t) => t.name, maxWidth: 40 },
        { header: 'MEMBERS', value: (t) => t.members, right: true },
        { header: 'LICENSED', value: (t) => t.licensed, right: true },
      ]),
    );
  }
}
