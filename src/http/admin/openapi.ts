import { Router } from 'express';
import { z } from 'zod';
import { purchaseBody } from './licenses-routes';
import { listMembersQuery } from './members-routes';
import { createOrgBody, createTokenBody, listOrgsQuery, patchOrgBody } from './orgs-routes';
import { syncLogQuery } from './sync-log-routes';
import { LICENSE_STATES } from '../../scim/schema/license-extension-schema';

/**
 * The admin API as an OpenAPI 3.1 document. Request schemas come from the same zod schemas the
 * routes validate with, so the document cannot drift from what is enforced.
 */
type JsonSchema = Record<string, unknown>;

const schemaOf = (schema: z.ZodType): JsonSchema => {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  delete json.$schema;
  return json;
};

/** Query parameters from a zod object schema. */
function queryParameters(schema: z.ZodObject): JsonSchema[] {
  const json = schemaOf(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: (json.required ?? []).includes(name) && !('default' in property),
    schema: property,
  }));
}

const error = { $ref: '#/components/schemas/Error' };
const json = (schema: JsonSchema) => ({ 'application/json': { schema } });
const ok = (description: string, schema: JsonSchema = { type: 'object' }) => ({ description, content: json(schema) });
const errors = {
  '400': { description: 'Invalid input', content: json(error) },
  '401': { description: 'Missing or wrong admin key', content: json(error) },
  '404': { description: 'Unknown org or resource', content: json(error) },
  '503': { description: 'Store or queue unavailable; retry after Retry-After', content: json(error) },
};
const orgId = { name: 'orgId', in: 'path', required: true, schema: { type: 'string', pattern: '^[a-z0-9]{6,40}$' } };
const memberId = { name: 'id', in: 'path', required: true, description: 'The SCIM User id', schema: { type: 'string' } };
const tokenId = { name: 'tokenId', in: 'path', required: true, schema: { type: 'string', pattern: '^tok_[a-f0-9]{16}$' } };

const licenseState = { type: 'string', enum: [...LICENSE_STATES] };
const member = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    userName: { type: 'string' },
    externalId: { type: ['string', 'null'] },
    active: { type: 'boolean' },
    state: licenseState,
    teams: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } } },
    heldSince: { type: ['string', 'null'], format: 'date-time' },
    queuePosition: { type: ['integer', 'null'] },
  },
};
const summary = {
  type: 'object',
  properties: Object.fromEntries(
    ['purchased', 'active', 'pending', 'unassigned', 'available', 'awaiting', 'suspended'].map((k) => [k, { type: 'integer' }]),
  ),
};

export function adminOpenApiDocument(serverUrl: string): JsonSchema {
  return {
    openapi: '3.1.0',
    info: {
      title: 'seatsync admin API',
      version: '1',
      description: 'Orgs, SCIM tokens, the license pool, members, the sync log. Authenticate with `Authorization: Bearer <ADMIN_API_KEY>`.',
    },
    servers: [{ url: `${serverUrl}/admin/v1` }],
    security: [{ adminKey: [] }],
    components: {
      securitySchemes: { adminKey: { type: 'http', scheme: 'bearer', description: 'The ADMIN_API_KEY' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string', pattern: '^[A-Z_]+$' }, message: { type: 'string' } } } },
        },
        Org: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, settings: { type: 'object' }, exhausted: { type: 'boolean' }, exhaustedSince: { type: ['string', 'null'] }, awaiting: { type: 'integer' } } },
        Member: member,
        LicenseSummary: summary,
      },
    },
    paths: {
      '/orgs': {
        post: { summary: 'Create an org; answers its SCIM base URL and first token (shown only here)', requestBody: { required: true, content: json(schemaOf(createOrgBody)) }, responses: { '201': ok('The org'), ...errors } },
        get: { summary: 'List orgs', parameters: queryParameters(listOrgsQuery), responses: { '200': ok('A page of orgs'), ...errors } },
      },
      '/orgs/{orgId}': {
        get: { summary: 'One org', parameters: [orgId], responses: { '200': ok('The org', { $ref: '#/components/schemas/Org' }), ...errors } },
        patch: { summary: 'Change settings (only the keys given)', parameters: [orgId], requestBody: { required: true, content: json(schemaOf(patchOrgBody)) }, responses: { '200': ok('The org'), ...errors } },
      },
      '/orgs/{orgId}/tokens': {
        get: { summary: 'SCIM tokens (never the token itself)', parameters: [orgId], responses: { '200': ok('Tokens'), ...errors } },
        post: { summary: 'Issue a token (rotation: old ones keep working until revoked)', parameters: [orgId], requestBody: { required: false, content: json(schemaOf(createTokenBody.unwrap())) }, responses: { '201': ok('The token, shown once'), ...errors } },
      },
      '/orgs/{orgId}/tokens/{tokenId}': {
        delete: { summary: 'Revoke a token, at once', parameters: [orgId, tokenId], responses: { '204': { description: 'Revoked' }, ...errors } },
      },
      '/orgs/{orgId}/licenses': {
        get: { summary: 'License summary with the per-team distribution', parameters: [orgId], responses: { '200': ok('Summary', { $ref: '#/components/schemas/LicenseSummary' }), ...errors } },
      },
      '/orgs/{orgId}/licenses/purchases': {
        post: { summary: 'Add licenses; waiting members are served in order', parameters: [orgId], requestBody: { required: true, content: json(schemaOf(purchaseBody)) }, responses: { '201': ok('Summary'), ...errors } },
      },
      '/orgs/{orgId}/members': {
        get: { summary: 'Members with their license state', parameters: [orgId, ...queryParameters(listMembersQuery)], responses: { '200': ok('A page of members'), ...errors } },
      },
      '/orgs/{orgId}/members/{id}': {
        get: { summary: 'One member (a deleted member is shown with state deleted)', parameters: [orgId, memberId], responses: { '200': ok('The member', { $ref: '#/components/schemas/Member' }), ...errors } },
        delete: { summary: 'Delete the member from the org; its license returns to the pool', parameters: [orgId, memberId], responses: { '204': { description: 'Deleted' }, ...errors } },
      },
      '/orgs/{orgId}/members/{id}/accept': {
        post: { summary: 'Accept a pending invitation', parameters: [orgId, memberId], responses: { '200': ok('The member'), '409': { description: 'NOT_PENDING', content: json(error) }, ...errors } },
      },
      '/orgs/{orgId}/sync-log': {
        get: { summary: 'What the IdP sent and what the workers did, newest first', parameters: [orgId, ...queryParameters(syncLogQuery)], responses: { '200': ok('A page of entries'), ...errors } },
      },
      '/orgs/{orgId}/sync-status': {
        get: { summary: 'Whether every accepted change has been applied', parameters: [orgId], responses: { '200': ok('Status', { type: 'object', properties: { settled: { type: 'boolean' }, pending: { type: 'integer' }, oldestPendingAt: { type: ['string', 'null'] } } }), ...errors } },
      },
      '/orgs/{orgId}/reconcile': {
        post: { summary: 'Re-check every member of the org', parameters: [orgId], responses: { '202': ok('Queued'), ...errors } },
      },
    },
  };
}

/** `GET /admin/v1/openapi.json`. */
export function openApiRouter(serverUrl: string): Router {
  const router = Router();
  const document = adminOpenApiDocument(serverUrl);
  router.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  return router;
}
