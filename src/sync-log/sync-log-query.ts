import type { Filter } from 'mongodb';
import type { Store, TenantDocument } from '../infra/store';

export interface SyncLogFilters {
  kind?: 'scim-request' | 'job';
  /** "ok" / "failed", or an HTTP status such as 409. */
  status?: string;
  /** A user or group id the entry is about. */
  subject?: string;
  /** Part of the action or summary, case-insensitive. */
  action?: string;
  correlationId?: string;
  since?: Date;
  until?: Date;
  cursor?: string;
  limit: number;
}

interface SyncLogDocument extends TenantDocument {
  at: Date;
  kind: string;
}

/**
 * The sync log, newest first, in pages. `_id`s begin with the entry's time, so the cursor is
 * simply the last `_id` of the previous page.
 */
export async function querySyncLog(store: Store, orgId: string, filters: SyncLogFilters): Promise<{ items: Record<string, unknown>[]; nextCursor: string | null }> {
  const log = store.tenant<SyncLogDocument>(orgId, 'sync_log');
  const conditions: Record<string, unknown>[] = [];
  if (filters.kind) conditions.push({ kind: filters.kind });
  if (filters.status) {
    conditions.push(/^\d{3}$/.test(filters.status) ? { httpStatus: Number(filters.status) } : { status: filters.status });
  }
  if (filters.subject) conditions.push({ subjects: filters.subject });
  if (filters.correlationId) conditions.push({ correlationId: filters.correlationId });
  if (filters.action) {
    const pattern = { $regex: escapeRegex(filters.action), $options: 'i' };
    conditions.push({ $or: [{ action: pattern }, { summary: pattern }] });
  }
  if (filters.since || filters.until) {
    conditions.push({ at: { ...(filters.since ? { $gte: filters.since } : {}), ...(filters.until ? { $lt: filters.until } : {}) } });
  }
  if (filters.cursor) conditions.push({ _id: { $lt: `${orgId}:${filters.cursor}` } });
  const query = (conditions.length ? { $and: conditions } : {}) as Filter<SyncLogDocument>;
  const docs = await log.find(query, { sort: { _id: -1 }, limit: filters.limit + 1 });
  const page = docs.slice(0, filters.limit);
  return {
    items: page.map(toItem),
    nextCursor: docs.length > filters.limit ? localId(page[page.length - 1]._id) : null,
  };
}

function toItem(doc: SyncLogDocument): Record<string, unknown> {
  const { _id, orgId: _org, at, ...rest } = doc;
  return { id: localId(_id), at: at.toISOString(), ...rest };
}

function localId(id: string): string {
  return id.slice(id.indexOf(':') + 1);
}

function escapeRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** Deletes entries older than the retention; returns how many went. */
export async function deleteSyncLogBefore(store: Store, orgId: string, before: Date): Promise<number> {
  return store.tenant<SyncLogDocument>(orgId, 'sync_log').deleteMany({ at: { $lt: before } } as Filter<SyncLogDocument>);
}
