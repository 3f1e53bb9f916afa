/**
 * Group `members` never live in the resource (a group may have 100,000 of them): each
 * operation on them becomes an ordered MembershipChange. Shapes handled (research §2.2, §1.3,
 * §3, §4 row 6):
 *  - add, path "members", value [{value}]           → add ids (Entra, Okta, OneLogin)
 *  - remove, path "members[value eq \"id\"]"          → remove [id] (Okta, Entra with the flag)
 *  - remove, path "members", value [{value}]         → remove ONLY those ids (Entra legacy,
 *    JumpCloud); strict RFC 7644 would drop every member, which is never what they mean
 *  - remove, path "members", no value (or null)      → removeAll
 *  - replace, path "members", value [...]            → replaceAll (Okta); [] or null → removeAll
 *  - remove with any other members filter            → removeWhere (the caller evaluates it)
 *  - add/replace with members[value eq "id"]        → add [id] (an upsert, as for other attributes)
 * Ids are de-duplicated with a Set, so a 10,000-member add costs linear time.
 */
import { AppError } from '../../errors';
import type { FilterNode } from '../filter/ast';
import { groupMemberIds, requireMemberId } from '../resource/group-members';
import type { AttributeTarget } from './patch-targets';
import type { MembershipChange, PatchOperationName } from './patch-types';

export function membershipChangeFor(
  op: PatchOperationName,
  target: AttributeTarget,
  value: unknown,
): MembershipChange | undefined {
  const { label } = target;
  if (target.subAttribute !== undefined) {
    throw new AppError(
      'INVALID_PATH',
      `The path ${JSON.stringify(label)} addresses a sub-attribute of members; members are added or removed whole (RFC 7643 §4.2), e.g. path "members[value eq \\"<id>\\"]".`,
    );
  }
  if (target.filter !== undefined) {
    const ids = memberIdsSelectedBy(target.filter, label);
    if (op === 'remove') return ids === undefined ? { kind: 'removeWhere', filter: target.filter } : { kind: 'remove', ids };
    if (ids === undefined) {
      throw new AppError(
        'INVALID_PATH',
        `"${op}" with the path ${JSON.stringify(label)} cannot tell which member to add; use path "members" with a value of [{"value": "<id>"}].`,
      );
    }
    return { kind: 'add', ids };
  }
  switch (op) {
    case 'add': {
      const ids = groupMemberIds(value, label);
      return ids.length === 0 ? undefined : { kind: 'add', ids };
    }
    case 'replace': {
      const ids = groupMemberIds(value, label);
      return ids.length === 0 ? { kind: 'removeAll' } : { kind: 'replaceAll', ids };
    }
    case 'remove': {
      if (value === undefined || value === null) return { kind: 'removeAll' };
      const ids = groupMemberIds(value, label);
      return ids.length === 0 ? undefined : { kind: 'remove', ids };
    }
  }
}

/** The ids a filter such as `value eq "a" or value eq "b"` selects; undefined for any other filter. */
function memberIdsSelectedBy(filter: FilterNode, label: string): string[] | undefined {
  if (filter.kind === 'compare' && filter.op === 'eq' && filter.path.attr === 'value') {
    return [requireMemberId(filter.value, `${label} (the value compared with "value")`)];
  }
  if (filter.kind !== 'or') return undefined;
  const ids = new Set<string>();
  for (const child of filter.filters) {
    const childIds = memberIdsSelectedBy(child, label);
    if (childIds === undefined) return undefined;
    for (const id of childIds) ids.add(id);
  }
  return [...ids];
}
