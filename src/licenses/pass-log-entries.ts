import type { JobLogEntry } from '../sync-log/job-log-writer';
import type { ChangeBatch } from './change-batch';
import { summarize, type MemberEffect } from './pass-effects';

/** The job attempt a pass runs in, as the sync log names it. */
export interface JobInfo {
  name: string;
  attempt: number;
}

/** One sync-log entry per correlation id of the batch, each with the effects attributed to it. Pure. */
export function passLogEntries(batch: ChangeBatch, effects: MemberEffect[], job: JobInfo, at: Date, durationMs: number, error?: Error): JobLogEntry[] {
  const byCorrelation = new Map<string | null, MemberEffect[]>();
  for (const effect of effects) {
    const correlationId = batch.correlationOf(effect.memberId);
    const list = byCorrelation.get(correlationId) ?? [];
    list.push(effect);
    byCorrelation.set(correlationId, list);
  }
  return batch.correlations().map(({ correlationId, reasons }) => {
    const own = byCorrelation.get(correlationId) ?? [];
    return {
      at,
      status: error ? 'failed' : 'ok',
      name: job.name,
      attempt: job.attempt,
      summary: error ? `failed: ${error.message}` : summarize(own),
      effects: own,
      reasons,
      correlationId,
      durationMs,
      ...(error ? { error: error.message } : {}),
    };
  });
}
