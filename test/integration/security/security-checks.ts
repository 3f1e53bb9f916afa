import type request from 'supertest';
import type { TenantCollectionName } from '../../../src/infra/store';
import type { Harness, TestOrg } from '../../support/harness';
import { SCHEMAS } from '../../support/scim-client';
import supertest from 'supertest';

/**
 * Pass criteria the security suites share (issue 6, item 2): error bodies of the right shape,
 * nothing internal in any answer, no state change on a rejected request, no residue of
 * hostile input in the store, and an untouched Object.prototype.
 */

const SCIM_TYPES = new Set([
  'invalidFilter',
  'tooMany',
  'uniqueness',
  'mutability',
  'invalidSyntax',
  'invalidPath',
  'noTarget',
  'invalidValue',
  'invalidVers',
  'sensitive',
]);

/** What an answer must never show: stack frames, source paths, driver or runtime error names. */
const INTERNALS: [string, RegExp][] = [
  ['a stack frame', /\n\s+at \S|\bat (?:async )?[\w$.<>[\]]+ \([^)]*:\d+:\d+\)|\bat \/[^\s]+:\d+/],
  ['a source position', /[\w-]+\.(?:ts|js|mjs|cjs):\d+/],
  ['a file path', /(?:^|[\s"'(])\/(?:work|home|tmp|usr|opt|var|app|srv|root)\/[\w.-]+\/|node_modules|node:internal/],
  ['a store name', /mongo|ferret|bson|E11000|sqlite|postgres|duplicate key/i],
  ['a runtime error name', /\b(?:TypeError|ReferenceError|RangeError|SyntaxError|EvalError|URIError|AggregateError)\b/],
  ['an exception word', /\b(?:stack trace|Traceback|unhandled|undefined is not|cannot read propert|is not a function|\[object Object\])/i],
];

/** The first internal detail found in `text`, as a readable reason; undefined when clean. */
export function internalDetailIn(text: string): string | undefined {
  for (const [what, pattern] of INTERNALS) {
    const match = pattern.exec(text);
    if (match) return `${what} (${JSON.stringify(match[0])})`;
  }
  return undefined;
}

export function expectNoInternals(res: request.Response, context: string): void {
  const found = internalDetailIn(res.text ?? '');
  if (found) throw new Error(`${context}: the answer (${res.status}) shows ${found}: ${truncate(res.text)}`);
  if (res.headers['x-powered-by'] !== undefined) throw new Error(`${context}: X-Powered-By is sent`);
}

/** RFC 7644 §3.12: SCIM error media type, schema, string status equal to the HTTP one, a detail. */
export function scimErrorProblem(res: request.Response): string | undefined {
  if (!/^application\/scim\+json/.test(String(res.headers['content-type'] ?? ''))) return `content type ${res.headers['content-type']}`;
  const body = res.body as Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object') return 'no JSON body';
  if (JSON.stringify(body.schemas) !== JSON.stringify([SCHEMAS.error])) return `schemas ${JSON.stringify(body.schemas)}`;
  if (body.status !== String(res.status)) return `status ${JSON.stringify(body.status)} for HTTP ${res.status}`;
  if (typeof body.detail !== 'string' || body.detail.length === 0) return 'no detail';
  if (body.scimType !== undefined && !SCIM_TYPES.has(String(body.scimType))) return `scimType ${JSON.stringify(body.scimType)}`;
  const extra = Object.keys(body).filter((k) => !['schemas', 'status', 'scimType', 'detail'].includes(k));
  if (extra.length > 0) return `unexpected members ${extra.join(', ')}`;
  return undefined;
}

export function expectScimErrorBody(res: request.Response, context: string): void {
  const problem = scimErrorProblem(res);
  if (problem) throw new Error(`${context}: ${res.status} is not a SCIM error body (${problem}): ${truncate(res.text)}`);
}

/** CONTRACT.md admin errors: `{"error": {"code": "SCREAMING_SNAKE", "message"}}`. */
export function expectAdminErrorBody(res: request.Response, context: string): void {
  const error = (res.body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  const ok =
    /^application\/json/.test(String(res.headers['content-type'] ?? '')) &&
    error !== undefined &&
    typeof error.code === 'string' &&
    /^[A-Z][A-Z_]*$/.test(error.code) &&
    typeof error.message === 'string' &&
    error.message.length > 0 &&
    Object.keys(res.body).length === 1;
  if (!ok) throw new Error(`${context}: ${res.status} is not an admin error body: ${truncate(res.text)}`);
}

export function truncate(text: string | undefined, max = 600): string {
  if (text === undefined) return '(no body)';
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
}

/** Tenant collections that hold an org's SCIM state and what the SCIM layer derives from it. */
export const SCIM_STATE_COLLECTIONS: TenantCollectionName[] = ['users', 'groups', 'memberships', 'keys', 'changes'];

/** Every tenant collection except the version claims (concurrency bookkeeping a client never sees). */
export const ALL_TENANT_STATE: TenantCollectionName[] = [
  'users',
  'groups',
  'keys',
  'memberships',
  'members',
  'changes',
  'licenses',
  'waiting',
  'purchases',
  'pool',
  'sync_log',
];

/** Documents of the org in the given collections, canonical (sorted by `_id`), as one JSON text. */
export async function storedState(h: Harness, orgId: string, names: TenantCollectionName[] = SCIM_STATE_COLLECTIONS): Promise<Record<string, unknown[]>> {
  const all = await Promise.all(names.map((name) => h.runtime.store.tenant(orgId, name).find({})));
  const out: Record<string, unknown[]> = {};
  names.forEach((name, i) => {
    out[name] = all[i].sort((a, b) => String(a._id).localeCompare(String(b._id)));
  });
  return out;
}

/**
 * What a SCIM client sees of the org: every User and Group with all default attributes and
 * meta.version, read through the API, sorted by id.
 */
export async function scimView(h: Harness, org: TestOrg): Promise<{ users: unknown[]; groups: unknown[] }> {
  const list = async (path: string) => {
    const res = await supertest(h.app).get(`${org.scimPath}${path}?count=1000`).set('Authorization', `Bearer ${org.token}`);
    if (res.status !== 200) throw new Error(`snapshot read ${path} failed: ${res.status} ${truncate(res.text)}`);
    if (res.body.totalResults > res.body.itemsPerPage) throw new Error(`snapshot read ${path}: more than one page`);
    return (res.body.Resources as { id: string }[]).sort((a, b) => a.id.localeCompare(b.id));
  };
  const [users, groups] = await Promise.all([list('/Users'), list('/Groups')]);
  return { users, groups };
}

export interface OrgSnapshot {
  view: { users: unknown[]; groups: unknown[] };
  stored: Record<string, unknown[]>;
}

export async function orgSnapshot(h: Harness, org: TestOrg): Promise<OrgSnapshot> {
  const [view, stored] = await Promise.all([scimView(h, org), storedState(h, org.id)]);
  return { view, stored };
}

/** Whether two snapshots are the same state; documents compared as JSON. */
export function sameSnapshot(a: OrgSnapshot, b: OrgSnapshot): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A short description of what differs, for failure messages. */
export function snapshotDiff(a: OrgSnapshot, b: OrgSnapshot): string {
  const lines: string[] = [];
  const compare = (label: string, x: unknown[], y: unknown[]) => {
    if (JSON.stringify(x) === JSON.stringify(y)) return;
    const before = new Set(x.map((d) => JSON.stringify(d)));
    const after = new Set(y.map((d) => JSON.stringify(d)));
    const gone = [...before].filter((d) => !after.has(d));
    const added = [...after].filter((d) => !before.has(d));
    lines.push(`${label}: -${gone.length} +${added.length}`);
    for (const d of gone.slice(0, 2)) lines.push(`  - ${truncate(d, 300)}`);
    for (const d of added.slice(0, 2)) lines.push(`  + ${truncate(d, 300)}`);
  };
  compare('view.users', a.view.users, b.view.users);
  compare('view.groups', a.view.groups, b.view.groups);
  for (const name of Object.keys(a.stored)) compare(`stored.${name}`, a.stored[name], b.stored[name] ?? []);
  return lines.join('\n');
}

const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Hostile input must leave no trace in stored documents: no key that starts with "$" or holds
 * a "." (operators and dotted paths), no prototype key, at any depth. With `scimJson`, the
 * value is a SCIM answer, where `$ref` and extension URNs are ordinary keys.
 */
export function residueIn(value: unknown, scimJson = false, path = '', depth = 0): string | undefined {
  if (depth > 200) return `${path}: nested more than 200 levels`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = residueIn(value[i], scimJson, `${path}[${i}]`, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (value === null || typeof value !== 'object' || value instanceof Date) return undefined;
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) {
    const name = (value as { constructor?: { name?: string } }).constructor?.name;
    if (name !== 'ObjectId' && name !== 'Binary') return `${path}: an object of class ${name}`;
  }
  for (const key of Object.getOwnPropertyNames(value)) {
    // SCIM JSON (an answer, not a stored document) has `$ref` and extension URNs as keys.
    const scimKey = scimJson && (key === '$ref' || key.startsWith('urn:'));
    if (key.startsWith('$') && !scimKey) return `${path}.${key}: an operator key`;
    if (key.includes('.') && !scimKey) return `${path}.${key}: a dotted key`;
    if (PROTOTYPE_KEYS.has(key)) return `${path}.${key}: a prototype key`;
    const found = residueIn((value as Record<string, unknown>)[key], scimJson, `${path}.${key}`, depth + 1);
    if (found) return found;
  }
  return undefined;
}

const BUILTIN_PROTOTYPES: [string, object][] = [
  ['Object.prototype', Object.prototype],
  ['Array.prototype', Array.prototype],
  ['String.prototype', String.prototype],
  ['Function.prototype', Function.prototype],
];
const PROTOTYPE_BASELINE = new Map(BUILTIN_PROTOTYPES.map(([name, proto]) => [name, Reflect.ownKeys(proto).map(String).sort().join(',')]));

/** Names of built-in prototypes that gained or lost properties since this module loaded. */
export function pollutedPrototypes(): string[] {
  const polluted = BUILTIN_PROTOTYPES.filter(([name, proto]) => Reflect.ownKeys(proto).map(String).sort().join(',') !== PROTOTYPE_BASELINE.get(name)).map(([name]) => name);
  const probe = {} as Record<string, unknown>;
  for (const key of ['polluted', 'isAdmin', 'admin', 'x', 'orgId', 'hacked']) {
    if (probe[key] !== undefined) polluted.push(`({}).${key}`);
  }
  return polluted;
}

export function expectPrototypesClean(context: string): void {
  const polluted = pollutedPrototypes();
  if (polluted.length > 0) throw new Error(`${context}: prototype pollution: ${polluted.join(', ')}`);
}

/** Counts answers by status, for the figures printed at the end of a run. */
export class StatusTally {
  private readonly counts = new Map<number, number>();
  total = 0;

  add(status: number): void {
    this.total += 1;
    this.counts.set(status, (this.counts.get(status) ?? 0) + 1);
  }

  toString(): string {
    return [...this.counts.entries()].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(' ');
  }
}
