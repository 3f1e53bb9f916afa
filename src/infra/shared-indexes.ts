import type { Store, TenantCollectionName } from './store';

type IndexKey = Readonly<Record<string, 1 | -1>>;

/**
 * Secondary indexes of the shared layout (one collection per kind for all orgs: MongoDB,
 * DocumentDB, Cosmos DB). Every one leads with `orgId`, the shard key, because every tenant
 * query carries it (store.ts); the rest follows the queries the code sends. Lookups by `_id`
 * (keys, pool status, claims, member read models, tokens) need none. The per-org layout
 * (FerretDB) creates none: there, secondary indexes never answer a query.
 */
export const SHARED_INDEXES: Readonly<Record<TenantCollectionName, readonly IndexKey[]>> = {
  // The default list order (list-resources.ts), and the key documents answer the equality filters.
  users: [{ orgId: 1, created: 1, _id: 1 }],
  groups: [{ orgId: 1, created: 1, _id: 1 }],
  keys: [],
  // A group's members (group reads and PATCHes); a user's groups (SCIM `groups`, the reconcile pass).
  memberships: [{ orgId: 1, groupId: 1 }, { orgId: 1, userId: 1 }],
  // Admin member search and the license summary filter on state.
  members: [{ orgId: 1, state: 1 }],
  // Oldest first (reconcile pass, sweeper, sync-status).
  changes: [{ orgId: 1, at: 1 }],
  licenses: [{ orgId: 1, kind: 1 }],
  waiting: [{ orgId: 1 }],
  versions: [{ orgId: 1 }],
  purchases: [{ orgId: 1 }],
  pool: [],
  // Newest first by `_id` (the _id index serves it); filters by kind and correlation id.
  sync_log: [{ orgId: 1, kind: 1 }, { orgId: 1, correlationId: 1 }],
};

/** Creates the shared layout's indexes; idempotent (an existing index with the same key is kept). */
export async function ensureSharedIndexes(store: Store): Promise<void> {
  if (store.layout !== 'shared') return;
  for (const [name, specs] of Object.entries(SHARED_INDEXES)) {
    // One at a time: FerretDB 1.24 drops the connection when one createIndexes command names
    // several indexes that already exist.
    for (const key of specs) await store.db.collection(name).createIndex({ ...key });
  }
}
