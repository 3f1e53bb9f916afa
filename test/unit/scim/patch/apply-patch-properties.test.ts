/** Properties of applyPatch beyond single rows: purity, atomicity, linear member handling, no pollution. */
import { AppError } from '../../../../src/errors';
import { applyPatch } from '../../../../src/scim/patch/apply-patch';
import { parsePatchRequest } from '../../../../src/scim/patch/parse-patch-request';
import { GROUP, PATCH_OP, USER } from './fixtures/patch-case';

const parse = (operations: unknown[]) => parsePatchRequest({ schemas: [PATCH_OP], Operations: operations }, { maxOperations: 1000 });

describe('applyPatch', () => {
  it('never mutates the stored resource and returns a new object', () => {
    const stored = structuredClone(USER);
    const before = JSON.stringify(stored);
    const { resource } = applyPatch('User', stored, parse([
      { op: 'replace', path: 'emails[type eq "home"].primary', value: true },
      { op: 'remove', path: 'name.givenName' },
      { op: 'add', path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager', value: 'boss-2' },
    ]));
    expect(JSON.stringify(stored)).toBe(before);
    expect(resource).not.toBe(stored);
    expect(resource.name).not.toBe(stored.name);
  });

  it('returns nothing when a later operation fails: the caller keeps the stored resource', () => {
    const stored = structuredClone(USER);
    const operations = parse([
      { op: 'replace', path: 'displayName', value: 'Changed' },
      { op: 'replace', path: 'meta.version', value: 'x' },
    ]);
    expect(() => applyPatch('User', stored, operations)).toThrow(AppError);
    expect(stored.displayName).toBe('Ada Lovelace');
  });

  it('handles a 100,000-member add in linear time', () => {
    const members = Array.from({ length: 100_000 }, (_, index) => ({ value: `user-${index}`, display: `User ${index}` }));
    members.push({ value: 'user-5', display: 'duplicate' });
    const started = process.hrtime.bigint();
    const { membership, resource } = applyPatch('Group', GROUP, parse([{ op: 'add', path: 'members', value: members }]));
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    expect(membership).toHaveLength(1);
    expect(membership[0]).toMatchObject({ kind: 'add' });
    expect((membership[0] as { ids: string[] }).ids).toHaveLength(100_000);
    expect(resource).not.toHaveProperty('members');
    // A quadratic de-duplication would need ~10^10 comparisons here.
    expect(elapsedMs).toBeLessThan(2000);
  });

  it('handles a 10,000-member legacy removal (value list) in linear time', () => {
    const members = Array.from({ length: 10_000 }, (_, index) => ({ $ref: null, value: `user-${index}` }));
    const { membership } = applyPatch('Group', GROUP, parse([{ op: 'Remove', path: 'members', value: members }]));
    expect(membership).toStrictEqual([{ kind: 'remove', ids: members.map((member) => member.value) }]);
  });

  it('never pollutes Object.prototype, whatever the body holds', () => {
    const bodies = [
      '{"Operations":[{"op":"add","path":"__proto__","value":{"polluted":"yes"}}]}',
      '{"Operations":[{"op":"add","path":"__proto__.polluted","value":"yes"}]}',
      '{"Operations":[{"op":"add","path":"constructor.prototype","value":{"polluted":"yes"}}]}',
      '{"Operations":[{"op":"add","path":"name.__proto__","value":{"polluted":"yes"}}]}',
      '{"Operations":[{"op":"add","path":"emails[type eq \\"__proto__\\"].value","value":"yes"}]}',
      '{"Operations":[{"op":"add","value":{"__proto__":{"polluted":"yes"},"name":{"__proto__":{"polluted":"yes"}}}}]}',
      '{"Operations":[{"op":"add","path":"emails","value":[{"value":"x@example.com","__proto__":{"polluted":"yes"}}]}]}',
      '{"Operations":[{"op":"add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User","value":{"__proto__":{"polluted":"yes"}}}]}',
      '{"__proto__":{"polluted":"yes"},"Operations":[{"op":"replace","value":{"constructor":{"prototype":{"polluted":"yes"}}}}]}',
    ];
    for (const text of bodies) {
      let outcome: unknown;
      try {
        outcome = applyPatch('User', USER, parsePatchRequest(JSON.parse(text), { maxOperations: 10 })).resource;
      } catch (error) {
        outcome = error;
      }
      if (outcome instanceof Error) {
        expect(outcome).toBeInstanceOf(AppError);
      } else {
        expect(Object.getPrototypeOf(outcome)).toBe(Object.prototype);
        expect(JSON.stringify(outcome)).not.toContain('polluted');
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('polluted');
    }
  });

  it('gives the same result for the Entra legacy and aadOptscim062020 dialects of one change', () => {
    const legacy = parse([
      { op: 'Replace', path: 'name.givenName', value: 'Augusta' },
      { op: 'Replace', path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber', value: '42' },
      { op: 'Replace', path: 'emails[type eq "work"].value', value: 'ada@lovelace.example' },
      { op: 'Replace', path: 'active', value: 'False' },
    ]);
    const flagged = parse([
      { op: 'replace', path: 'emails[type eq "work"].value', value: 'ada@lovelace.example' },
      { op: 'replace', value: {
        'name.givenName': 'Augusta',
        'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber': '42',
        active: false,
      } },
    ]);
    expect(applyPatch('User', USER, legacy)).toStrictEqual(applyPatch('User', USER, flagged));
  });
});
