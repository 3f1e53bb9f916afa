/** attrPath = [URI ":"] ATTRNAME *1subAttr (RFC 7644 §3.10), as used by PATCH keys and attribute lists. */
import type { AttrPath } from '../../../../src/scim/filter/ast';
import { parseAttributePathText, schemaUrnSpelledBy } from '../../../../src/scim/schema/attribute-path-text';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

const ROWS: [string, AttrPath | undefined][] = [
  ['userName', { attr: 'userName' }],
  ['name.givenName', { attr: 'name', sub: 'givenName' }],
  ['members.$ref', { attr: 'members', sub: '$ref' }],
  ['x-custom_attr1', { attr: 'x-custom_attr1' }],
  [`${ENTERPRISE}:manager`, { uri: ENTERPRISE, attr: 'manager' }],
  [`${ENTERPRISE}:manager.value`, { uri: ENTERPRISE, attr: 'manager', sub: 'value' }],
  [ENTERPRISE, { uri: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0', attr: 'User' }],
  [`${ENTERPRISE}.manager`, { uri: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0', attr: 'User', sub: 'manager' }],
  ['URN:example:x:attr', { uri: 'URN:example:x', attr: 'attr' }],
  ['', undefined],
  ['name.', undefined],
  ['.name', undefined],
  ['a.b.c', undefined],
  ['1abc', undefined],
  ['__proto__', undefined],
  ['na me', undefined],
  ['urn:', undefined],
  ['urn:x', undefined],
  ['emails[type eq "work"]', undefined],
];

describe('parseAttributePathText', () => {
  it.each(ROWS)('%j', (text, expected) => {
    expect(parseAttributePathText(text)).toStrictEqual(expected);
  });

  it('spells out a schema URN from uri and attr', () => {
    expect(schemaUrnSpelledBy(parseAttributePathText(ENTERPRISE)!)).toBe(ENTERPRISE);
    expect(schemaUrnSpelledBy({ attr: 'userName' })).toBeUndefined();
  });
});
