/** Core User schema, RFC 7643 §4.1 and its JSON representation in §8.7.1. */
import { attribute, complexAttribute, standardMultiValuedAttribute } from './attribute-builders';
import { deepFreeze } from './deep-freeze';
import { CORE_USER_SCHEMA } from './schema-urns';
import type { SchemaDefinition } from './types';

const nameSubAttribute = (name: string, description: string) => attribute(name, 'string', description);

export const USER_SCHEMA: SchemaDefinition = deepFreeze({
  id: CORE_USER_SCHEMA,
  name: 'User',
  description: 'User Account',
  attributes: [
    attribute('userName', 'string', 'Unique identifier for the User, typically used to sign in.', {
      required: true,
      uniqueness: 'server',
    }),
    complexAttribute('name', "The components of the user's real name.", [
      nameSubAttribute('formatted', 'The full name, formatted for display.'),
      nameSubAttribute('familyName', 'The family name (last name in most Western languages).'),
      nameSubAttribute('givenName', 'The given name (first name in most Western languages).'),
      nameSubAttribute('middleName', 'The middle name(s).'),
      nameSubAttribute('honorificPrefix', 'The honorific prefix(es), or title (e.g. "Ms.").'),
      nameSubAttribute('honorificSuffix', 'The honorific suffix(es) (e.g. "III").'),
    ]),
    attribute('displayName', 'string', 'The name of the User, suitable for display to end-users.'),
    attribute('nickName', 'string', 'The casual way to address the user.'),
    attribute('profileUrl', 'reference', "A fully qualified URL pointing to the user's online profile.", {
      referenceTypes: ['external'],
    }),
    attribute('title', 'string', "The user's title, such as \"Vice President\"."),
    attribute('userType', 'string', 'The relationship between the organization and the user.'),
    attribute('preferredLanguage', 'string', "The user's preferred written or spoken language."),
    attribute('locale', 'string', "The user's default location for localizing items."),
    attribute('timezone', 'string', "The user's time zone in IANA \"Olson\" format."),
    attribute('active', 'boolean', "The user's administrative status."),
    attribute('password', 'string', "The user's cleartext password; seatsync never stores it.", {
      mutability: 'writeOnly',
      returned: 'never',
    }),
    standardMultiValuedAttribute('emails', 'Email addresses for the user.',
      { type: 'string', description: 'Email address.' }, ['work', 'home', 'other']),
    standardMultiValuedAttribute('phoneNumbers', 'Phone numbers for the user.',
      { type: 'string', description: 'Phone number.' }, ['work', 'home', 'mobile', 'fax', 'pager', 'other']),
    standardMultiValuedAttribute('ims', 'Instant messaging addresses for the user.',
      { type: 'string', description: 'Instant messaging address.' },
      ['aim', 'gtalk', 'icq', 'xmpp', 'msn', 'skype', 'qq', 'yahoo']),
    standardMultiValuedAttribute('photos', 'URLs of photos of the user.',
      { type: 'reference', description: 'URL of a photo of the user.', referenceTypes: ['external'] },
      ['photo', 'thumbnail']),
    complexAttribute('addresses', 'A physical mailing address for this user.', [
      attribute('formatted', 'string', 'The full mailing address, formatted for display.'),
      attribute('streetAddress', 'string', 'The full street address component.'),
      attribute('locality', 'string', 'The city or locality component.'),
      attribute('region', 'string', 'The state or region component.'),
      attribute('postalCode', 'string', 'The zip code or postal code component.'),
      attribute('country', 'string', 'The country name component (ISO 3166-1 alpha-2).'),
      attribute('type', 'string', "A label indicating the attribute's function.", {
        canonicalValues: ['work', 'home', 'other'],
      }),
      attribute('primary', 'boolean', 'A Boolean value indicating the preferred address.'),
    ], { multiValued: true }),
    complexAttribute('groups', 'Groups the user belongs to, maintained by the service provider.', [
      attribute('value', 'string', 'The identifier of the group.', { mutability: 'readOnly' }),
      attribute('$ref', 'reference', 'The URI of the group.', {
        mutability: 'readOnly',
        referenceTypes: ['User', 'Group'],
      }),
      attribute('display', 'string', 'A human-readable name of the group.', { mutability: 'readOnly' }),
      attribute('type', 'string', 'Whether membership is direct or indirect.', {
        mutability: 'readOnly',
        canonicalValues: ['direct', 'indirect'],
      }),
    ], { multiValued: true, mutability: 'readOnly' }),
    standardMultiValuedAttribute('entitlements', 'A list of entitlements for the user.',
      { type: 'string', description: 'The value of an entitlement.' }),
    standardMultiValuedAttribute('roles', 'A list of roles for the user.',
      { type: 'string', description: 'The value of a role.' }),
    standardMultiValuedAttribute('x509Certificates', 'A list of certificates issued to the user.',
      { type: 'binary', description: 'The value of an X.509 certificate (base64 DER).' }),
  ],
});
