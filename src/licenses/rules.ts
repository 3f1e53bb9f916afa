import type { LicenseState } from '../scim/schema/license-extension-schema';
import type { TeamMembership } from './teams';

/**
 * The license rules of CONTRACT.md ("Member license states") and the FAQ, as pure functions:
 * what one member's license state should be, given the facts about it. The reconcile pass
 * gathers the facts, calls `decideMember`, carries out the decision, and lets the waiting list
 * drain (drain.ts) settle who of those needing a license gets one.
 */

export interface RuleSettings {
  invitationMode: 'auto' | 'invite';
  suspendedHoldDays: number;
  pendingInviteExpiryDays: number;
}

/** A license the member holds: its holder and slot documents agree (ledger.ts). */
export interface Holding {
  grantId: string;
  grantedAt: Date;
  /** The grant was an invitation; null when it activated at once. */
  invitedAt: Date | null;
  acceptedAt: Date | null;
}

export interface MemberFacts {
  memberId: string;
  /** The SCIM user; null when it no longer exists (SCIM DELETE or admin delete). */
  user: { active: boolean; createdAt: Date } | null;
  teams: TeamMembership[];
  holding: Holding | null;
  waiting: { needSince: Date } | null;
  /** When the member was first seen suspended (a suspension record), if it was. */
  suspendedAt: Date | null;
  /** The latest invitation of the member that expired, if any. */
  inviteExpiredAt: Date | null;
  /** When the change that this pass applies for the member was accepted: a new need's FIFO key. */
  changeAt: Date;
}

export type ReleaseReason = 'deleted' | 'suspended' | 'invitation expired';

export interface MemberDecision {
  /** Give the held license back first, for this reason. */
  release: ReleaseReason | null;
  /** After any release: keep the license, need one (the drain decides), or neither. */
  license: 'keep' | 'need' | 'none';
  /** The state, except when `license` is "need": then see `stateAfterDrain`. */
  state: LicenseState;
  /** The waiting list's key while the member needs a license. */
  needSince: Date | null;
  /** The suspension record that should exist (null: none should). */
  suspendedAt: Date | null;
  /** An invitation expiry to record now. */
  inviteExpiry: { grantId: string; at: Date } | null;
  /** The expiry that still counts after this decision (a reactivation forgets it). */
  inviteExpiredAt: Date | null;
  /** When this member next has time-based work (a hold or an invitation runs out). */
  deadline: Date | null;
}

const DAY_MS = 86_400_000;

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

export function decideMember(facts: MemberFacts, settings: RuleSettings, now: Date): MemberDecision {
  if (facts.user === null) return deleted(facts);
  if (!facts.user.active) return suspended(facts, settings, now);
  return activeMember(facts, settings, now);
}

/** CONTRACT.md `deleted`: license released; nothing about the member is kept but its read model. */
function deleted(facts: MemberFacts): MemberDecision {
  return {
    release: facts.holding ? 'deleted' : null,
    license: 'none',
    state: 'deleted',
    needSince: null,
    suspendedAt: null,
    inviteExpiry: null,
    inviteExpiredAt: null,
    deadline: null,
  };
}

/**
 * CONTRACT.md `suspended`: the IdP set active=false. The license is released at once, or kept
 * until `suspendedHoldDays` after the suspension began. A suspended member never waits.
 */
function suspended(facts: MemberFacts, settings: RuleSettings, now: Date): MemberDecision {
  const suspendedAt = facts.suspendedAt ?? facts.changeAt;
  const base = {
    state: 'suspended' as const,
    needSince: null,
    suspendedAt,
    inviteExpiry: null,
    inviteExpiredAt: facts.inviteExpiredAt,
  };
  if (!facts.holding) return { ...base, release: null, license: 'none', deadline: null };
  const releaseAt = addDays(suspendedAt, settings.suspendedHoldDays);
  if (now.getTime() >= releaseAt.getTime()) return { ...base, release: 'suspended', license: 'none', deadline: null };
  return { ...base, release: null, license: 'keep', deadline: releaseAt };
}

function activeMember(facts: MemberFacts, settings: RuleSettings, now: Date): MemberDecision {
  // "Reactivation is decided like a new arrival" (CONTRACT.md): an earlier expired invitation
  // no longer stops the member from needing a license, and a new need joins the tail.
  const reactivated = facts.suspendedAt !== null;
  const inviteExpiredAt = reactivated ? null : facts.inviteExpiredAt;
  const base = { suspendedAt: null, inviteExpiry: null, inviteExpiredAt };
  const holding = facts.holding;
  if (holding) {
    if (holding.invitedAt !== null && holding.acceptedAt === null) {
      const expiresAt = addDays(holding.invitedAt, settings.pendingInviteExpiryDays);
      if (now.getTime() < expiresAt.getTime()) {
        return { ...base, release: null, license: 'keep', state: 'pending', needSince: null, deadline: expiresAt };
      }
      // The invitation expired: the license returns and the member is provisioned again; it
      // needs a license only through a team it joins after the expiry.
      const needs = needsLicense(facts.teams, expiresAt);
      return {
        ...base,
        release: 'invitation expired',
        license: needs ? 'need' : 'none',
        state: needs ? 'awaiting_license' : 'provisioned',
        needSince: needs ? facts.changeAt : null,
        inviteExpiry: { grantId: holding.grantId, at: expiresAt },
        inviteExpiredAt: expiresAt,
        deadline: null,
      };
    }
    // FAQ: one license however many teams; a member removed from every team keeps it (unassigned).
    const state: LicenseState = facts.teams.length > 0 ? 'active' : 'unassigned';
    return { ...base, release: null, license: 'keep', state, needSince: null, deadline: null };
  }
  if (needsLicense(facts.teams, inviteExpiredAt)) {
    const needSince = facts.waiting?.needSince ?? facts.changeAt;
    return { ...base, release: null, license: 'need', state: 'awaiting_license', needSince, deadline: null };
  }
  return { ...base, release: null, license: 'none', state: 'provisioned', needSince: null, deadline: null };
}

/** In a team, and — after an expired invitation — in one joined after that expiry. */
export function needsLicense(teams: TeamMembership[], inviteExpiredAt: Date | null): boolean {
  if (inviteExpiredAt === null) return teams.length > 0;
  return teams.some((team) => team.since.getTime() > inviteExpiredAt.getTime());
}

/** The state of a member who needed a license, once the drain has run. */
export function stateAfterDrain(granted: boolean, settings: Pick<RuleSettings, 'invitationMode'>): LicenseState {
  if (!granted) return 'awaiting_license';
  return settings.invitationMode === 'invite' ? 'pending' : 'active';
}

/** The state an accepted invitation leads to (admin accept). */
export function stateAfterAcceptance(teamCount: number): LicenseState {
  return teamCount > 0 ? 'active' : 'unassigned';
}

/** A pending invitation that an admin may accept now. */
export function isAcceptable(
  holding: Pick<Holding, 'invitedAt' | 'acceptedAt'>,
  userActive: boolean,
  settings: Pick<RuleSettings, 'pendingInviteExpiryDays'>,
  now: Date,
): boolean {
  if (!userActive || holding.invitedAt === null || holding.acceptedAt !== null) return false;
  return now.getTime() < addDays(holding.invitedAt, settings.pendingInviteExpiryDays).getTime();
}
