import type { UserDocument } from '../../../src/directory/documents';
import type { MemberDocument } from '../../../src/licenses/member-document';
import { contentKey, nextMemberDocument, previousMember, type MemberOutcome } from '../../../src/licenses/member-read-model';

const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));

function user(attrs: Record<string, unknown> = {}, active = true): UserDocument {
  return {
    _id: 'o1:u1',
    orgId: 'o1',
    id: 'u1',
    version: 1,
    attrs: { userName: 'ada@example.com', name: { givenName: 'Ada', familyName: 'Lovelace' }, emails: [{ value: 'ada@example.com' }], ...attrs },
    userNameKey: 'ada@example.com',
    externalId: 'ext-1',
    active,
    created: t(1),
    lastModified: t(1),
  };
}

const holding: MemberOutcome = {
  state: 'active',
  teams: [{ id: 'g1', name: 'Engineering' }],
  heldSince: t(2),
  needSince: null,
  invitedAt: null,
  acceptedAt: null,
  inviteExpiredAt: null,
  suspendedAt: null,
};

/** The document a pass at `at` writes for the user, as stored. */
function stored(outcome: MemberOutcome, at: Date, u: UserDocument = user()): MemberDocument {
  return nextMemberDocument('o1', 'u1', u, null, outcome, at).document;
}

describe('member read model', () => {
  test('a member without a stored document is inserted', () => {
    const next = nextMemberDocument('o1', 'u1', user(), null, holding, t(5));
    expect(next.write).toBe('insert');
    expect(next.document).toMatchObject({ _id: 'o1:u1', userName: 'ada@example.com', name: 'Ada Lovelace', emails: ['ada@example.com'], state: 'active', createdAt: t(1), updatedAt: t(5) });
  });

  test('the same content is not written again and keeps its updatedAt', () => {
    const previous = previousMember(stored(holding, t(5)), false);
    const next = nextMemberDocument('o1', 'u1', user(), previous, holding, t(9));
    expect(next.write).toBeNull();
    expect(next.document.updatedAt).toEqual(t(5));
  });

  test.each([
    ['the state', { outcome: { ...holding, state: 'suspended' as const } }],
    ['a team renamed', { outcome: { ...holding, teams: [{ id: 'g1', name: 'Eng' }] } }],
    ['a date', { outcome: { ...holding, heldSince: t(3) } }],
    ['an email', { user: user({ emails: [{ value: 'ada@example.org' }] }) }],
    ['the name', { user: user({ name: { formatted: 'Countess Lovelace' } }) }],
    ['active', { user: user({}, false) }],
  ])('a change of %s is a replace', (_what, change: { outcome?: MemberOutcome; user?: UserDocument }) => {
    const previous = previousMember(stored(holding, t(5)), false);
    const next = nextMemberDocument('o1', 'u1', change.user ?? user(), previous, change.outcome ?? holding, t(9));
    expect(next.write).toBe('replace');
    expect(next.document.updatedAt).toEqual(t(9));
  });

  test('a deleted user keeps showing who it was, inactive', () => {
    const previous = previousMember(stored(holding, t(5)), true);
    const deleted: MemberOutcome = { ...holding, state: 'deleted', teams: [], heldSince: null };
    const next = nextMemberDocument('o1', 'u1', null, previous, deleted, t(9));
    expect(next.write).toBe('replace');
    expect(next.document).toMatchObject({ userName: 'ada@example.com', externalId: 'ext-1', name: 'Ada Lovelace', emails: ['ada@example.com'], active: false, state: 'deleted', createdAt: t(1) });
    // Written as such, a later pass finds nothing to change.
    const again = nextMemberDocument('o1', 'u1', null, previousMember(next.document, true), deleted, t(20));
    expect(again.write).toBeNull();
  });

  test('the content key ignores updatedAt only', () => {
    const doc = stored(holding, t(5));
    expect(contentKey({ ...doc, updatedAt: t(50) })).toBe(contentKey(doc));
    expect(contentKey({ ...doc, createdAt: t(50) })).not.toBe(contentKey(doc));
    // A field a document of an older version lacks counts as null, as the pass writes it.
    expect(contentKey({ ...doc, suspendedAt: undefined as unknown as null })).toBe(contentKey(doc));
  });
});
