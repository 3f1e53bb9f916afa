import type { LicenseState } from '../scim/schema/license-extension-schema';
import type { ReleaseReason } from './rules';

/**
 * What a reconcile pass did to members, in the words the sync log shows (CONTRACT.md sync
 * log: "summary"). Pure.
 */
export type LicenseEffect =
  | { kind: 'granted'; invitation: boolean }
  | { kind: 'queued'; position: number }
  | { kind: 'released'; reason: ReleaseReason }
  | { kind: 'accepted' }
  | { kind: 'state changed' };

export interface MemberEffect {
  memberId: string;
  userName: string | null;
  from: LicenseState | null;
  to: LicenseState;
  effect: string;
  reason?: string;
}

export function effectText(effect: LicenseEffect): string {
  switch (effect.kind) {
    case 'granted':
      return effect.invitation ? 'license granted, invitation pending' : 'license granted';
    case 'queued':
      return `queued, position ${effect.position}`;
    case 'released':
      return 'license released';
    case 'accepted':
      return 'invitation accepted';
    case 'state changed':
      return 'state changed';
  }
}

/** e.g. "license granted to 3 members; 2 queued (positions 1-2); 1 released". */
export function summarize(effects: { effect: string }[]): string {
  let granted = 0;
  let released = 0;
  let other = 0;
  const positions: number[] = [];
  for (const { effect } of effects) {
    if (effect.startsWith('license granted')) granted++;
    else if (effect === 'license released') released++;
    else if (effect.startsWith('queued, position ')) positions.push(Number(effect.slice('queued, position '.length)));
    else other++;
  }
  const parts: string[] = [];
  if (granted > 0) parts.push(`license granted to ${granted} member${granted === 1 ? '' : 's'}`);
  if (positions.length > 0) {
    const low = Math.min(...positions);
    const high = Math.max(...positions);
    parts.push(`${positions.length} queued (position${positions.length === 1 ? '' : 's'} ${low === high ? low : `${low}-${high}`})`);
  }
  if (released > 0) parts.push(`${released} released`);
  if (other > 0) parts.push(`${other} other state change${other === 1 ? '' : 's'}`);
  return parts.length > 0 ? parts.join('; ') : 'no license change';
}
