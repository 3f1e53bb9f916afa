/**
 * Discovery (RFC 7644 §4, RFC 7643 §5-7) tells the truth about what the server does: IdPs turn
 * features on and off from it.
 */
import { createOrg, type Harness } from '../../support/harness';
import { createScimHarness, expectScimError, expectStatus, SCHEMAS, scimClient, type ScimClient } from '../../support/scim-client';

let h: Harness;
let scim: ScimClient;

beforeAll(async () => {
  h = await createScimHarness();
  scim = scimClient(h, await createOrg(h));
});
afterAll(async () => {
  await h.close();
});

describe('discovery', () => {
  test('/ServiceProviderConfig: patch, no bulk, filter with maxResults 1000, sort, etag', async () => {
    const res = await scim.get('/ServiceProviderConfig');
    expectStatus(res, 200);
    expect(res.headers['content-type']).toMatch(/^application\/scim\+json/);
    expect(res.body).toMatchObject({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
      patch: { supported: true },
      bulk: { supported: false },
      filter: { supported: true, maxResults: 1000 },
      changePassword: { supported: false },
      sort: { supported: true },
      etag: { supported: true },
      meta: { resourceType: 'ServiceProviderConfig', location: `${scim.org.baseUrl}/ServiceProviderConfig` },
    });
    expect(res.body.authenticationSchemes).toEqual([expect.objectContaining({ type: 'oauthbearertoken' })]);
    // maxResults is what a list really serves.
    expect(h.config.SCIM_MAX_RESULTS).toBe(1000);
  });

  test('/ResourceTypes: User with the enterprise and license extensions, Group', async () => {
    const res = await scim.get('/ResourceTypes');
    expectStatus(res, 200);
    expect(res.body).toMatchObject({ schemas: [SCHEMAS.list], totalResults: 2, itemsPerPage: 2, startIndex: 1 });
    const byName = Object.fromEntries(res.body.Resources.map((r: { name: string }) => [r.name, r]));
    expect(byName.User).toMatchObject({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
      id: 'User',
      endpoint: '/Users',
      schema: SCHEMAS.user,
      schemaExtensions: [
        { schema: SCHEMAS.enterprise, required: false },
        { schema: SCHEMAS.license, required: false },
      ],
      meta: { resourceType: 'ResourceType', location: `${scim.org.baseUrl}/ResourceTypes/User` },
    });
    expect(byName.Group).toMatchObject({ id: 'Group', endpoint: '/Groups', schema: SCHEMAS.group });
    expectStatus(await scim.get('/ResourceTypes/User'), 200);
  });

  test('/Schemas: core, enterprise and license schemas with their characteristics', async () => {
    const res = await scim.get('/Schemas');
    expectStatus(res, 200);
    const byId = Object.fromEntries(res.body.Resources.map((s: { id: string }) => [s.id, s]));
    for (const id of [SCHEMAS.user, SCHEMAS.group, SCHEMAS.enterprise, SCHEMAS.license]) expect(byId[id]).toBeDefined();
    const attr = (schema: string, name: string) => byId[schema].attributes.find((a: { name: string }) => a.name === name);
    expect(attr(SCHEMAS.user, 'userName')).toMatchObject({ required: true, caseExact: false, uniqueness: 'server' });
    expect(attr(SCHEMAS.user, 'password')).toMatchObject({ mutability: 'writeOnly', returned: 'never' });
    expect(attr(SCHEMAS.user, 'groups')).toMatchObject({ mutability: 'readOnly' });
    expect(attr(SCHEMAS.group, 'displayName')).toMatchObject({ required: true });
    expect(attr(SCHEMAS.enterprise, 'manager').subAttributes.map((s: { name: string }) => s.name)).toEqual(
      expect.arrayContaining(['value', '$ref', 'displayName']),
    );
    for (const name of ['state', 'heldSince', 'queuePosition']) expect(attr(SCHEMAS.license, name)).toMatchObject({ mutability: 'readOnly' });
    const single = await scim.get(`/Schemas/${SCHEMAS.license}`);
    expectStatus(single, 200);
    expect(single.body.id).toBe(SCHEMAS.license);
  });

  test('/Bulk is 501 with a SCIM error body', async () => {
    const res = await scim.post('/Bulk', { schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'], Operations: [] });
    expectScimError(res, 501);
    expectScimError(await scim.get('/Bulk'), 501);
  });

  test('discovery is read-only', async () => {
    const res = await scim.post('/ServiceProviderConfig', {});
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET');
    expectScimError(res, 405);
    // Also without a body (scim2-tester sends none).
    const bodiless = await scim.raw('put', '/Schemas');
    expectScimError(bodiless, 405);
  });
});
