/**
 * The schemas that describe discovery resources themselves (RFC 7643 §8.7.2), served by
 * /Schemas alongside the resource schemas because RFC 7644 §4 asks for "all supported schemas".
 */
import { attribute, complexAttribute } from './attribute-builders';
import { deepFreeze } from './deep-freeze';
import type { AttributeDefinition, SchemaDefinition } from './types';

const readOnly = { mutability: 'readOnly' as const };
const required = { mutability: 'readOnly' as const, required: true };

const supported = (name: string, description: string, extra: AttributeDefinition[] = []) =>
  complexAttribute(name, description, [attribute('supported', 'boolean', 'Whether the operation is supported.', required), ...extra], required);

export const SERVICE_PROVIDER_CONFIG_SCHEMA: SchemaDefinition = deepFreeze({
  id: 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig',
  name: 'Service Provider Configuration',
  description: "Schema for representing the service provider's configuration",
  attributes: [
    attribute('documentationUri', 'reference', 'An HTTP-addressable URL pointing to the service provider\'s documentation.', { ...readOnly, referenceTypes: ['external'] }),
    supported('patch', 'A complex type that specifies PATCH configuration options.'),
    supported('bulk', 'A complex type that specifies bulk configuration options.', [
      attribute('maxOperations', 'integer', 'The maximum number of operations.', required),
      attribute('maxPayloadSize', 'integer', 'The maximum payload size in bytes.', required),
    ]),
    supported('filter', 'A complex type that specifies FILTER options.', [
      attribute('maxResults', 'integer', 'The maximum number of resources returned in a response.', required),
    ]),
    supported('changePassword', 'A complex type that specifies configuration options related to changing a password.'),
    supported('sort', 'A complex type that specifies sort result options.'),
    supported('etag', 'A complex type that specifies ETag configuration options.'),
    complexAttribute('authenticationSchemes', 'A complex type that specifies supported authentication scheme properties.', [
      attribute('type', 'string', 'The authentication scheme.', required),
      attribute('name', 'string', 'The common authentication scheme name.', required),
      attribute('description', 'string', 'A description of the authentication scheme.', required),
      attribute('specUri', 'reference', "An HTTP-addressable URL pointing to the authentication scheme's specification.", { ...readOnly, referenceTypes: ['external'] }),
      attribute('documentationUri', 'reference', "An HTTP-addressable URL pointing to the authentication scheme's usage documentation.", { ...readOnly, referenceTypes: ['external'] }),
      attribute('primary', 'boolean', 'Whether this is the preferred authentication scheme.', readOnly),
    ], { ...required, multiValued: true }),
  ],
});

export const RESOURCE_TYPE_SCHEMA: SchemaDefinition = deepFreeze({
  id: 'urn:ietf:params:scim:schemas:core:2.0:ResourceType',
  name: 'ResourceType',
  description: 'Specifies the schema that describes a SCIM resource type',
  attributes: [
    attribute('id', 'string', "The resource type's server unique id.", readOnly),
    attribute('name', 'string', 'The resource type name.', required),
    attribute('description', 'string', "The resource type's human-readable description.", readOnly),
    attribute('endpoint', 'reference', "The resource type's HTTP-addressable endpoint relative to the Base URL.", { ...required, referenceTypes: ['uri'] }),
    attribute('schema', 'reference', "The resource type's primary/base schema URI.", { ...required, caseExact: true, referenceTypes: ['uri'] }),
    complexAttribute('schemaExtensions', "A list of URIs of the resource type's schema extensions.", [
      attribute('schema', 'reference', 'The URI of a schema extension.', { ...required, caseExact: true, referenceTypes: ['uri'] }),
      attribute('required', 'boolean', 'Whether the extension is required for this resource type.', required),
    ], { ...readOnly, multiValued: true }),
  ],
});

const schemaAttributeFields = (withSubAttributes: boolean): AttributeDefinition[] => [
  attribute('name', 'string', "The attribute's name.", { ...required, caseExact: true }),
  attribute('type', 'string', "The attribute's data type.", { ...required, canonicalValues: ['string', 'complex', 'boolean', 'decimal', 'integer', 'dateTime', 'reference', 'binary'] }),
  attribute('multiValued', 'boolean', "Whether the attribute's value is multi-valued.", required),
  attribute('description', 'string', "A human-readable description of the attribute.", readOnly),
  attribute('required', 'boolean', 'Whether the attribute is required.', readOnly),
  attribute('canonicalValues', 'string', 'A collection of canonical values.', { ...readOnly, multiValued: true }),
  attribute('caseExact', 'boolean', 'Whether a string attribute is case sensitive.', readOnly),
  attribute('mutability', 'string', 'Whether the attribute is mutable.', { ...readOnly, canonicalValues: ['readOnly', 'readWrite', 'immutable', 'writeOnly'] }),
  attribute('returned', 'string', 'When an attribute is returned in a response.', { ...readOnly, canonicalValues: ['always', 'never', 'default', 'request'] }),
  attribute('uniqueness', 'string', 'How the service provider enforces uniqueness.', { ...readOnly, canonicalValues: ['none', 'server', 'global'] }),
  attribute('referenceTypes', 'string', 'The names of the resource types that may be referenced.', { ...readOnly, multiValued: true }),
  ...(withSubAttributes
    ? [complexAttribute('subAttributes', 'Used to define the sub-attributes of a complex attribute.', schemaAttributeFields(false), { ...readOnly, multiValued: true })]
    : []),
];

export const SCHEMA_SCHEMA: SchemaDefinition = deepFreeze({
  id: 'urn:ietf:params:scim:schemas:core:2.0:Schema',
  name: 'Schema',
  description: 'Specifies the schema attribute structure',
  attributes: [
    attribute('id', 'string', 'The unique URI of the schema.', { ...readOnly, caseExact: true }),
    attribute('name', 'string', 'The schema\'s human-readable name.', readOnly),
    attribute('description', 'string', "The schema's human-readable description.", readOnly),
    complexAttribute('attributes', 'A complex attribute that includes the attributes of a schema.', schemaAttributeFields(true), { ...required, multiValued: true }),
  ],
});

export const META_SCHEMAS: readonly SchemaDefinition[] = Object.freeze([SERVICE_PROVIDER_CONFIG_SCHEMA, RESOURCE_TYPE_SCHEMA, SCHEMA_SCHEMA]);
