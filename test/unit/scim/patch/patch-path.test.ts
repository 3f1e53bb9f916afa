/** PATCH path parsing, RFC 7644 §3.5.2: PATH = attrPath / valuePath [subAttr]. */
import { AppError } from '../../../../src/errors';
import { parsePatchPath } from '../../../../src/scim/patch/patch-path';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

const PARSED: [string, object][] = [
  ['userName', { attrPath: { attr: 'userName' } }],
  ['name.familyName', { attrPath: { attr: 'name', sub: 'familyName' } }],
  ['name.FamilyName', { attrPath: { attr: 'name', sub: 'FamilyName' } }],
  [' active ', { attrPath: { attr: 'active' } }],
  [`${ENTERPRISE}:manager`, { attrPath: { uri: ENTERPRISE, attr: 'manager' } }],
  [`${ENTERPRISE}:manager.value`, { attrPath: { uri: ENTERPRISE, attr: 'manager', sub: 'value' } }],
  [ENTERPRISE, { attrPath: { uri: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0', attr: 'User' } }],
  ['members.$ref', { attrPath: { attr: 'members', sub: '$ref' } }],
  ['emails[type eq "work"]', {
    attrPath: { attr: 'emails' },
    filter: { kind: 'compare', path: { attr: 'type' }, op: 'eq', value: 'work' },
  }],
  ['emails[type eq "work"].value', {
    attrPath: { attr: 'emails', sub: 'value' },
    filter: { kind: 'compare', path: { attr: 'type' }, op: 'eq', value: 'work' },
  }],
  ['members[value eq "2819c223-7f76-453a-919d-413861904646"]', {
    attrPath: { attr: 'members' },
    filter: { kind: 'compare', path: { attr: 'value' }, op: 'eq', value: '2819c223-7f76-453a-919d-413861904646' },
  }],
  ['roles[primary eq "True"].display', {
    attrPath: { attr: 'roles', sub: 'display' },
    filter: { kind: 'compare', path: { attr: 'primary' }, op: 'eq', value: 'True' },
  }],
  ['emails[display eq "a]b"].value', {
    attrPath: { attr: 'emails', sub: 'value' },
    filter: { kind: 'compare', path: { attr: 'display' }, op: 'eq', value: 'a]b' },
  }],
  ['emails[display eq "say \\"hi\\"]"]', {
    attrPath: { attr: 'emails' },
    filter: { kind: 'compare', path: { attr: 'display' }, op: 'eq', value: 'say "hi"]' },
  }],
  [`${'urn:ietf:params:scim:schemas:core:2.0:User'}:emails[type eq "work"].value`, {
    attrPath: { uri: 'urn:ietf:params:scim:schemas:core:2.0:User', attr: 'emails', sub: 'value' },
    filter: { kind: 'compare', path: { attr: 'type' }, op: 'eq', value: 'work' },
  }],
];

const REJECTED: [string, string][] = [
  ['', 'INVALID_PATH'],
  ['name.givenName.first', 'INVALID_PATH'],
  ['1name', 'INVALID_PATH'],
  ['__proto__', 'INVALID_PATH'],
  ['__proto__.polluted', 'INVALID_PATH'],
  ['name..givenName', 'INVALID_PATH'],
  ['emails[type eq "work"', 'INVALID_PATH'],
  ['emails[type eq "work"]value', 'INVALID_PATH'],
  ['emails[type eq "work"].value.x', 'INVALID_PATH'],
  ['name.givenName[type eq "x"]', 'INVALID_PATH'],
  ['emails[type eq "work"][primary eq true]', 'INVALID_PATH'],
  ['emails[type[x eq 1]]', 'INVALID_PATH'],
  ['urn:', 'INVALID_PATH'],
  ['emails[]', 'INVALID_FILTER'],
  ['emails[type eq]', 'INVALID_FILTER'],
  ['emails[type zz "work"]', 'INVALID_FILTER'],
];

describe('parsePatchPath', () => {
  it.each(PARSED)('parses %s', (text, expected) => {
    expect(parsePatchPath(text)).toStrictEqual({ text, ...expected });
  });

  it.each(REJECTED)('rejects %j with %s', (text, code) => {
    expect(() => parsePatchPath(text)).toThrow(AppError);
    try {
      parsePatchPath(text);
    } catch (error) {
      expect((error as AppError).code).toBe(code);
    }
  });
});
