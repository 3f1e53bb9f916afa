import { randomUUID } from 'node:crypto';
import type { Store, TenantDocument } from '../infra/store';

/**
 * Job entries of the sync log (tenant collection `sync_log`, CONTRACT.md
 * `GET /orgs/:orgId/sync-log`): one per job attempt and correlation id. Entries carry ids,
 * states and counts only: never a token, a password or a request body.
 */
export interface JobEffectEntry {
  memberId: string;
  userName: string | null;
  from: string | null;
  to: string;
  effect: string;
  reason?: string;
}

/** What a job reports; the writer adds the ids, `kind` and the derived fields. */
export interface JobLogEntry {
  at: Date;
  status: 'ok' | 'failed';
  /** The job name, e.g. "reconcile-org". */
  name: string;
  attempt: number;
  summary: string;
  effects: JobEffectEntry[];
  /** Why the job ran: the reasons of the change records it applied. */
  reasons: string[];
  correlationId: string | null;
  durationMs: number;
  error?: string;
}

export interface JobLogDocument extends TenantDocument, JobLogEntry {
  kind: 'job';
  /** Effects left out of `effects` to keep the entry small (the summary counts them all). */
  effectsOmitted: number;
  /** Member ids the entry is about, for the `subject` filter. */
  subjects: string[];
}

/** Enough to read in the dashboard; an initial sync of thousands is summarised, not listed. */
export const MAX_EFFECTS_PER_ENTRY = 200;
const MAX_ERROR_LENGTH = 500;
const MAX_REASONS = 20;
const MAX_SUBJECTS = 1000;

export class JobLogWriter {
  constructor(private readonly store: Store) {}

  async write(orgId: string, entries: JobLogEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const log = this.store.tenant<JobLogDocument>(orgId, 'sync_log');
    await log.insertMany(entries.map((entry) => toDocument(orgId, entry)));
  }
}

function toDocument(orgId: string, entry: JobLogEntry): JobLogDocument {
  const effects = entry.effects.slice(0, MAX_EFFECTS_PER_ENTRY);
  const doc: JobLogDocument = {
    // Time first, so that `_id` order is time order (cursor paging by `_id`).
    _id: `${orgId}:${entry.at.toISOString()}:job:${randomUUID()}`,
    orgId,
    kind: 'job',
    ...entry,
    effects,
    effectsOmitted: entry.effects.length - effects.length,
    subjects: [...new Set(entry.effects.map((e) => e.memberId))].slice(0, MAX_SUBJECTS),
    reasons: [...new Set(entry.reasons)].slice(0, MAX_REASONS),
  };
  if (entry.error !== undefined) doc.error = entry.error.slice(0, MAX_ERROR_LENGTH);
  return doc;
}
