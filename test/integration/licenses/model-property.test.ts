import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import type request from 'supertest';
import type { LicenseDocument, LicenseSlotDocument } from '../../../src/licenses/license-documents';
import { createLicenseModule } from '../../../src/licenses/license-module';
import { EXPIRE_JOB, SWEEP_JOB } from '../../../src/queue/jobs';
import { jobHandlers } from '../../../workers/handlers';
import { startWorkers, type WorkerHost } from '../../../workers/worker-host';
import { createHarness, createOrg, type Harness, type TestOrg } from '../../support/harness';
import { MODEL_DEFAULT_TEAM_ID, OrgLicenseModel, type ModelSettings } from '../../support/license-model';
import { patchOp, SCHEMAS, scimClient, userBody, type ScimClient } from '../../support/scim-client';

/**
 * Random sequences of IdP requests (Okta and Entra shapes) and admin actions over several
 * orgs, through the HTTP app and BullMQ workers running in this process. After every request
 * the invariant of CONTRACT.md is sampled while the workers work; once the org has settled
 * (sync-status), every member, the waiting order and the license summary must equal what the
 * reference model (test/support/license-model.ts) predicts.
 *
 * Requests to one org are spaced by default: the next one is sent once the previous one has
 * been applied, so the engine sees every request the model sees (an IdP's requests are usually
 * further apart than a reconcile pass). Orgs run side by side.
 *
 * Environment:
 *  - MODEL_RUNS (default 20), MODEL_MAX_STEPS (default 18): runs, and steps per run (10 at least).
 *  - MODEL_SEED (default fixed), MODEL_PATH: replay one counterexample (fast-check's `path`).
 *  - MODEL_SHRINK=1: shrink a counterexample (every attempt replays against the services).
 *  - MODEL_PACE=burst: send each org's requests back to back, compare only at the end (an
 *    admin accept, and any request to an org with `exhaustedPolicy: "reject"`, still waits for
 *    the org to settle: what they answer depends on what has been applied). The engine then
 *    applies several requests in one pass and never sees a member's passing states in between:
 *    this mode shows where that changes the converged state.
 */

const RUNS = intFromEnv('MODEL_RUNS', 20);
const MAX_STEPS = intFromEnv('MODEL_MAX_STEPS', 18);
const SEED = intFromEnv('MODEL_SEED', 20240604);
const PATH = process.env.MODEL_PATH || undefined;
const SHRINK = process.env.MODEL_SHRINK === '1';
const BURST = process.env.MODEL_PACE === 'burst';
const SETTLE_TIMEOUT_MS = 30_000;

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw new Error(`${name} must be an integer, got ${JSON.stringify(raw)}`);
  return value;
}

// ---- generated scenarios ----

interface OrgSpec {
  licenses: number;
  settings: ModelSettings;
}

type StepSpec =
  | { kind: 'createUser'; org: number; active: boolean }
  | { kind: 'deactivate' | 'reactivate' | 'deleteUser' | 'adminDelete' | 'accept'; org: number; user: number }
  | { kind: 'createGroup'; org: number; team: boolean; users: number[] }
  | { kind: 'addMembers' | 'removeMembers'; org: number; group: number; users: number[] }
  | { kind: 'renameGroup'; org: number; group: number; team: boolean }
  | { kind: 'deleteGroup'; org: number; group: number }
  | { kind: 'purchase'; org: number; quantity: number };

interface Scenario {
  orgs: OrgSpec[];
  steps: StepSpec[];
}

const selector = fc.nat({ max: 63 });
const selectors = fc.array(selector, { minLength: 1, maxLength: 3 });

const orgSpecArb: fc.Arbitrary<OrgSpec> = fc.record({
  licenses: fc.integer({ min: 0, max: 3 }),
  settings: fc.record({
    invitationMode: fc.constantFrom('auto' as const, 'invite' as const),
    // Mostly groups as teams: a default team makes every active member need a license.
    defaultTeam: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constant('Everyone') }),
    teamGroupPrefix: fc.oneof({ weight: 2, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constant('team-') }),
    exhaustedPolicy: fc.constantFrom('queue' as const, 'reject' as const),
  }),
});

