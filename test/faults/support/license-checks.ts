import type { Store } from '../../../src/infra/store';
import type { LicenseDocument, LicenseSlotDocument, HolderDocument } from '../../../src/licenses/license-documents';
import type { HttpRecorder } from './http-recorder';
import type { OrgHandle, OrgWorkload } from './lifecycle-workload';

export interface CheckContext {
  http: HttpRecorder;
  adminKey: string;
  /** The suite's own connection to the store, for what the API does not show (the license documents). */
  store: Store;
}

const HOLDS = new Set(['active', 'pending', 'unassigned']);

/**
 * Samples every org's license summary (and the license documents themselves) while the
 * workload and the faults run: `pending + active + unassigned <= purchased` in every summary,
 * at most `purchased` slots and one per member in every read of the store. Samples the API
 * or the store could not answer (an outage) are counted apart.
 */
export class LicenseSampler {
  summaries = 0;
  storeReads = 0;
  unanswered = 0;
  readonly overAllocated: string[] = [];
  private running = false;
  private loops: Promise<void>[] = [];

  constructor(
    private readonly ctx: CheckContext,
    private readonly orgs: OrgHandle[],
  ) {}

  start(): void {
    this.running = true;
    this.loops = this.orgs.flatMap((org) => [this.loop(250, () => this.sampleSummary(org)), this.loop(1000, () => this.sampleStore(org))]);
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  get samples(): number {
    return this.summaries + this.storeReads;
  }

  private async loop(everyMs: number, sample: () => Promise<void>): Promise<void> {
    while (this.running) {
      await sample();
      await new Promise((r) => setTimeout(r, everyMs));
    }
  }

  private async sampleSummary(org: OrgHandle): Promise<void> {
    const res = await this.ctx.http.send('admin', 'GET', `/admin/v1/orgs/${org.id}/licenses`, this.ctx.adminKey);
    if (!res || res.status !== 200) {
      this.unanswered++;
      return;
    }
    this.summaries++;
    const s = res.body as { purchased: number; active: number; pending: number; unassigned: number; available: number };
    const held = s.pending + s.active + s.unassigned;
    if (held > s.purchased || s.available < 0) {
      this.overAllocated.push(`org ${org.id} summary at ${new Date().toISOString()}: ${JSON.stringify(s)}`);
    }
  }

  private async sampleStore(org: OrgHandle): Promise<void> {
    let docs: LicenseDocument[];
    try {
      docs = await this.ctx.store.tenant<LicenseDocument>(org.id, 'licenses').find({});
    } catch {
      this.unanswered++;
      return;
    }
    this.storeReads++;
    const slots = docs.filter((d): d is LicenseSlotDocument => d.kind === 'slot');
    const members = new Set(slots.map((s) => s.memberId));
    if (slots.length > org.purchased || members.size !== slots.length || slots.some((s) => s.slot >= org.purchased)) {
      this.overAllocated.push(`org ${org.id} store at ${new Date().toISOString()}: ${slots.length} slots for ${members.size} members, numbers ${slots.map((s) => s.slot).join(',')}`);
    }
  }
}

export interface MemberView {
  id: string;
  state: string;
  heldSince: string | null;
  queuePosition: number | null;
}

export interface LicenseOutcome {
  problems: string[];
  wanting: number;
  held: number;
  awaiting: number;
  /** Users the IdP deactivated or deleted (last word). */
  deprovisioned: number;
  /** Of those, how many still hold a license or a license document. */
  lostDeprovisionings: number;
}

/**
 * Once settled, the license world must be what the IdP's last word implies, whatever ran
 * twice or died halfway: a deactivated user is suspended and a deleted one gone, neither with
 * a license document; an active user in a team holds a license or waits for one, and the pool
 * is used to the full (held = min(purchased, wanting)); a user in no team is provisioned.
 */
export async function checkLicenses(ctx: CheckContext, workload: OrgWorkload): Promise<LicenseOutcome> {
  const org = workload.org;
  const problems: string[] = [];
  const members = await listMembers(ctx, org.id);
  const byId = new Map(members.map((m) => [m.id, m]));
  const docs = await ctx.store.tenant<LicenseDocument>(org.id, 'licenses').find({});
  const slots = docs.filter((d): d is LicenseSlotDocument => d.kind === 'slot');
  const holders = docs.filter((d): d is HolderDocument => d.kind === 'holder');
  const slotHolders = new Set(slots.map((s) => s.memberId));
  const holderIds = new Set(holders.map((h) => h.memberId));

  let wanting = 0;
  let deprovisioned = 0;
  let lost = 0;
  for (const user of workload.users) {
    const member = byId.get(user.id);
    const documents = slotHolders.has(user.id) || holderIds.has(user.id);
    if (user.status === 'deleted' || user.status === 'inactive') {
      deprovisioned++;
      let holds = documents;
      if (user.status === 'deleted') {
        if (member) {
          problems.push(`deleted user ${user.userName} is listed as ${member.state}`);
          holds ||= HOLDS.has(member.state);
        } else {
          const one = await ctx.http.send('admin', 'GET', `/admin/v1/orgs/${org.id}/members/${user.id}`, ctx.adminKey);
          if (one?.status === 200 && one.body.state !== 'deleted') problems.push(`deleted user ${user.userName} is ${one.body.state}`);
          else if (one?.status !== 200 && one?.status !== 404) problems.push(`deleted user ${user.userName}: member lookup answered ${one?.status}`);
          if (one?.status === 200) holds ||= HOLDS.has(one.body.state) || one.body.heldSince !== null;
        }
      } else {
        if (member?.state !== 'suspended') problems.push(`deactivated user ${user.userName} is ${member?.state ?? 'missing'}`);
        holds ||= member !== undefined && (HOLDS.has(member.state) || member.heldSince !== null);
      }
      if (holds) {
        lost++;
        problems.push(`lost deprovisioning: ${user.status} user ${user.userName} still holds a license (${member?.state ?? '-'}, documents: ${documents})`);
      }
      continue;
    }
    if (user.groups.size === 0) {
      if (member?.state !== 'provisioned') problems.push(`user ${user.userName} in no team is ${member?.state ?? 'missing'}`);
      if (documents) problems.push(`user ${user.userName} in no team has license documents`);
      continue;
    }
    wanting++;
    if (member?.state !== 'active' && member?.state !== 'awaiting_license') problems.push(`user ${user.userName} in a team is ${member?.state ?? 'missing'}`);
    if ((member?.state === 'active') !== slotHolders.has(user.id)) problems.push(`user ${user.userName} is ${member?.state} but ${slotHolders.has(user.id) ? 'holds' : 'has no'} a slot`);
  }

  const held = members.filter((m) => HOLDS.has(m.state)).length;
  const awaiting = members.filter((m) => m.state === 'awaiting_license');
  const expectedHeld = Math.min(org.purchased, wanting);
  if (held !== expectedHeld) problems.push(`${held} licenses held, expected min(${org.purchased} purchased, ${wanting} wanting) = ${expectedHeld}`);
  if (awaiting.length !== wanting - expectedHeld) problems.push(`${awaiting.length} waiting, expected ${wanting - expectedHeld}`);
  const positions = awaiting.map((m) => m.queuePosition).sort((a, b) => (a ?? 0) - (b ?? 0));
  if (positions.some((p, i) => p !== i + 1)) problems.push(`queue positions ${positions.join(',')} are not 1..${awaiting.length}`);
  if (slots.length !== held || slotHolders.size !== slots.length) problems.push(`${slots.length} slots for ${slotHolders.size} members, ${held} held`);
  if (holders.length !== slots.length) problems.push(`${holders.length} holder documents for ${slots.length} slots (a grant or release left halfway)`);
  const known = new Set(workload.users.map((u) => u.id));
  for (const m of members) if (!known.has(m.id)) problems.push(`member ${m.id} was never created by the IdP`);

  const summary = await ctx.http.send('admin', 'GET', `/admin/v1/orgs/${org.id}/licenses`, ctx.adminKey);
  if (summary?.status !== 200) problems.push(`license summary answered ${summary?.status}`);
  else if (summary.body.active + summary.body.pending + summary.body.unassigned !== held || summary.body.awaiting !== awaiting.length || summary.body.purchased !== org.purchased) {
    problems.push(`license summary ${JSON.stringify(summary.body)} disagrees with the members (${held} held, ${awaiting.length} waiting)`);
  }
  return { problems, wanting, held, awaiting: awaiting.length, deprovisioned, lostDeprovisionings: lost };
}

/**
 * Every write the API acknowledged is stored, and nothing else: each user exists (or not)
 * with the `active` the IdP last set, and each group has exactly the members it was given.
 */
export async function checkScimState(ctx: CheckContext, workload: OrgWorkload): Promise<string[]> {
  const org = workload.org;
  const problems: string[] = [];
  const get = (path: string) => ctx.http.send('scim', 'GET', org.baseUrl + path, org.token);
  for (const user of workload.users) {
    const res = await get(`/Users/${user.id}`);
    if (user.status === 'deleted') {
      if (res?.status !== 404) problems.push(`deleted user ${user.userName} answered ${res?.status}`);
    } else if (res?.status !== 200 || res.body.active !== (user.status === 'active')) {
      problems.push(`user ${user.userName} should be ${user.status}: answered ${res?.status} active=${res?.body?.active}`);
    }
  }
  for (const groupId of workload.groupIds) {
    const res = await get(`/Groups/${groupId}`);
    if (res?.status !== 200) {
      problems.push(`group ${groupId} answered ${res?.status}`);
      continue;
    }
    const stored = new Set(((res.body.members ?? []) as { value: string }[]).map((m) => m.value));
    const expected = new Set(workload.users.filter((u) => u.groups.has(groupId)).map((u) => u.id));
    for (const id of expected) if (!stored.has(id)) problems.push(`group ${groupId} lacks acknowledged member ${id}`);
    for (const id of stored) if (!expected.has(id)) problems.push(`group ${groupId} has member ${id} the IdP never added (or deleted)`);
  }
  return problems;
}

async function listMembers(ctx: CheckContext, orgId: string): Promise<MemberView[]> {
  const all: MemberView[] = [];
  let cursor: string | null = null;
  do {
    const res = await ctx.http.send('admin', 'GET', `/admin/v1/orgs/${orgId}/members?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, ctx.adminKey);
    if (res?.status !== 200) throw new Error(`member list answered ${res?.status}`);
    all.push(...(res.body.items as MemberView[]));
    cursor = res.body.nextCursor;
  } while (cursor);
  return all;
}
