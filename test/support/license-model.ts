/**
 * A reference model of CONTRACT.md's license rules, kept deliberately naive: every request is
 * applied at once and in order, and after each one every member is decided again from the
 * directory and its own license history, then the waiting list is drained. It knows nothing of
 * the engine's documents, passes or workers; tests compare what the admin API shows, once the
 * engine has settled, with what this predicts.
 *
 * Members and groups are named by model keys (`u1`, `g1`…); tests map them to SCIM ids.
 * Left out on purpose: `suspendedHoldDays` (always 0 here), invitation expiry, lowering the
 * pool, and settings changes after the org is created.
 */

import type { LicenseSummary } from '../../src/licenses/license-summary';
import type { LicenseState } from '../../src/scim/schema/license-extension-schema';

/** The states and the summary are CONTRACT.md's wire shapes, shared with the server. */
export type ModelLicenseState = LicenseState;

export interface ModelSettings {
  invitationMode: 'auto' | 'invite';
  defaultTeam: string | null;
  teamGroupPrefix: string | null;
  exhaustedPolicy: 'queue' | 'reject';
}

/** The id of the team `defaultTeam` stands for (no SCIM Group carries it). */
export const MODEL_DEFAULT_TEAM_ID = 'default';

export interface ModelTeam {
  /** A group key, or MODEL_DEFAULT_TEAM_ID. */
  key: string;
  name: string;
}

export interface ModelMember {
  key: string;
  state: ModelLicenseState;
  /** 1-based, only while awaiting_license. */
  queuePosition: number | null;
  holdsLicense: boolean;
  active: boolean;
  teams: ModelTeam[];
}

/** The license summary the model predicts; teams are named by model keys, not group ids. */
export type ModelSummary = Omit<LicenseSummary, 'exhaustedSince' | 'teams'> & {
  teams: { key: string; name: string; members: number; licensed: number }[];
};

/** What a write did: applied, or refused with 403 because the pool is exhausted (`exhaustedPolicy: "reject"`). */
export type WriteOutcome = 'applied' | 'rejected';

interface UserRecord {
  key: string;
  /** Creation order: breaks ties between members who first need a license through one request. */
  seq: number;
  active: boolean;
  deleted: boolean;
  state: ModelLicenseState;
  holds: boolean;
  /** Holds a license through an invitation not yet accepted. */
  invited: boolean;
}

interface GroupRecord {
  key: string;
  name: string;
  members: Set<string>;
}

interface WaitKey {
  /** The request that first made the member need a license. */
  tick: number;
  seq: number;
}

export class OrgLicenseModel {
  private readonly users = new Map<string, UserRecord>();
  private readonly groups = new Map<string, GroupRecord>();
  private readonly waiting = new Map<string, WaitKey>();
  private tick = 0;
  private nextUser = 1;
  private nextGroup = 1;

  constructor(
    readonly settings: ModelSettings,
    private purchasedCount: number,
  ) {}

  get purchased(): number {
    return this.purchasedCount;
  }

  // ---- the directory as the IdP sees it ----

  /** Keys of users that exist (not deleted), oldest first. */
  userKeys(filter: (m: ModelMember) => boolean = () => true): string[] {
    return [...this.users.values()].filter((u) => !u.deleted).map((u) => u.key).filter((k) => filter(this.member(k)));
  }

  /** Every user ever created, deleted ones too. */
  allUserKeys(): string[] {
    return [...this.users.keys()];
  }

  groupKeys(): string[] {
    return [...this.groups.keys()];
  }

  groupName(key: string): string {
    return this.requireGroup(key).name;
  }

  groupMembers(key: string): string[] {
    return [...this.requireGroup(key).members];
  }

  isUserActive(key: string): boolean {
    return this.requireUser(key).active;
  }

  isDeleted(key: string): boolean {
    return this.requireUser(key).deleted;
  }

  hasGroupName(name: string): boolean {
    return [...this.groups.values()].some((g) => g.name.toLowerCase() === name.toLowerCase());
  }

  isTeamName(name: string): boolean {
    return this.settings.teamGroupPrefix === null || name.startsWith(this.settings.teamGroupPrefix);
  }

  // ---- requests ----

  /** POST /Users. Returns the new key, or null when refused (a default team and no free license). */
  createUser(active: boolean): string | null {
    const key = `u${this.nextUser}`;
    if (active && this.settings.defaultTeam !== null && this.refuses([key])) return null;
    this.nextUser++;
    this.users.set(key, { key, seq: this.users.size, active, deleted: false, state: 'provisioned', holds: false, invited: false });
    this.settle();
    return key;
  }