function stepArb(orgs: number): fc.Arbitrary<StepSpec> {
  const org = fc.nat({ max: orgs - 1 });
  return fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('createUser' as const), org, active: fc.constant(true) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('createUser' as const), org, active: fc.constant(false) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('createGroup' as const), org, team: fc.boolean(), users: fc.array(selector, { maxLength: 3 }) }) },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('addMembers' as const), org, group: selector, users: selectors }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('removeMembers' as const), org, group: selector, users: selectors }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('deactivate' as const), org, user: selector }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('reactivate' as const), org, user: selector }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteUser' as const), org, user: selector }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('adminDelete' as const), org, user: selector }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('accept' as const), org, user: selector }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('renameGroup' as const), org, group: selector, team: fc.boolean() }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteGroup' as const), org, group: selector }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('purchase' as const), org, quantity: fc.integer({ min: 1, max: 2 }) }) },
  );
}

const scenarioArb: fc.Arbitrary<Scenario> = fc
  .array(orgSpecArb, { minLength: 2, maxLength: 3 })
  .chain((orgs) => fc.record({ orgs: fc.constant(orgs), steps: fc.array(stepArb(orgs.length), { minLength: Math.min(10, MAX_STEPS), maxLength: MAX_STEPS }) }));

// ---- one org under test ----

interface OrgRun {
  index: number;
  org: TestOrg;
  scim: ScimClient;
  model: OrgLicenseModel;
  /** Model key → SCIM id, and back. */
  ids: Map<string, string>;
  keys: Map<string, string>;
  counter: number;
  trace: string[];
}

/** What one step did, in model terms, for the trace printed with a counterexample. */
type Action =
  | { kind: 'createUser'; active: boolean }
  | { kind: 'setActive'; user: string; active: boolean }
  | { kind: 'deleteUser' | 'adminDelete' | 'accept'; user: string }
  | { kind: 'createGroup'; name: string; users: string[] }
  | { kind: 'addMembers' | 'removeMembers'; group: string; users: string[] }
  | { kind: 'renameGroup'; group: string; name: string }
  | { kind: 'deleteGroup'; group: string }
  | { kind: 'purchase'; quantity: number };

const figures = {
  runs: 0,
  steps: 0,
  rejected: 0,
  samples: 0,
  comparisons: 0,
  maxMembers: 0,
  maxWaiting: 0,
  statesSeen: new Set<string>(),
  runMs: [] as number[],
};

let h: Harness;
let host: WorkerHost;
const ownOrgs = new Set<string>();

beforeAll(async () => {
  h = await createHarness({ QUEUE_PREFIX: `modeltest-${randomBytes(4).toString('hex')}` });
  const { store, queues, redis, logger } = h.runtime;
  // The maintenance jobs see only this file's orgs: other test files share the store.
  const maintenance = createLicenseModule(store, queues, redis, logger, () => new Date(), { sweepMinAgeMs: 2000, orgFilter: (id) => ownOrgs.has(id) });
  host = startWorkers(h.runtime, {
    ...jobHandlers(),
    [SWEEP_JOB]: () => maintenance.sweeper.sweep(),
    [EXPIRE_JOB]: () => maintenance.expiry.run(),
  });
});

afterAll(async () => {
  await host?.close();
  await h?.close();
});

function pick<T>(items: T[], sel: number): T | undefined {
  return items.length === 0 ? undefined : items[sel % items.length];
}

function pickMany<T>(items: T[], sels: number[]): T[] {
  return [...new Set(sels.map((s) => pick(items, s)).filter((x): x is T => x !== undefined))];
}

