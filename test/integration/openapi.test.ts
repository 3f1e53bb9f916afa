import type { Router } from 'express';
import request from 'supertest';
import { licensesRouter } from '../../src/http/admin/licenses-routes';
import { membersRouter } from '../../src/http/admin/members-routes';
import { orgsRouter } from '../../src/http/admin/orgs-routes';
import { reconcileRouter } from '../../src/http/admin/reconcile-routes';
import { syncLogRouter } from '../../src/http/admin/sync-log-routes';
import { createHarness, type Harness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

/** Every (method, path) an admin router declares, in OpenAPI path syntax. */
function routesOf(router: Router): string[] {
  const stack = (router as unknown as { stack: { route?: { path: string; methods: Record<string, boolean> } }[] }).stack;
  return stack
    .filter((layer) => layer.route)
    .flatMap((layer) =>
      Object.keys(layer.route!.methods)
        .filter((m) => m !== '_all')
        .map((method) => `${method.toUpperCase()} ${layer.route!.path.replace(/:([A-Za-z]+)/g, '{$1}')}`),
    );
}

describe('GET /admin/v1/openapi.json', () => {
  test('is an OpenAPI 3.1 document behind the admin key', async () => {
    expect((await request(h.app).get('/admin/v1/openapi.json')).status).toBe(401);
    const res = await h.admin().get('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(res.body.servers[0].url).toBe('http://seatsync.test/admin/v1');
  });

  test('documents exactly the routes the admin API serves', async () => {
    const none = {} as never;
    const served = [
      ...routesOf(orgsRouter(none, none)),
      ...routesOf(licensesRouter(none)),
      ...routesOf(membersRouter(none)),
      ...routesOf(syncLogRouter(none, none)),
      ...routesOf(reconcileRouter(none)),
    ].sort();
    const doc = (await h.admin().get('/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths)
      .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    expect(documented).toEqual(served);
  });

  test('request schemas come from the validation schemas', async () => {
    const doc = (await h.admin().get('/openapi.json')).body;
    const createOrg = doc.paths['/orgs'].post.requestBody.content['application/json'].schema;
    expect(createOrg.required).toEqual(expect.arrayContaining(['name', 'licenses']));
    expect(createOrg.additionalProperties).toBe(false);
    const purchase = doc.paths['/orgs/{orgId}/licenses/purchases'].post.requestBody.content['application/json'].schema;
    expect(purchase.properties.quantity.type).toBe('integer');
    const logParams = doc.paths['/orgs/{orgId}/sync-log'].get.parameters.map((p: { name: string }) => p.name);
    expect(logParams).toEqual(expect.arrayContaining(['orgId', 'kind', 'status', 'subject', 'since', 'cursor']));
  });
});
