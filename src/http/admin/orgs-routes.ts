import { Router } from 'express';
import { z } from 'zod';
import type { OrgService } from '../../tenancy/org-service';
import { orgSettingsPatchSchema } from '../../tenancy/settings';
import type { TokenService } from '../../tenancy/token-service';

export const createOrgBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    licenses: z.number().int().min(0).max(10_000_000),
    settings: orgSettingsPatchSchema.optional(),
  })
  .strict();

export const patchOrgBody = z.object({ settings: orgSettingsPatchSchema }).strict();

export const listOrgsQuery = z
  .object({
    exhausted: z.enum(['true', 'false']).optional(),
    cursor: z.string().max(64).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

export const createTokenBody = z
  .object({ expiresAt: z.iso.datetime({ offset: true }).optional() })
  .strict()
  .optional();

const orgIdParam = z.string().regex(/^[a-z0-9]{6,40}$/);
const tokenIdParam = z.string().regex(/^tok_[a-f0-9]{16}$/);

/** Orgs and SCIM tokens (CONTRACT.md, admin API). Thin: validate, call one use case, answer. */
export function orgsRouter(orgs: OrgService, tokens: TokenService): Router {
  const router = Router();

  router.post('/orgs', async (req, res) => {
    const body = createOrgBody.parse(req.body);
    res.status(201).json(await orgs.create(body));
  });

  router.get('/orgs', async (req, res) => {
    const query = listOrgsQuery.parse(req.query);
    const exhausted = query.exhausted === undefined ? undefined : query.exhausted === 'true';
    res.json(await orgs.list({ exhausted, cursor: query.cursor, limit: query.limit }));
  });

  router.get('/orgs/:orgId', async (req, res) => {
    res.json(await orgs.get(parseOrgId(req.params.orgId)));
  });

  router.patch('/orgs/:orgId', async (req, res) => {
    const orgId = parseOrgId(req.params.orgId);
    const body = patchOrgBody.parse(req.body);
    res.json(await orgs.updateSettings(orgId, body.settings));
  });

  router.get('/orgs/:orgId/tokens', async (req, res) => {
    const orgId = parseOrgId(req.params.orgId);
    await orgs.require(orgId);
    res.json({ items: await tokens.list(orgId) });
  });

  router.post('/orgs/:orgId/tokens', async (req, res) => {
    const orgId = parseOrgId(req.params.orgId);
    const body = createTokenBody.parse(req.body ?? undefined);
    await orgs.require(orgId);
    const issued = await tokens.issue(orgId, body?.expiresAt ? new Date(body.expiresAt) : null);
    res.status(201).json({ tokenId: issued.tokenId, token: issued.token, expiresAt: issued.expiresAt });
  });

  router.delete('/orgs/:orgId/tokens/:tokenId', async (req, res) => {
    const orgId = parseOrgId(req.params.orgId);
    const tokenId = tokenIdParam.safeParse(req.params.tokenId);
    await orgs.require(orgId);
    await tokens.revoke(orgId, tokenId.success ? tokenId.data : '');
    res.status(204).end();
  });

  return router;
}

function parseOrgId(value: string): string {
  const parsed = orgIdParam.safeParse(value);
  // Malformed ids are simply unknown: the same 404 as a well-formed id of no org.
  return parsed.success ? parsed.data : '-';
}
