import { Router } from 'express';
import { AppError } from '../../errors';
import { META_SCHEMAS } from '../../scim/schema/meta-schemas';
import { ALL_SCHEMAS, GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from '../../scim/schema/resource-types';
import type { ResourceTypeDefinition, SchemaDefinition } from '../../scim/schema/types';
import { scimLocals } from './auth';
import { listResponse, sendScim } from './respond';

export interface AdvertisedLimits {
  maxBodyBytes: number;
  maxOperations: number;
  maxResults: number;
  maxFilterLength: number;
  maxFilterDepth: number;
  maxMembersPerRequest: number;
  writesPerMinute: number;
}

const SPC_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
const RESOURCE_TYPE_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';
const SCHEMA_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema';
const SERVED_SCHEMAS = [...ALL_SCHEMAS, ...META_SCHEMAS];

/**
 * Discovery (RFC 7644 §4, RFC 7643 §5-7). It tells the truth: IdPs switch features on and
 * off from it. Bulk is not offered. RFC 7643 §5 has a place only for the page size
 * (filter.maxResults); the other limits are documented in the README, since a non-standard
 * block here makes strict clients reject the whole configuration.
 */
export function discoveryRouter(limits: AdvertisedLimits, baseUrlOf: (orgId: string) => string): Router {
  const router = Router({ mergeParams: true });

  router.get('/ServiceProviderConfig', (_req, res) => {
    const base = baseUrlOf(scimLocals(res).orgId);
    sendScim(res, 200, {
      schemas: [SPC_SCHEMA],
      documentationUri: 'https://github.com/seatsync/seatsync#readme',
      patch: { supported: true },
      bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
      filter: { supported: true, maxResults: limits.maxResults },
      changePassword: { supported: false },
      sort: { supported: true },
      etag: { supported: true },
      authenticationSchemes: [
        {
          type: 'oauthbearertoken',
          name: 'OAuth Bearer Token',
          description: 'A seatsync SCIM token (seatsync_scim_…) in "Authorization: Bearer <token>" (RFC 6750).',
          specUri: 'https://www.rfc-editor.org/rfc/rfc6750',
          primary: true,
        },
      ],
      meta: { resourceType: 'ServiceProviderConfig', location: `${base}/ServiceProviderConfig` },
    });
  });

  const resourceTypes = [USER_RESOURCE_TYPE, GROUP_RESOURCE_TYPE];
  router.get('/ResourceTypes', (_req, res) => {
    const base = baseUrlOf(scimLocals(res).orgId);
    const resources = resourceTypes.map((rt) => renderResourceType(rt, base));
    sendScim(res, 200, listOf(resources));
  });
  router.get('/ResourceTypes/:name', (req, res) => {
    const base = baseUrlOf(scimLocals(res).orgId);
    const found = resourceTypes.find((rt) => rt.name.toLowerCase() === req.params.name.toLowerCase());
    if (!found) throw new AppError('NOT_FOUND', `No resource type "${req.params.name}"; there are User and Group.`);
    sendScim(res, 200, renderResourceType(found, base));
  });

  router.get('/Schemas', (_req, res) => {
    const base = baseUrlOf(scimLocals(res).orgId);
    sendScim(res, 200, listOf(SERVED_SCHEMAS.map((s) => renderSchema(s, base))));
  });
  router.get('/Schemas/:id', (req, res) => {
    const base = baseUrlOf(scimLocals(res).orgId);
    const found = SERVED_SCHEMAS.find((s) => s.id.toLowerCase() === req.params.id.toLowerCase());
    if (!found) throw new AppError('NOT_FOUND', `No schema "${req.params.id}".`);
    sendScim(res, 200, renderSchema(found, base));
  });

  // RFC 7644 §4: discovery endpoints are read-only; other methods are 405 with Allow (RFC 9110 §15.5.6).
  router.all(['/ServiceProviderConfig', '/ResourceTypes', '/ResourceTypes/:name', '/Schemas', '/Schemas/:id'], (req, res) => {
    res.setHeader('Allow', 'GET');
    throw new AppError('METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${req.path}; it is read-only (use GET).`);
  });

  return router;
}

function listOf(resources: unknown[]) {
  return listResponse(resources.length, 1, resources);
}

function renderResourceType(rt: ResourceTypeDefinition, base: string) {
  return {
    schemas: [RESOURCE_TYPE_SCHEMA],
    ...rt,
    meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/${rt.id}` },
  };
}

function renderSchema(schema: SchemaDefinition, base: string) {
  return {
    schemas: [SCHEMA_SCHEMA],
    ...schema,
    meta: { resourceType: 'Schema', location: `${base}/Schemas/${schema.id}` },
  };
}
