/** The schema metadata rows of RFC 7643 §4.1, §4.2, §4.3, §8.7.1 and seatsync's license extension. */
import { resolveAttribute } from '../../../../src/scim/schema/attribute-resolver';
import { parseAttributePathText } from '../../../../src/scim/schema/attribute-path-text';
import { ALL_SCHEMAS, GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE, schemasOfResourceType } from '../../../../src/scim/schema/resource-types';
import type { AttributeDefinition } from '../../../../src/scim/schema/types';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const LICENSE = 'urn:seatsync:scim:schemas:extension:license:1.0:User';

function definition(resourceType: 'User' | 'Group', pathText: string): AttributeDefinition {
  const resolved = resolveAttribute(resourceType, parseAttributePathText(pathText)!);
  if (resolved === undefined) throw new Error(`no attribute ${pathText}`);
  return resolved.subAttribute ?? resolved.attribute;
}

const CHARACTERISTICS: ['User' | 'Group', string, Partial<AttributeDefinition>][] = [
  ['User', 'userName', { type: 'string', required: true, caseExact: false, uniqueness: 'server', mutability: 'readWrite', returned: 'default' }],
  ['User', 'id', { type: 'string', caseExact: true, mutability: 'readOnly', returned: 'always', uniqueness: 'server' }],
  ['User', 'externalId', { type: 'string', caseExact: true, mutability: 'readWrite', required: false }],
  ['User', 'meta', { type: 'complex', mutability: 'readOnly' }],
  ['User', 'meta.created', { type: 'dateTime', mutability: 'readOnly' }],
  ['User', 'meta.lastModified', { type: 'dateTime', mutability: 'readOnly' }],
  ['User', 'name', { type: 'complex', multiValued: false }],
  ['User', 'name.formatted', { type: 'string' }],
  ['User', 'name.familyName', { type: 'string' }],
  ['User', 'name.givenName', { type: 'string' }],
  ['User', 'name.middleName', { type: 'string' }],
  ['User', 'name.honorificPrefix', { type: 'string' }],
  ['User', 'name.honorificSuffix', { type: 'string' }],
  ['User', 'displayName', { type: 'string' }],
  ['User', 'nickName', { type: 'string' }],
  ['User', 'profileUrl', { type: 'reference', referenceTypes: ['external'] }],
  ['User', 'title', { type: 'string' }],
  ['User', 'userType', { type: 'string' }],
  ['User', 'preferredLanguage', { type: 'string' }],
  ['User', 'locale', { type: 'string' }],
  ['User', 'timezone', { type: 'string' }],
  ['User', 'active', { type: 'boolean' }],
  ['User', 'password', { type: 'string', mutability: 'writeOnly', returned: 'never' }],
  ['User', 'emails', { type: 'complex', multiValued: true }],
  ['User', 'emails.value', { type: 'string' }],
  ['User', 'emails.display', { type: 'string' }],
  ['User', 'emails.type', { type: 'string', canonicalValues: ['work', 'home', 'other'] }],
  ['User', 'emails.primary', { type: 'boolean' }],
  ['User', 'phoneNumbers.type', { canonicalValues: ['work', 'home', 'mobile', 'fax', 'pager', 'other'] }],
  ['User', 'ims.type', { canonicalValues: ['aim', 'gtalk', 'icq', 'xmpp', 'msn', 'skype', 'qq', 'yahoo'] }],
  ['User', 'photos.value', { type: 'reference', referenceTypes: ['external'] }],
  ['User', 'photos.type', { canonicalValues: ['photo', 'thumbnail'] }],
  ['User', 'addresses', { type: 'complex', multiValued: true }],
  ['User', 'addresses.streetAddress', { type: 'string' }],
  ['User', 'addresses.locality', { type: 'string' }],
  ['User', 'addresses.region', { type: 'string' }],
  ['User', 'addresses.postalCode', { type: 'string' }],
  ['User', 'addresses.country', { type: 'string' }],
  ['User', 'addresses.primary', { type: 'boolean' }],
  ['User', 'groups', { multiValued: true, mutability: 'readOnly' }],
  ['User', 'groups.value', { mutability: 'readOnly' }],
  ['User', 'groups.type', { mutability: 'readOnly', canonicalValues: ['direct', 'indirect'] }],
  ['User', 'entitlements.primary', { type: 'boolean' }],
  ['User', 'roles.value', { type: 'string' }],
  ['User', 'x509Certificates.value', { type: 'binary' }],
  ['User', `${ENTERPRISE}:employeeNumber`, { type: 'string' }],
  ['User', `${ENTERPRISE}:costCenter`, { type: 'string' }],
  ['User', `${ENTERPRISE}:organization`, { type: 'string' }],
  ['User', `${ENTERPRISE}:division`, { type: 'string' }],
  ['User', `${ENTERPRISE}:department`, { type: 'string' }],
  ['User', `${ENTERPRISE}:manager`, { type: 'complex', multiValued: false }],
  ['User', `${ENTERPRISE}:manager.value`, { type: 'string' }],
  ['User', `${ENTERPRISE}:manager.$ref`, { type: 'reference', referenceTypes: ['User'] }],
  ['User', `${ENTERPRISE}:manager.displayName`, { type: 'string', mutability: 'readOnly' }],
  ['User', `${LICENSE}:state`, {
    type: 'string', mutability: 'readOnly',
    canonicalValues: ['provisioned', 'pending', 'active', 'unassigned', 'awaiting_license', 'suspended', 'deleted'],
  }],
  ['User', `${LICENSE}:heldSince`, { type: 'dateTime', mutability: 'readOnly' }],
  ['User', `${LICENSE}:queuePosition`, { type: 'integer', mutability: 'readOnly' }],
  ['Group', 'displayName', { type: 'string', required: true, caseExact: false, uniqueness: 'server' }],
  ['Group', 'members', { type: 'complex', multiValued: true, mutability: 'readWrite' }],
  ['Group', 'members.value', { type: 'string', mutability: 'immutable' }],
  ['Group', 'members.$ref', { type: 'reference', referenceTypes: ['User', 'Group'] }],
  ['Group', 'members.display', { type: 'string' }],
  ['Group', 'members.type', { canonicalValues: ['User', 'Group'] }],
  ['Group', 'externalId', { caseExact: true }],
  ['Group', 'id', { mutability: 'readOnly', returned: 'always' }],
];

