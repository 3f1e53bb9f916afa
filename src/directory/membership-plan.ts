import type { MembershipChange } from '../scim/patch/patch-types';

export interface MemberSetDelta {
  added: string[];
  removed: string[];
}

/**
 * Applies ordered membership changes to the current member set and returns the net delta
 * (RFC 7644 §3.5.2: operations apply in order). `matches` selects members for a
 * `members[<filter>]` removal other than `value eq`.
 */
export function planMembership(
  current: ReadonlySet<string>,
  changes: readonly MembershipChange[],
  matches: (change: Extract<MembershipChange, { kind: 'removeWhere' }>, memberId: string) => boolean,
): MemberSetDelta {
  const members = new Set(current);
  for (const change of changes) {
    switch (change.kind) {
      case 'add':
        for (const id of change.ids) members.add(id);
        break;
      case 'remove':
        for (const id of change.ids) members.delete(id);
        break;
      case 'removeAll':
        members.clear();
        break;
      case 'replaceAll':
        members.clear();
        for (const id of change.ids) members.add(id);
        break;
      case 'removeWhere':
        for (const id of [...members]) if (matches(change, id)) members.delete(id);
        break;
    }
  }
  return {
    added: [...members].filter((id) => !current.has(id)),
    removed: [...current].filter((id) => !members.has(id)),
  };
}

/** Ids a change set adds, so they can be checked to exist before anything is written. */
export function idsToAdd(changes: readonly MembershipChange[]): string[] {
  const ids: string[] = [];
  for (const change of changes) if (change.kind === 'add' || change.kind === 'replaceAll') ids.push(...change.ids);
  return ids;
}