  /** PATCH active. A reactivation into a team is a new need (CONTRACT.md: decided like a new arrival). */
  setActive(key: string, active: boolean): WriteOutcome {
    const user = this.requireLiveUser(key);
    if (user.active === active) return 'applied';
    if (active && this.wouldBeInTeam(key, { active: true }) && this.refuses([key])) return 'rejected';
    user.active = active;
    this.settle();
    return 'applied';
  }

  /** SCIM DELETE, or the admin API's member delete. */
  deleteUser(key: string): void {
    const user = this.requireLiveUser(key);
    user.deleted = true;
    for (const group of this.groups.values()) group.members.delete(key);
    this.settle();
  }

  /** POST /Groups with members. Returns the new key, or null when refused. */
  createGroup(name: string, members: string[]): string | null {
    if (this.hasGroupName(name)) throw new Error(`model: group name ${name} is taken`);
    for (const m of members) this.requireLiveUser(m);
    if (this.isTeamName(name) && this.refuses(members.filter((m) => this.isUserActive(m)))) return null;
    const key = `g${this.nextGroup++}`;
    this.groups.set(key, { key, name, members: new Set(members) });
    this.settle();
    return key;
  }

  addMembers(groupKey: string, members: string[]): WriteOutcome {
    const group = this.requireGroup(groupKey);
    for (const m of members) this.requireLiveUser(m);
    const added = [...new Set(members)].filter((m) => !group.members.has(m));
    if (added.length === 0) return 'applied';
    if (this.isTeamName(group.name) && this.refuses(added.filter((m) => this.isUserActive(m)))) return 'rejected';
    for (const m of added) group.members.add(m);
    this.settle();
    return 'applied';
  }

  removeMembers(groupKey: string, members: string[]): void {
    const group = this.requireGroup(groupKey);
    const removed = members.filter((m) => group.members.has(m));
    if (removed.length === 0) return;
    for (const m of removed) group.members.delete(m);
    this.settle();
  }

  /**
   * A rename keeps the team (its id is the group's) and, with a `teamGroupPrefix`, may make the
   * group a team or stop it being one. CONTRACT.md's reject policy names creates, member adds and
   * reactivations; a rename is not refused.
   */
  renameGroup(groupKey: string, name: string): void {
    const group = this.requireGroup(groupKey);
    if (group.name === name) return;
    if (this.hasGroupName(name) && group.name.toLowerCase() !== name.toLowerCase()) throw new Error(`model: group name ${name} is taken`);
    group.name = name;
    this.settle();
  }

  deleteGroup(groupKey: string): void {
    this.requireGroup(groupKey);
    this.groups.delete(groupKey);
    this.settle();
  }

  /** POST …/licenses/purchases: `purchased` grows at once, the waiting list is served in order. */
  purchase(quantity: number): void {
    if (!Number.isInteger(quantity) || quantity < 1) throw new Error('model: a purchase adds at least one license');
    this.purchasedCount += quantity;
    this.settle();
  }

  /** POST …/members/:id/accept: true when a pending invitation was accepted (200), false for 409 NOT_PENDING. */
  accept(key: string): boolean {
    const user = this.requireUser(key);
    if (user.state !== 'pending') return false;
    user.invited = false;
    this.settle();
    return true;
  }

  // ---- what the admin API should show ----

  member(key: string): ModelMember {
    const user = this.requireUser(key);
    const order = this.waitingOrder();
    const position = order.indexOf(key);
    return {
      key,
      state: user.state,
      queuePosition: position >= 0 ? position + 1 : null,
      holdsLicense: user.holds,
      active: user.active,
      teams: user.deleted ? [] : this.teamsOf(user),
    };
  }

  members(): ModelMember[] {
    return this.allUserKeys().map((k) => this.member(k));
  }

  /** Keys of members awaiting a license, head of the list first. */
  waitingOrder(): string[] {
    return [...this.waiting.entries()].sort(([, a], [, b]) => a.tick - b.tick || a.seq - b.seq).map(([key]) => key);
  }

  holders(): string[] {
    return [...this.users.values()].filter((u) => u.holds).map((u) => u.key);
  }

