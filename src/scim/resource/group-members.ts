/**
 * Group members in request bodies and PATCH values. Members are a set of resource ids
 * (DESIGN.md point 7), so duplicates are dropped with a Set, in time linear in the list.
 */
import { AppError } from '../../errors';
import { describeJsonValue, entriesByLowerCaseKey, isPlainObject } from './json-objects';

export interface GroupMember {
  value: string;
  display?: string;
  type?: string;
}

/** Normalises a members value; null means an empty list. `$ref` is dropped: it is derived from the id. */
export function normalizeGroupMembers(raw: unknown, label: string): GroupMember[] {
  if (raw === null || raw === undefined) return [];
  const elements = Array.isArray(raw) ? raw : [raw];
  const seen = new Set<string>();
  const members: GroupMember[] = [];
  elements.forEach((element, index) => {
    const member = normalizeGroupMember(element, `${label}[${index}]`);
    if (member === undefined || seen.has(member.value)) return;
    seen.add(member.value);
    members.push(member);
  });
  return members;
}

export function groupMemberIds(raw: unknown, label: string): string[] {
  return normalizeGroupMembers(raw, label).map((member) => member.value);
}

function normalizeGroupMember(element: unknown, label: string): GroupMember | undefined {
  if (element === null) return undefined;
  if (!isPlainObject(element)) {
    throw new AppError(
      'INVALID_VALUE',
      `"${label}" must be an object such as {"value": "<member id>"}, but the request sent ${describeJsonValue(element)}.`,
    );
  }
  const byName = entriesByLowerCaseKey(element);
  const member: GroupMember = { value: requireMemberId(byName.get('value'), `${label}.value`) };
  const display = optionalString(byName.get('display'), `${label}.display`);
  const type = optionalString(byName.get('type'), `${label}.type`);
  if (display !== undefined) member.display = display;
  if (type !== undefined) member.type = type;
  return member;
}

export function requireMemberId(raw: unknown, label: string): string {
  if (typeof raw !== 'string' || raw.length === 0) {
    throw new AppError(
      'INVALID_VALUE',
      `"${label}" must be the member's id as a non-empty string, but the request sent ${raw === undefined ? 'nothing' : describeJsonValue(raw)}.`,
    );
  }
  return raw;
}

function optionalString(raw: unknown, label: string): string | undefined {
  if (raw === null || raw === undefined) return undefined;
  if (typeof raw !== 'string') {
    throw new AppError('INVALID_VALUE', `"${label}" must be a string, but the request sent ${describeJsonValue(raw)}.`);
  }
  return raw;
}
