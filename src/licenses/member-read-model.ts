import { createHash } from 'node:crypto';
import type { UserDocument } from '../directory/documents';
import type { MemberDocument } from './member-document';

/** Builds and compares member read-model documents. Pure. */

/**
 * What a pass needs of a member's stored read model: its state, what a new document carries
 * over, and a key of its content to compare with. A pass over a whole org holds one per
 * member, so the stored document itself is not kept: its identity only where the user is gone
 * (a deleted member keeps showing who it was), and `null` elsewhere.
 */
export interface PreviousMember {
  userId: string;
  state: MemberDocument['state'];
  userName: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** `contentKey` of the stored document. */
  content: string;
  /** The rest of who the member was (with `userName` above); a deleted member is shown inactive. */
  identity: Pick<Identity, 'externalId' | 'name' | 'emails'> | null;
}

/** `withIdentity`: keep who the member was (needed when its user no longer exists). */
export function previousMember(doc: MemberDocument, withIdentity: boolean): PreviousMember {
  return {
    userId: doc.userId,
    state: doc.state,
    userName: doc.userName,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    content: contentKey(doc),
    identity: withIdentity ? { externalId: doc.externalId, name: doc.name, emails: doc.emails } : null,
  };
}

/** What a pass decided about a member: the license part of its read-model document. */
export type MemberOutcome = Pick<
  MemberDocument,
  'state' | 'teams' | 'heldSince' | 'needSince' | 'invitedAt' | 'acceptedAt' | 'inviteExpiredAt' | 'suspendedAt'
>;

/** A member's next read-model document, and the write it needs (none when only `updatedAt` would change). */
export interface NextMemberDocument {
  document: MemberDocument;
  write: 'insert' | 'replace' | null;
}

/** The read model of a member; `previous` keeps what a deleted user no longer tells us. */
export function nextMemberDocument(
  orgId: string,
  userId: string,
  user: UserDocument | null,
  previous: PreviousMember | null,
  outcome: MemberOutcome,
  now: Date,
): NextMemberDocument {
  const identity = user ? identityOf(user) : identityOfPrevious(previous);
  const document: MemberDocument = {
    _id: `${orgId}:${userId}`,
    orgId,
    userId,
    ...identity,
    ...outcome,
    createdAt: previous?.createdAt ?? user?.created ?? now,
    updatedAt: now,
  };
  if (!previous) return { document, write: 'insert' };
  if (previous.content !== contentKey(document)) return { document, write: 'replace' };
  document.updatedAt = previous.updatedAt;
  return { document, write: null };
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

function identityOfPrevious(previous: PreviousMember | null): Identity {
  const identity = previous?.identity;
  return {
    userName: previous?.userName ?? null,
    externalId: identity?.externalId ?? null,
    name: identity?.name ?? null,
    emails: identity?.emails ?? [],
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

/**
 * Equal for two documents exactly when they are equal apart from `updatedAt` (such a document
 * need not be written again): a digest of the compared fields, in a fixed order.
 */
export function contentKey(doc: MemberDocument): string {
  return createHash('sha256')
    .update(JSON.stringify(COMPARED.map((key) => doc[key] ?? null)))
    .digest('base64');
}