/** The concrete request a generated step stands for in the org's current state; a step with nothing to act on creates a user. */
function resolve(run: OrgRun, step: StepSpec): Action {
  const m = run.model;
  const live = m.userKeys();
  const fallback: Action = { kind: 'createUser', active: true };
  const groupName = (team: boolean) => `${team ? (m.settings.teamGroupPrefix ?? 'team-') : 'misc-'}${++run.counter}`;
  switch (step.kind) {
    case 'createUser':
      return { kind: 'createUser', active: step.active };
    case 'deactivate': {
      const user = pick(m.userKeys((u) => u.active), step.user);
      return user ? { kind: 'setActive', user, active: false } : fallback;
    }
    case 'reactivate': {
      const user = pick(m.userKeys((u) => !u.active), step.user);
      return user ? { kind: 'setActive', user, active: true } : fallback;
    }
    case 'deleteUser':
    case 'adminDelete': {
      const user = pick(live, step.user);
      return user ? { kind: step.kind, user } : fallback;
    }
    case 'accept': {
      // Mostly a pending member; sometimes anyone, which must be 409 unless pending.
      const pending = m.userKeys((u) => u.state === 'pending');
      const user = step.user % 4 !== 3 && pending.length > 0 ? pick(pending, step.user) : pick(live, step.user);
      return user ? { kind: 'accept', user } : fallback;
    }
    case 'createGroup':
      return { kind: 'createGroup', name: groupName(step.team), users: pickMany(live, step.users) };
    case 'addMembers': {
      const group = pick(m.groupKeys(), step.group);
      if (!group) return { kind: 'createGroup', name: groupName(true), users: pickMany(live, step.users) };
      const users = pickMany(live, step.users);
      return users.length > 0 ? { kind: 'addMembers', group, users } : fallback;
    }
    case 'removeMembers': {
      const group = pick(m.groupKeys(), step.group);
      if (!group) return fallback;
      const members = m.groupMembers(group);
      const users = pickMany(members.length > 0 ? members : live, step.users);
      return users.length > 0 ? { kind: 'removeMembers', group, users } : fallback;
    }
    case 'renameGroup': {
      const group = pick(m.groupKeys(), step.group);
      return group ? { kind: 'renameGroup', group, name: groupName(step.team) } : fallback;
    }
    case 'deleteGroup': {
      const group = pick(m.groupKeys(), step.group);
      return group ? { kind: 'deleteGroup', group } : fallback;
    }
    case 'purchase':
      return { kind: 'purchase', quantity: step.quantity };
  }
}

function describeAction(a: Action): string {
  switch (a.kind) {
    case 'createUser':
      return `create user (active=${a.active})`;
    case 'setActive':
      return `${a.active ? 'reactivate' : 'deactivate'} ${a.user}`;
    case 'deleteUser':
      return `SCIM DELETE ${a.user}`;
    case 'adminDelete':
      return `admin delete ${a.user}`;
    case 'accept':
      return `admin accept ${a.user}`;
    case 'createGroup':
      return `create group "${a.name}" [${a.users.join(', ')}]`;
    case 'addMembers':
      return `add [${a.users.join(', ')}] to ${a.group}`;
    case 'removeMembers':
      return `remove [${a.users.join(', ')}] from ${a.group}`;
    case 'renameGroup':
      return `rename ${a.group} to "${a.name}"`;
    case 'deleteGroup':
      return `delete group ${a.group}`;
    case 'purchase':
      return `purchase ${a.quantity}`;
  }
}

function expectStatusOf(res: request.Response, status: number, what: string): void {
  if (res.status !== status) throw new Error(`${what}: expected HTTP ${status}, got ${res.status}: ${res.text}`);
}

function expectPoolExhausted(res: request.Response, what: string): string {
  expectStatusOf(res, 403, what);
  figures.rejected++;
  expect(res.body.schemas).toEqual([SCHEMAS.error]);
  expect(res.body.detail).toMatch(/exhausted/i);
  return '403 pool exhausted';
}

