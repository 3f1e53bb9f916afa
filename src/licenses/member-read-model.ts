import type { UserDocument } from '../directory/documents';
import type { MemberDocument } from './member-document';

/** Builds and compares member read-model documents. Pure. */

/** What a pass decided about a member: the license part of its read-model document. */
export type MemberOutcome = Pick<
  MemberDocument,
  'state' | 'teams' | 'heldSince' | 'needSince' | 'invitedAt' | 'acceptedAt' | 'inviteExpiredAt' | 'suspendedAt'
>;

/** The read model of a member; `previous` keeps what a deleted user no longer tells us. */
export function memberDocument(
  orgId: string,
  userId: string,
  user: UserDocument | null,
  previous: MemberDocument | null,
  outcome: MemberOutcome,
  now: Date,
): MemberDocument {
  const identity = user ? identityOf(user) : identityOfPrevious(previous);
  const doc: MemberDocument = {
    _id: `${orgId}:${userId}`,
    orgId,
    userId,
    ...identity,
    ...outcome,
    createdAt: previous?.createdAt ?? user?.created ?? now,
    updatedAt: now,
  };
  if (previous && sameContent(previous, doc)) doc.updatedAt = previous.updatedAt;
  return doc;
}

type Identity = Pick<MemberDocument, 'userName' | 'externalId' | 'name' | 'emails' | 'active'>;

function identityOf(user: UserDocument): Identity {
  const attrs = user.attrs;
  return {
    userName: typeof attrs.userName === 'string' ? attrs.userName : null,
    externalId: user.externalId,
    name: nameOf(attrs),
    emails: emailsOf(attrs),
    active: user.active,
  };
}

function identityOfPrevious(previous: MemberDocument | null): Identity {
  return {
    userName: previous?.userName ?? null,
    externalId: previous?.externalId ?? null,
    name: previous?.name ?? null,
    emails: previous?.emails ?? [],
    active: false,
  };
}

function nameOf(attrs: Record<string, unknown>): string | null {
  const name = attrs.name as { formatted?: unknown; givenName?: unknown; familyName?: unknown } | undefined;
  if (name && typeof name.formatted === 'string') return name.formatted;
  const parts = [name?.givenName, name?.familyName].filter((p): p is string => typeof p === 'string');
  if (parts.length > 0) return parts.join(' ');
  return typeof attrs.displayName === 'string' ? attrs.displayName : null;
}

function emailsOf(attrs: Record<string, unknown>): string[] {
  if (!Array.isArray(attrs.emails)) return [];
  return attrs.emails
    .map((e) => (e && typeof e === 'object' ? (e as { value?: unknown }).value : undefined))
    .filter((v): v is string => typeof v === 'string');
}

const COMPARED: (keyof MemberDocument)[] = [
  'userName', 'externalId', 'name', 'emails', 'active', 'state', 'teams', 'heldSince', 'needSince',
  'invitedAt', 'acceptedAt', 'inviteExpiredAt', 'suspendedAt', 'createdAt',
];

/** Equal apart from `updatedAt`: such a document need not be written again. */
export function sameContent(a: MemberDocument, b: MemberDocument): boolean {
  return COMPARED.every((key) => comparable(a[key]) === comparable(b[key]));
}

function comparable(value: unknown): string {
  return JSON.stringify(value ?? null);
}