  summary(): ModelSummary {
    const live = [...this.users.values()].filter((u) => !u.deleted);
    const count = (state: ModelLicenseState) => live.filter((u) => u.state === state).length;
    const available = Math.max(0, this.purchasedCount - this.holders().length);
    const teams = new Map<string, { key: string; name: string; members: number; licensed: number }>();
    for (const group of this.groups.values()) {
      if (this.isTeamName(group.name)) teams.set(group.key, { key: group.key, name: group.name, members: 0, licensed: 0 });
    }
    if (this.settings.defaultTeam !== null) {
      teams.set(MODEL_DEFAULT_TEAM_ID, { key: MODEL_DEFAULT_TEAM_ID, name: this.settings.defaultTeam, members: 0, licensed: 0 });
    }
    for (const user of live) {
      for (const team of this.teamsOf(user)) {
        const entry = teams.get(team.key)!;
        entry.members++;
        if (user.holds) entry.licensed++;
      }
    }
    return {
      purchased: this.purchasedCount,
      active: count('active'),
      pending: count('pending'),
      unassigned: count('unassigned'),
      available,
      awaiting: this.waiting.size,
      suspended: count('suspended'),
      exhausted: available === 0,
      teams: [...teams.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    };
  }

  /** Licenses nobody holds or waits for. */
  freeLicenses(): number {
    return Math.max(0, this.purchasedCount - this.holders().length - this.waiting.size);
  }

  // ---- the rules ----

  private teamsOf(user: UserRecord, override: { active?: boolean } = {}): ModelTeam[] {
    const teams: ModelTeam[] = [];
    for (const group of this.groups.values()) {
      if (group.members.has(user.key) && this.isTeamName(group.name)) teams.push({ key: group.key, name: group.name });
    }
    const active = override.active ?? user.active;
    if (this.settings.defaultTeam !== null && active) teams.push({ key: MODEL_DEFAULT_TEAM_ID, name: this.settings.defaultTeam });
    return teams.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.key < b.key ? -1 : 1));
  }

  private wouldBeInTeam(key: string, override: { active?: boolean }): boolean {
    return this.teamsOf(this.requireUser(key), override).length > 0;
  }

  /**
   * CONTRACT.md `exhaustedPolicy: "reject"`: refused when the members who would newly need a
   * license outnumber the free licenses. `candidates` are active and in a team after the write;
   * those already holding a license or waiting for one are no new need.
   */
  private refuses(candidates: string[]): boolean {
    if (this.settings.exhaustedPolicy !== 'reject') return false;
    const newNeeds = [...new Set(candidates)].filter((key) => {
      const user = this.users.get(key);
      return !user || (!user.holds && !this.waiting.has(key));
    });
    return newNeeds.length > this.freeLicenses();
  }

  /** Every member decided again after a request, then the waiting list drained in order. */
  private settle(): void {
    const tick = ++this.tick;
    for (const user of this.users.values()) {
      if (user.deleted || !user.active) {
        this.release(user);
        this.waiting.delete(user.key);
        user.state = user.deleted ? 'deleted' : 'suspended';
        continue;
      }
      const inTeam = this.teamsOf(user).length > 0;
      if (user.holds) {
        user.state = user.invited ? 'pending' : inTeam ? 'active' : 'unassigned';
      } else if (inTeam) {
        if (!this.waiting.has(user.key)) this.waiting.set(user.key, { tick, seq: user.seq });
        user.state = 'awaiting_license';
      } else {
        this.waiting.delete(user.key);
        user.state = 'provisioned';
      }
    }
    let free = this.purchasedCount - this.holders().length;
    for (const key of this.waitingOrder()) {
      if (free <= 0) break;
      const user = this.users.get(key)!;
      this.waiting.delete(key);
      user.holds = true;
      user.invited = this.settings.invitationMode === 'invite';
      user.state = user.invited ? 'pending' : 'active';
      free--;
    }
  }

  private release(user: UserRecord): void {
    user.holds = false;
    user.invited = false;
  }

  private requireUser(key: string): UserRecord {
    const user = this.users.get(key);
    if (!user) throw new Error(`model: no user ${key}`);
    return user;
  }

  private requireLiveUser(key: string): UserRecord {
    const user = this.requireUser(key);
    if (user.deleted) throw new Error(`model: user ${key} is deleted`);
    return user;
  }

  private requireGroup(key: string): GroupRecord {
    const group = this.groups.get(key);
    if (!group) throw new Error(`model: no group ${key}`);
    return group;
  }
}