/** Sends the request and applies it to the model; checks the answer the model predicts. Returns a note for the trace. */
async function perform(run: OrgRun, action: Action): Promise<string | void> {
  const { scim, model } = run;
  const id = (key: string) => run.ids.get(key)!;
  const what = `org ${run.index}: ${describeAction(action)}`;
  const admin = h.admin();
  switch (action.kind) {
    case 'createUser': {
      const userName = `m${run.counter++}-${randomBytes(3).toString('hex')}@model.test`;
      const res = await scim.post('/Users', userBody(userName, { active: action.active }));
      const key = model.createUser(action.active);
      if (key === null) return expectPoolExhausted(res, what);
      expectStatusOf(res, 201, what);
      run.ids.set(key, res.body.id);
      run.keys.set(res.body.id, key);
      return key;
    }
    case 'setActive': {
      const res = await scim.patch(`/Users/${id(action.user)}`, patchOp({ op: 'replace', value: { active: action.active } }));
      if (model.setActive(action.user, action.active) === 'rejected') return expectPoolExhausted(res, what);
      return expectStatusOf(res, 200, what);
    }
    case 'deleteUser': {
      const res = await scim.delete(`/Users/${id(action.user)}`);
      model.deleteUser(action.user);
      return expectStatusOf(res, 204, what);
    }
    case 'adminDelete': {
      const res = await admin.delete(`/orgs/${run.org.id}/members/${id(action.user)}`);
      model.deleteUser(action.user);
      return expectStatusOf(res, 204, what);
    }
    case 'accept': {
      const res = await admin.post(`/orgs/${run.org.id}/members/${id(action.user)}/accept`);
      if (!model.accept(action.user)) {
        expectStatusOf(res, 409, what);
        expect(res.body.error.code).toBe('NOT_PENDING');
        return '409 not pending';
      }
      expectStatusOf(res, 200, what);
      expect(res.body).toMatchObject({ id: id(action.user), state: model.member(action.user).state });
      return;
    }
    case 'createGroup': {
      const res = await scim.post('/Groups', { schemas: [SCHEMAS.group], displayName: action.name, members: action.users.map((u) => ({ value: id(u) })) });
      const key = model.createGroup(action.name, action.users);
      if (key === null) return expectPoolExhausted(res, what);
      expectStatusOf(res, 201, what);
      run.ids.set(key, res.body.id);
      run.keys.set(res.body.id, key);
      return key;
    }
    case 'addMembers': {
      // Okta and Entra both send adds as one operation with a value list.
      const res = await scim.patch(`/Groups/${id(action.group)}`, patchOp({ op: 'add', path: 'members', value: action.users.map((u) => ({ value: id(u) })) }));
      if (model.addMembers(action.group, action.users) === 'rejected') return expectPoolExhausted(res, what);
      return expectStatusOf(res, 204, what);
    }
    case 'removeMembers': {
      // One member: Okta's filtered path; several: Entra's value list.
      const body =
        action.users.length === 1
          ? patchOp({ op: 'remove', path: `members[value eq "${id(action.users[0])}"]` })
          : patchOp({ op: 'Remove', path: 'members', value: action.users.map((u) => ({ value: id(u) })) });
      const res = await scim.patch(`/Groups/${id(action.group)}`, body);
      model.removeMembers(action.group, action.users);
      return expectStatusOf(res, 204, what);
    }
    case 'renameGroup': {
      // Okta's rename: a replace without a path, id and displayName in the value.
      const res = await scim.patch(`/Groups/${id(action.group)}`, patchOp({ op: 'replace', value: { id: id(action.group), displayName: action.name } }));
      model.renameGroup(action.group, action.name);
      return expectStatusOf(res, 204, what);
    }
    case 'deleteGroup': {
      const res = await scim.delete(`/Groups/${id(action.group)}`);
      model.deleteGroup(action.group);
      return expectStatusOf(res, 204, what);
    }
    case 'purchase': {
      const res = await admin.post(`/orgs/${run.org.id}/licenses/purchases`, { quantity: action.quantity });
      model.purchase(action.quantity);
      expectStatusOf(res, 201, what);
      // CONTRACT.md: `purchased` grows at once.
      expect(res.body.purchased).toBe(model.purchased);
      return;
    }
  }
}

