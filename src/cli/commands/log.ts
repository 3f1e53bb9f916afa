import { Option, type Command } from 'commander';
import type { SyncLogEntry } from '../api-types';
import type { AdminApi } from '../api-client';
import { act, path } from '../context';
import { cell } from '../format';
import type { CliIo } from '../io';
import { integerAt, sinceParser } from '../parse';

/** Without --since, the tail starts this far back. */
const DEFAULT_WINDOW_MS = 15 * 60_000;
/**
 * Each poll asks again for this much before the newest entry seen: a job's entry is dated when
 * the job started but written when it ends, so it can appear behind newer ones. Entries already
 * printed are recognised by id and not printed twice.
 */
const OVERLAP_MS = 5 * 60_000;

interface TailOptions {
  kind?: string;
  status?: string;
  subject?: string;
  since?: string;
  lines: number;
  follow?: boolean;
  interval: number;
}

export function registerLog(program: Command, io: CliIo): void {
  const log = program.command('log').description("an org's sync log (SCIM requests and jobs)");

  log
    .command('tail')
    .description('print sync-log entries, oldest first; --follow keeps printing new ones (Ctrl-C ends). --json prints one JSON object per line')
    .argument('<orgId>')
    .addOption(new Option('--kind <kind>', 'only this kind of entry').choices(['scim-request', 'job']))
    .option('--status <status>', 'only entries with this status')
    .option('--subject <memberId>', 'only entries about this member (SCIM User id)')
    .option('--since <when>', 'from this ISO date-time, or a duration back such as 15m, 2h, 7d (default 15m)', sinceParser(io.now))
    .option('-n, --lines <n>', 'at most this many of the entries already there (0: all)', integerAt(0), 100)
    .option('-f, --follow', 'keep polling and print new entries as they arrive')
    .option('--interval <ms>', 'polling interval with --follow', integerAt(200, 3_600_000), 2000)
    .action(
      act(io, async (ctx, orgId: string, options: TailOptions) => {
        const tail = new LogTail(ctx.api, orgId, { kind: options.kind, status: options.status, subject: options.subject });
        const print = (entries: SyncLogEntry[]) => {
          for (const entry of entries) ctx.out(ctx.json ? `${JSON.stringify(entry)}\n` : formatLogLine(entry));
        };
        const first = await tail.poll(options.since ?? new Date(io.now() - DEFAULT_WINDOW_MS).toISOString());
        print(options.lines > 0 ? first.slice(-options.lines) : first);
        if (!options.follow) return;
        while (!io.signal?.aborted) {
          await io.sleep(options.interval, io.signal);
          if (io.signal?.aborted) break;
          print(await tail.poll());
        }
      }),
    );
}

/** One entry per line: time, kind, status, summary and the correlation id to grep the logs for. */
export function formatLogLine(entry: SyncLogEntry): string {
  const correlation = entry.correlationId ? `  [${entry.correlationId}]` : '';
  return `${cell(entry.at)}  ${cell(entry.kind).padEnd(12)}  ${cell(entry.status).padEnd(7)}  ${cell(entry.summary)}${correlation}\n`;
}

/**
 * Polls `GET /sync-log` and hands out each entry once, in time order: the watermark is the
 * newest `at` seen, each poll asks from a little before it, and ids seen within that overlap
 * are remembered so they are not repeated.
 */
export class LogTail {
  /** The newest `at` handed out, in ms. */
  private watermark: number | null = null;
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly api: Pick<AdminApi, 'collect'>,
    private readonly orgId: string,
    private readonly filters: { kind?: string; status?: string; subject?: string },
  ) {}

  async poll(since?: string): Promise<SyncLogEntry[]> {
    const from = since ?? (this.watermark !== null ? new Date(this.watermark - OVERLAP_MS).toISOString() : undefined);
    const { items } = await this.api.collect<SyncLogEntry>(path`/orgs/${this.orgId}/sync-log`, { ...this.filters, since: from });
    return this.accept(items);
  }

  /** The entries not handed out before, oldest first. */
  accept(items: SyncLogEntry[]): SyncLogEntry[] {
    const fresh = items.filter((entry) => !this.seen.has(entry.id));
    fresh.sort((a, b) => (Date.parse(a.at) || 0) - (Date.parse(b.at) || 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const entry of fresh) {
      const at = Date.parse(entry.at) || 0;
      this.seen.set(entry.id, at);
      if (this.watermark === null || at > this.watermark) this.watermark = at;
    }
    this.forgetOld();
    return fresh;
  }

  private forgetOld(): void {
    if (this.watermark === null) return;
    const horizon = this.watermark - 2 * OVERLAP_MS;
    for (const [id, at] of this.seen) if (at < horizon) this.seen.delete(id);
  }
}