describe('schema definitions', () => {
  it.each(CHARACTERISTICS)('%s %s', (resourceType, pathText, expected) => {
    expect(definition(resourceType, pathText)).toMatchObject(expected);
  });

  it('lists the value/display/type/primary sub-attributes of the standard multi-valued attributes', () => {
    for (const name of ['emails', 'phoneNumbers', 'ims', 'photos', 'entitlements', 'roles', 'x509Certificates']) {
      expect(definition('User', name).subAttributes?.map((sub) => sub.name)).toStrictEqual(['value', 'display', 'type', 'primary']);
    }
  });

  it('describes the resource types of /ResourceTypes', () => {
    expect(USER_RESOURCE_TYPE).toStrictEqual({
      id: 'User', name: 'User', endpoint: '/Users', description: 'User Account',
      schema: 'urn:ietf:params:scim:schemas:core:2.0:User',
      schemaExtensions: [{ schema: ENTERPRISE, required: false }, { schema: LICENSE, required: false }],
    });
    expect(GROUP_RESOURCE_TYPE).toMatchObject({ endpoint: '/Groups', schema: 'urn:ietf:params:scim:schemas:core:2.0:Group', schemaExtensions: [] });
    expect(schemasOfResourceType('User').extensions.map((schema) => schema.id)).toStrictEqual([ENTERPRISE, LICENSE]);
  });

  it('keeps id, externalId and meta out of the schemas\' attribute lists, as RFC 7643 §8.7.1 does', () => {
    for (const schema of ALL_SCHEMAS) {
      expect(schema.attributes.map((attribute) => attribute.name)).not.toEqual(expect.arrayContaining(['id']));
      expect(schema.attributes.map((attribute) => attribute.name)).not.toEqual(expect.arrayContaining(['meta']));
    }
  });

  it('gives every attribute the full RFC 7643 §7 characteristics', () => {
    const check = (attribute: AttributeDefinition) => {
      for (const key of ['name', 'type', 'multiValued', 'description', 'required', 'caseExact', 'mutability', 'returned', 'uniqueness']) {
        expect(attribute).toHaveProperty(key);
      }
      attribute.subAttributes?.forEach(check);
    };
    ALL_SCHEMAS.forEach((schema) => schema.attributes.forEach(check));
  });

  it('is frozen, so no code can change shared schema state', () => {
    const userName = definition('User', 'userName');
    expect(Object.isFrozen(userName)).toBe(true);
    expect(Object.isFrozen(ALL_SCHEMAS[0].attributes)).toBe(true);
    expect(() => {
      (userName as { required: boolean }).required = false;
    }).toThrow(TypeError);
  });
});
