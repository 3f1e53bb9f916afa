import { bodyExcerpt, REDACTED } from '../../../src/sync-log/redact';

const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

describe('sync-log body excerpts never carry a secret', () => {
  test.each([
    ['a password on create', { userName: 'a', password: 'S3cret!' }],
    ['a PATCH naming the password in its path', { schemas: [PATCH], Operations: [{ op: 'replace', path: 'password', value: 'S3cret!' }] }],
    ['a URN-qualified password path', { schemas: [PATCH], Operations: [{ op: 'Replace', Path: 'urn:ietf:params:scim:schemas:core:2.0:User:password', Value: 'S3cret!' }] }],
    ['a path-less replace carrying the password', { schemas: [PATCH], Operations: [{ op: 'replace', value: { password: 'S3cret!', active: true } }] }],
    ['a token-shaped string anywhere', { userName: 'seatsync_scim_S3cret0123456789abcdef' }],
  ])('%s', (_name, body) => {
    const excerpt = bodyExcerpt(body)!;
    expect(excerpt).not.toContain('S3cret');
    expect(excerpt).toContain(REDACTED);
  });

  test('other values stay readable', () => {
    const body = { schemas: [PATCH], Operations: [{ op: 'replace', path: 'displayName', value: 'Ann' }, { op: 'replace', path: 'emails[type eq "work"].value', value: 'a@example.com' }] };
    expect(bodyExcerpt(body)).toBe(JSON.stringify(body));
  });
});
