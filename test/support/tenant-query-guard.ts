import type { Document } from 'mongodb';
import { isOrgId, type Store, type StoreLayout, type TenantCollectionName } from '../../src/infra/store';

/**
 * A test-time guard on tenant isolation (issue 6, item 3): every query the store runs on a
 * tenant collection is checked, and one that is not confined to its org is a violation.
 *
 * What "confined" means follows store.ts: tenant documents carry `orgId` and an `_id` that
 * starts with `${orgId}:`, and live in `${kind}_${orgId}` (per-org layout) or in one
 * collection per kind (shared layout). A filter is scoped when its top level has
 * `orgId: <that org>` exactly, or an `_id` of that org (a string, or `$eq`/`$in` of strings,
 * every one with the org's prefix). In the shared layout only that makes the query safe; in
 * the per-org layout the collection name must also be the org's own. Server-side JavaScript
 * and `$expr` are refused anywhere in the filter: they can compare fields against anything.
 *
 * Violations are recorded and also thrown at once, so the offending call fails where it is
 * made; the harness asserts at close that none were recorded (a throw swallowed by a caller
 * still fails the test file).
 */

export const TENANT_COLLECTION_KINDS: readonly TenantCollectionName[] = [
  'users',
  'groups',
  'keys',
  'memberships',
  'members',
  'changes',
  'licenses',
  'waiting',
  'versions',
  'purchases',
  'pool',
  'sync_log',
];

const FORBIDDEN_OPERATORS: ReadonlySet<string> = new Set(['$where', '$function', '$accumulator', '$expr']);

export interface TenantQueryViolation {
  collection: string;
  orgId: string;
  filter: string;
  problem: string;
}

/** Why a tenant query is not confined to its org, or undefined when it is. */
export function tenantQueryProblem(layout: StoreLayout, collection: string, orgId: string, filter: Document): string | undefined {
  if (typeof orgId !== 'string' || !isOrgId(orgId)) return `the org id ${JSON.stringify(orgId)} is not an org id`;
  const kind = layout === 'shared' ? collection : TENANT_COLLECTION_KINDS.find((k) => collection === `${k}_${orgId}`);
  if (kind === undefined || !TENANT_COLLECTION_KINDS.includes(kind as TenantCollectionName)) {
    return `collection ${collection} is not a ${layout === 'shared' ? 'tenant collection' : `collection of org ${orgId}`}`;
  }
  if (filter === null || typeof filter !== 'object' || Array.isArray(filter)) return 'the filter is not an object';
  const operator = forbiddenOperator(filter);
  if (operator) return `the filter uses ${operator}`;
  const prefix = `${orgId}:`;
  const hasOrgId = Object.prototype.hasOwnProperty.call(filter, 'orgId');
  if (hasOrgId && filter.orgId !== orgId) return `the filter's orgId is ${JSON.stringify(filter.orgId)}, not "${orgId}"`;
  const hasId = Object.prototype.hasOwnProperty.call(filter, '_id');
  const ids = hasId ? idStrings(filter._id) : undefined;
  if (ids && ids.some((id) => !id.startsWith(prefix))) return `the filter's _id names a document outside org ${orgId}`;
  if (hasOrgId) return undefined;
  if (ids && ids.length > 0) return undefined;
  return `the filter has neither orgId "${orgId}" nor an _id with the prefix "${prefix}"`;
}

/** The `_id` strings a filter value pins down: `"x"`, `{$eq: "x"}`, `{$in: ["x", …]}`; undefined otherwise. */
function idStrings(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  const object = value as Record<string, unknown>;
  if (keys.length === 1 && keys[0] === '$eq' && typeof object.$eq === 'string') return [object.$eq];
  if (keys.length === 1 && keys[0] === '$in' && Array.isArray(object.$in) && object.$in.every((v) => typeof v === 'string')) {
    return object.$in as string[];
  }
  return undefined;
}

function forbiddenOperator(value: unknown, depth = 0): string | undefined {
  if (depth > 64 || value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = forbiddenOperator(item, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    if (FORBIDDEN_OPERATORS.has(key)) return key;
    const found = forbiddenOperator(item, depth + 1);
    if (found) return found;
  }
  return undefined;
}

export class TenantQueryViolationError extends Error {
  constructor(readonly violation: TenantQueryViolation) {
    super(`unscoped tenant query on ${violation.collection} for org ${violation.orgId}: ${violation.problem} (filter ${violation.filter})`);
    this.name = 'TenantQueryViolationError';
  }
}

export class TenantQueryGuard {
  private readonly recorded: TenantQueryViolation[] = [];
  private checkedCount = 0;
  private readonly stop: () => void;

  constructor(private readonly store: Store) {
    this.stop = store.observe((collection, orgId, filter) => this.check(collection, orgId, filter));
  }

  /** Tenant queries seen so far. */
  get checked(): number {
    return this.checkedCount;
  }

  get violations(): readonly TenantQueryViolation[] {
    return this.recorded;
  }

  /** Returns the violations recorded so far and forgets them (for tests that provoke one on purpose). */
  take(): TenantQueryViolation[] {
    return this.recorded.splice(0, this.recorded.length);
  }

  /** Throws when any violation was recorded. */
  assertNone(): void {
    if (this.recorded.length === 0) return;
    const lines = this.recorded.slice(0, 10).map((v) => `- ${v.collection} (org ${v.orgId}): ${v.problem}; filter ${v.filter}`);
    throw new Error(`${this.recorded.length} tenant quer${this.recorded.length === 1 ? 'y was' : 'ies were'} not scoped to their org:\n${lines.join('\n')}`);
  }

  dispose(): void {
    this.stop();
  }

  private check(collection: string, orgId: string, filter: Document): void {
    this.checkedCount += 1;
    const problem = tenantQueryProblem(this.store.layout, collection, orgId, filter);
    if (problem === undefined) return;
    const violation: TenantQueryViolation = { collection, orgId, filter: safeStringify(filter), problem };
    this.recorded.push(violation);
    throw new TenantQueryViolationError(violation);
  }
}

function safeStringify(value: unknown): string {
  try {
    const text = JSON.stringify(value);
    return text.length > 500 ? `${text.slice(0, 500)}…` : text;
  } catch {
    return String(value);
  }
}
