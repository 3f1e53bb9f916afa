import type { Command } from 'commander';
import type { AdminApi } from '../api-client';
import type { ReconcileAccepted, SyncStatus } from '../api-types';
import { act, path } from '../context';
import { CliError, interrupted } from '../errors';
import { json, plural } from '../format';
import type { CliIo } from '../io';
import { integerAt } from '../parse';
import { PendingProgress } from '../progress';

interface ReconcileOptions {
  org: string;
  wait: boolean;
  interval: number;
  waitTimeout: number;
}

export function registerReconcile(program: Command, io: CliIo): void {
  program
    .command('reconcile')
    .description("re-check every member of an org, then wait until the workers have applied it (progress on stderr)")
    .requiredOption('--org <orgId>', 'the org to re-check')
    .option('--no-wait', 'return once the re-check is queued')
    .option('--interval <ms>', 'sync-status polling interval', integerAt(100, 60_000), 1000)
    .option('--wait-timeout <seconds>', 'give up waiting after this long (the re-check itself goes on)', integerAt(1), 600)
    .action(
      act(io, async (ctx, options: ReconcileOptions) => {
        const orgId = options.org;
        const started = io.now();
        const accepted = await ctx.api.post<ReconcileAccepted>(path`/orgs/${orgId}/reconcile`);
        const queued = accepted.queued;
        if (!options.wait) {
          if (ctx.json) ctx.out(json({ orgId, queued }));
          else ctx.out(`Queued a re-check of ${plural(queued, 'member')} of org ${orgId}.\n`);
          return;
        }
        ctx.note(`Re-checking ${plural(queued, 'member')} of org ${orgId}…`);
        const progress = new PendingProgress(io.err, io.stderrIsTTY, 'reconcile');
        let status: SyncStatus;
        try {
          status = await waitUntilSettled(ctx.api, orgId, io, {
            intervalMs: options.interval,
            timeoutMs: options.waitTimeout * 1000,
            onStatus: (s) => progress.update(s.pending),
          });
        } finally {
          progress.finish();
        }
        const elapsedMs = io.now() - started;
        if (ctx.json) ctx.out(json({ orgId, queued, settled: status.settled, pending: status.pending, elapsedMs }));
        else ctx.out(`Org ${orgId} settled: ${plural(queued, 'member')} re-checked in ${(elapsedMs / 1000).toFixed(1)} s.\n`);
      }),
    );
}

export interface WaitOptions {
  intervalMs: number;
  timeoutMs: number;
  onStatus?: (status: SyncStatus) => void;
}

/**
 * Polls `GET /sync-status` until `settled`. Passing trouble (the server restarting, a 5xx)
 * is waited out until the deadline; any other error (unknown org, bad key) ends the wait.
 */
export async function waitUntilSettled(api: Pick<AdminApi, 'get'>, orgId: string, io: CliIo, options: WaitOptions): Promise<SyncStatus> {
  const deadline = io.now() + options.timeoutMs;
  let last: SyncStatus | null = null;
  let lastError: CliError | null = null;
  for (;;) {
    if (io.signal?.aborted) throw interrupted(`Interrupted; the re-check of org ${orgId} goes on in the background.`);
    try {
      last = await api.get<SyncStatus>(path`/orgs/${orgId}/sync-status`);
      lastError = null;
      options.onStatus?.(last);
      if (last.settled) return last;
    } catch (error) {
      if (!(error instanceof CliError) || !isTransient(error)) throw error;
      lastError = error;
    }
    if (io.now() >= deadline) {
      const why = lastError
        ? `the last poll failed: ${lastError.code}: ${lastError.message}`
        : `${plural(last?.pending ?? 0, 'change')} still pending${last?.oldestPendingAt ? ` (oldest from ${last.oldestPendingAt})` : ''}`;
      throw new CliError('NOT_SETTLED', `Org ${orgId} did not settle within ${Math.round(options.timeoutMs / 1000)} s; ${why}. The workers keep going.`);
    }
    await io.sleep(Math.min(options.intervalMs, Math.max(0, deadline - io.now())), io.signal);
  }
}

function isTransient(error: CliError): boolean {
  if (error.code === 'CONNECTION_FAILED' || error.code === 'TIMEOUT') return true;
  return error.status !== null && (error.status >= 500 || error.status === 429);
}
