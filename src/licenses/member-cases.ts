import type { MembershipDocument, UserDocument } from '../directory/documents';
import type { ChangeBatch } from './change-batch';
import type { Ledger } from './ledger';
import type { PreviousMember } from './member-read-model';
import type { OrgSnapshot } from './org-snapshot';
import { earliest } from './pool-status';
import type { MemberFacts } from './rules';
import { teamsOf, type TeamSettings } from './teams';

/** One member as the pass sees it: the facts for the rules, and what its read model needs. */
export interface MemberCase {
  memberId: string;
  user: UserDocument | null;
  previous: PreviousMember | null;
  facts: MemberFacts;
}

/**
 * The facts of the members a pass decides: `memberIds` (a targeted pass, whose snapshot holds
 * those members), else every member of the org: users, members known from earlier passes
 * (deleted ones too), holders and waiters. Members with a grant or release in flight elsewhere
 * are left out: the worker doing it decides them. Pure.
 */
export function memberCases(
  snapshot: OrgSnapshot,
  ledger: Ledger,
  batch: ChangeBatch,
  teamSettings: TeamSettings,
  now: Date,
  memberIds?: readonly string[],
): MemberCase[] {
  const { users, groups, memberships } = snapshot.directory;
  const groupNames = new Map([...groups.values()].map((g) => [g.id, String(g.attrs.displayName ?? '')]));
  const membershipsByUser = groupBy(memberships, (m) => m.userId);
  const waitingByMember = new Map(snapshot.waiting.map((w) => [w.memberId, w]));
  // The whole org includes members the records name that no document shows any more (a user
  // created and deleted before any pass saw it).
  const ids = new Set<string>(memberIds ?? [...users.keys(), ...snapshot.members.keys(), ...ledger.held.keys(), ...waitingByMember.keys(), ...batch.memberIds]);
  const cases: MemberCase[] = [];
  for (const memberId of ids) {
    if (ledger.inFlight.has(memberId)) continue;
    const user = users.get(memberId) ?? null;
    const previous = snapshot.members.get(memberId) ?? null;
    const held = ledger.held.get(memberId);
    const waiting = waitingByMember.get(memberId);
    const teams = user ? teamsOf({ active: user.active, createdAt: user.created }, membershipsByUser.get(memberId) ?? [], groupNames, teamSettings) : [];
    const facts: MemberFacts = {
      memberId,
      user: user ? { active: user.active, createdAt: user.created } : null,
      teams,
      holding: held ? { grantId: held.grantId, grantedAt: held.grantedAt, invitedAt: held.invitedAt, acceptedAt: held.acceptedAt } : null,
      waiting: waiting ? { needSince: waiting.needSince } : null,
      suspendedAt: ledger.suspensions.get(memberId)?.at ?? null,
      inviteExpiredAt: ledger.inviteExpiries.get(memberId)?.[0]?.at ?? null,
      // A need cannot start before the member was in a team it is in now (a new need's FIFO key).
      changeAt: batch.changeAt(memberId, now, earliest(teams.map((t) => t.since))),
    };
    cases.push({ memberId, user, previous, facts });
  }
  return cases;
}

function groupBy(memberships: MembershipDocument[], key: (m: MembershipDocument) => string): Map<string, MembershipDocument[]> {
  const out = new Map<string, MembershipDocument[]>();
  for (const membership of memberships) {
    const list = out.get(key(membership));
    if (list) list.push(membership);
    else out.set(key(membership), [membership]);
  }
  return out;
}
