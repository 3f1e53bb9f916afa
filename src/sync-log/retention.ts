import type { Store } from '../infra/store';
import { deleteSyncLogBefore } from './sync-log-query';

/**
 * Deletes sync-log entries older than the retention, org by org. A scheduled job rather than a
 * TTL index: the local MongoDB-compatible store refuses `expireAfterSeconds`.
 */
export async function applySyncLogRetention(store: Store, retentionDays: number, now = new Date()): Promise<{ orgs: number; deleted: number }> {
  const before = new Date(now.getTime() - retentionDays * 24 * 3600 * 1000);
  let deleted = 0;
  const orgIds = await orgsWithSyncLog(store);
  for (const orgId of orgIds) deleted += await deleteSyncLogBefore(store, orgId, before);
  return { orgs: orgIds.length, deleted };
}

async function orgsWithSyncLog(store: Store): Promise<string[]> {
  if (store.layout === 'per-org') {
    return (await store.tenantCollectionNames('sync_log')).map((name) => name.slice('sync_log_'.length));
  }
  const ids = await store.db.collection('sync_log').distinct('orgId');
  return ids.filter((id): id is string => typeof id === 'string');
}