// ---- observing the engine ----

/**
 * CONTRACT.md's invariant at this moment, through the admin API (the summary and the members)
 * and the license documents themselves: at most `purchased` licenses, one per member.
 */
async function sampleInvariant(run: OrgRun): Promise<void> {
  const [summary, members, docs] = await Promise.all([
    h.admin().get(`/orgs/${run.org.id}/licenses`),
    h.admin().get(`/orgs/${run.org.id}/members?limit=1000`),
    h.runtime.store.tenant<LicenseDocument>(run.org.id, 'licenses').find({}),
  ]);
  expectStatusOf(summary, 200, 'license summary');
  expectStatusOf(members, 200, 'members');
  const s = summary.body;
  const where = `org ${run.index} sample: ${JSON.stringify({ purchased: s.purchased, active: s.active, pending: s.pending, unassigned: s.unassigned })}`;
  if (s.pending + s.active + s.unassigned > s.purchased) throw new Error(`invariant broken: pending + active + unassigned > purchased (${where})`);
  if (s.available < 0 || s.available > s.purchased) throw new Error(`available out of range (${where})`);
  const ids = members.body.items.map((m: { id: string }) => m.id);
  if (new Set(ids).size !== ids.length) throw new Error(`a member is listed twice (${where})`);
  const holding = members.body.items.filter((m: { heldSince: string | null }) => m.heldSince !== null).length;
  if (holding > s.purchased) throw new Error(`${holding} members hold a license, ${s.purchased} purchased (${where})`);

  const slots = docs.filter((d): d is LicenseSlotDocument => d.kind === 'slot');
  const holders = new Map(docs.filter((d) => d.kind === 'holder').map((d) => [d.memberId, d.grantId]));
  const purchasedNow = Math.max(s.purchased, run.model.purchased);
  if (slots.length > purchasedNow) throw new Error(`${slots.length} license slots for ${purchasedNow} purchased (org ${run.index})`);
  const slotMembers = slots.map((d) => d.memberId);
  if (new Set(slotMembers).size !== slotMembers.length) throw new Error(`a member holds two license slots (org ${run.index}): ${slotMembers.join(', ')}`);
  for (const slot of slots) {
    if (slot.slot < 0 || slot.slot >= purchasedNow) throw new Error(`slot number ${slot.slot} outside the pool of ${purchasedNow} (org ${run.index})`);
    if (holders.get(slot.memberId) !== slot.grantId) throw new Error(`slot ${slot.slot} has no matching holder (org ${run.index})`);
  }
  figures.samples++;
}

