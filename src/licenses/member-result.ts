import type { LicenseState } from '../scim/schema/license-extension-schema';
import type { HeldLicense } from './ledger';
import type { GrantOutcome } from './license-writer';
import type { MemberCase } from './member-cases';
import type { MemberOutcome } from './member-read-model';
import { effectText, type LicenseEffect, type MemberEffect } from './pass-effects';
import { stateAfterDrain, type MemberDecision } from './rules';

/** One member after a pass: its read-model outcome and what changed for it (sync log). Pure. */
export interface MemberResult {
  memberId: string;
  user: MemberCase['user'];
  previous: MemberCase['previous'];
  outcome: MemberOutcome;
  effects: MemberEffect[];
}

export interface DecidedMember extends MemberCase {
  decision: MemberDecision;
}

/** `held`: the license it held before the pass; `grant`: what the drain did for it, if anything. */
export function memberResult(
  d: DecidedMember,
  held: HeldLicense | undefined,
  grant: GrantOutcome | undefined,
  positions: ReadonlyMap<string, number>,
  invite: boolean,
): MemberResult {
  const { decision } = d;
  const granted = grant?.kind === 'granted' ? grant : undefined;
  const kept = decision.license === 'keep' ? held : undefined;
  const state: LicenseState =
    decision.license === 'need' ? stateAfterDrain(granted !== undefined, { invitationMode: invite ? 'invite' : 'auto' }) : decision.state;
  const outcome: MemberOutcome = {
    state,
    teams: d.facts.teams.map((t) => ({ id: t.id, name: t.name })),
    heldSince: kept?.grantedAt ?? granted?.at ?? null,
    needSince: state === 'awaiting_license' ? decision.needSince : null,
    invitedAt: kept?.invitedAt ?? granted?.invitedAt ?? null,
    acceptedAt: kept?.acceptedAt ?? null,
    inviteExpiredAt: decision.inviteExpiredAt,
    suspendedAt: decision.suspendedAt,
  };
  const from = d.previous?.state ?? null;
  const userName = d.user && typeof d.user.attrs.userName === 'string' ? d.user.attrs.userName : (d.previous?.userName ?? null);
  const effect = (e: LicenseEffect, reason?: string): MemberEffect => ({
    memberId: d.memberId,
    userName,
    from,
    to: state,
    effect: effectText(e),
    ...(reason ? { reason } : {}),
  });
  const effects: MemberEffect[] = [];
  if (decision.release) effects.push(effect({ kind: 'released', reason: decision.release }, decision.release));
  if (granted) effects.push(effect({ kind: 'granted', invitation: invite }));
  if (state === 'awaiting_license' && from !== 'awaiting_license') effects.push(effect({ kind: 'queued', position: positions.get(d.memberId) ?? 0 }));
  if (effects.length === 0 && from !== state) {
    effects.push(effect(from === 'pending' && kept?.acceptedAt ? { kind: 'accepted' } : { kind: 'state changed' }));
  }
  return { memberId: d.memberId, user: d.user, previous: d.previous, outcome, effects };
}