async function settle(run: OrgRun): Promise<void> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  for (;;) {
    const res = await h.admin().get(`/orgs/${run.org.id}/sync-status`);
    expectStatusOf(res, 200, 'sync-status');
    if (res.body.settled) return;
    await sampleInvariant(run);
    if (Date.now() > deadline) throw new Error(`org ${run.index} not settled after ${SETTLE_TIMEOUT_MS} ms: ${JSON.stringify(res.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

interface ObservedMember {
  state: string;
  queuePosition: number | null;
  holds: boolean;
  teams: string[];
}

/** The settled org, as the admin API shows it, against the model. */
async function compareWithModel(run: OrgRun): Promise<void> {
  const { model } = run;
  const [live, deleted, summary] = await Promise.all([
    h.admin().get(`/orgs/${run.org.id}/members?limit=1000`),
    h.admin().get(`/orgs/${run.org.id}/members?state=deleted&limit=1000`),
    h.admin().get(`/orgs/${run.org.id}/licenses`),
  ]);
  const keyOf = (id: string) => (id === MODEL_DEFAULT_TEAM_ID ? MODEL_DEFAULT_TEAM_ID : (run.keys.get(id) ?? `?${id}`));
  const actual: Record<string, ObservedMember> = {};
  for (const m of [...live.body.items, ...deleted.body.items]) {
    actual[keyOf(m.id)] = {
      state: m.state,
      queuePosition: m.queuePosition,
      holds: m.heldSince !== null,
      teams: m.teams.map((t: { id: string; name: string }) => `${keyOf(t.id)}:${t.name}`),
    };
  }
  const expected: Record<string, ObservedMember> = {};
  for (const m of model.members()) {
    expected[m.key] = { state: m.state, queuePosition: m.queuePosition, holds: m.holdsLicense, teams: m.teams.map((t) => `${t.key}:${t.name}`) };
    figures.statesSeen.add(m.state);
  }
  expect(actual).toEqual(expected);

  const waitingOrder = Object.entries(actual)
    .filter(([, m]) => m.state === 'awaiting_license')
    .sort(([, a], [, b]) => (a.queuePosition ?? 0) - (b.queuePosition ?? 0))
    .map(([key]) => key);
  expect(waitingOrder).toEqual(model.waitingOrder());

  const s = summary.body;
  const expectedSummary = model.summary();
  expect({
    ...s,
    exhaustedSince: undefined,
    teams: s.teams.map((t: { id: string; name: string; members: number; licensed: number }) => ({ key: keyOf(t.id), name: t.name, members: t.members, licensed: t.licensed })),
  }).toEqual({ ...expectedSummary, exhaustedSince: undefined });

  // The store agrees: one slot per holder, exactly the model's holders.
  const docs = await h.runtime.store.tenant<LicenseDocument>(run.org.id, 'licenses').find({});
  const slotHolders = docs.filter((d) => d.kind === 'slot').map((d) => keyOf(d.memberId)).sort();
  const holderDocs = docs.filter((d) => d.kind === 'holder').map((d) => keyOf(d.memberId)).sort();
  expect(slotHolders).toEqual([...model.holders()].sort());
  expect(holderDocs).toEqual(slotHolders);

  figures.comparisons++;
  figures.maxMembers = Math.max(figures.maxMembers, model.allUserKeys().length);
  figures.maxWaiting = Math.max(figures.maxWaiting, model.waitingOrder().length);
}

/**
 * What the IdP reads back: every live user keeps what it was sent (`active`, its groups),
 * whatever its license state, and carries the license extension the model predicts.
 */
async function compareScimView(run: OrgRun): Promise<void> {
  const { model } = run;
  for (const key of model.userKeys()) {
    const res = await run.scim.get(`/Users/${run.ids.get(key)}`);
    expectStatusOf(res, 200, `GET user ${key}`);
    const m = model.member(key);
    expect({ key, active: res.body.active, license: res.body[SCHEMAS.license] }).toEqual({
      key,
      active: m.active,
      license: expect.objectContaining({ state: m.state, ...(m.queuePosition !== null ? { queuePosition: m.queuePosition } : {}) }),
    });
    if (m.queuePosition === null) expect(res.body[SCHEMAS.license].queuePosition).toBeUndefined();
  }
  for (const group of model.groupKeys()) {
    const res = await run.scim.get(`/Groups/${run.ids.get(group)}`);
    expectStatusOf(res, 200, `GET group ${group}`);
    const members = (res.body.members ?? []).map((mm: { value: string }) => run.keys.get(mm.value)).sort();
    expect({ group, displayName: res.body.displayName, members }).toEqual({ group, displayName: model.groupName(group), members: model.groupMembers(group).sort() });
  }
  for (const key of model.allUserKeys().filter((k) => model.isDeleted(k))) {
    expectStatusOf(await run.scim.get(`/Users/${run.ids.get(key)}`), 404, `GET deleted user ${key}`);
  }
}

async function runScenario(scenario: Scenario): Promise<void> {
  const started = Date.now();
  const runs: OrgRun[] = [];
  for (const [index, spec] of scenario.orgs.entries()) {
    const org = await createOrg(h, { name: `Model org ${index}`, licenses: spec.licenses, settings: spec.settings });
    ownOrgs.add(org.id);
    runs.push({
      index,
      org,
      scim: scimClient(h, org),
      model: new OrgLicenseModel(spec.settings, spec.licenses),
      ids: new Map(),
      keys: new Map(),
      counter: 0,
      trace: [`org ${index}: ${JSON.stringify(spec)}`],
    });
  }
  try {
    // Each org's steps in order, one at a time; the orgs side by side.
    const chains = runs.map(() => Promise.resolve());
    for (const step of scenario.steps) {
      const run = runs[step.org % runs.length];
      chains[run.index] = chains[run.index].then(async () => {
        const action = resolve(run, step);
        if (BURST && (action.kind === 'accept' || run.model.settings.exhaustedPolicy === 'reject')) await settle(run);
        run.trace.push(`org ${run.index}: ${describeAction(action)}`);
        const note = await perform(run, action);
        if (note) run.trace[run.trace.length - 1] += ` → ${note}`;
        figures.steps++;
        await sampleInvariant(run);
        if (BURST) return;
        await settle(run);
        await compareWithModel(run);
      });
    }
    // Every org's chain ends before the run does, even when one fails: no request outlives it.
    const failed = (await Promise.allSettled(chains)).find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    for (const run of runs) {
      await settle(run);
      await sampleInvariant(run);
      await compareWithModel(run);
      await compareScimView(run);
    }
    figures.runs++;
    figures.runMs.push(Date.now() - started);
  } catch (error) {
    const trace = runs.map((r) => r.trace.join('\n  ')).join('\n  ');
    const pace = BURST ? ' MODEL_PACE=burst' : '';
    (error as Error).message = `${(error as Error).message}\n\nSteps run (model keys; MODEL_SEED=${SEED}${pace}, replay with MODEL_PATH from below):\n  ${trace}`;
    throw error;
  } finally {
    for (const run of runs) ownOrgs.delete(run.org.id);
  }
}

test(
  'random IdP and admin sequences over several orgs: the invariant at every sample, the model once settled',
  async () => {
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(scenarioArb, (scenario) => runScenario(scenario)),
      { numRuns: RUNS, seed: SEED, path: PATH, endOnFailure: !SHRINK, verbose: 1 },
    );
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const runSeconds = [...figures.runMs].sort((a, b) => a - b).map((ms) => (ms / 1000).toFixed(1));
    const tenth = Math.max(1, Math.floor(figures.runMs.length / 10));
    const mean = (ms: number[]) => (ms.reduce((a, b) => a + b, 0) / ms.length / 1000).toFixed(1);
    console.log(
      `license model property: ${figures.runs} runs, ${figures.steps} steps (${figures.rejected} refused by the reject policy), ` +
        `${figures.samples} invariant samples, ${figures.comparisons} settled comparisons, up to ${figures.maxMembers} members and ` +
        `${figures.maxWaiting} waiting in an org, states seen: ${[...figures.statesSeen].sort().join(', ')}; seed ${SEED}; ${seconds} s ` +
        `(a run: median ${runSeconds[Math.floor(runSeconds.length / 2)]} s, slowest ${runSeconds.at(-1)} s; ` +
        `first tenth ${mean(figures.runMs.slice(0, tenth))} s, last tenth ${mean(figures.runMs.slice(-tenth))} s)`,
    );
    expect(figures.runs).toBe(PATH === undefined ? RUNS : 1);
  },
  Math.max(120_000, RUNS * 30_000),
);
