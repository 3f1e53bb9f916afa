import { Router } from 'express';
import { z } from 'zod';
import { AppError } from '../../errors';
import type { InvitationService } from '../../licenses/invitations';
import type { MemberQueries } from '../../licenses/member-queries';
import { LICENSE_STATES } from '../../scim/schema/license-extension-schema';
import { correlationIdOf, parseMemberId, parseOrgId } from './request-params';

export const listMembersQuery = z
  .object({
    state: z.enum(LICENSE_STATES).optional(),
    team: z.string().min(1).max(128).optional(),
    q: z.string().min(1).max(200).optional(),
    cursor: z.string().max(1000).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();

/**
 * Deletes the SCIM user and records the change (the SCIM layer provides it). Resolves false,
 * or throws NOT_FOUND, when there is no such user.
 */
export type DeleteUser = (orgId: string, userId: string, correlationId: string | null) => Promise<boolean | void>;

export interface MembersRouterDeps {
  members: MemberQueries;
  invitations: InvitationService;
  deleteUser: DeleteUser;
}

/** Members and their licenses (CONTRACT.md admin API). Thin: validate, call one use case, answer. */
export function membersRouter(deps: MembersRouterDeps): Router {
  const router = Router();

  router.get('/orgs/:orgId/members', async (req, res) => {
    const orgId = parseOrgId(req.params.orgId);
    const query = listMembersQuery.parse(req.query);
    res.json(await deps.members.list(orgId, query));
  });

  router.get('/orgs/:orgId/members/:id', async (req, res) => {
    res.json(await deps.members.get(parseOrgId(req.params.orgId), parseMemberId(req.params.id)));
  });

  router.post('/orgs/:orgId/members/:id/accept', async (req, res) => {
    const orgId = parseOrgId(req.params.orgId);
    res.json(await deps.invitations.accept(orgId, parseMemberId(req.params.id), correlationIdOf(req)));
  });

  router.delete('/orgs/:orgId/members/:id', async (req, res) => {
    const orgId = parseOrgId(req.params.orgId);
    const id = parseMemberId(req.params.id);
    // The org first: an unknown org is 404 before the SCIM layer is asked anything.
    await deps.members.requireOrg(orgId);
    if ((await deps.deleteUser(orgId, id, correlationIdOf(req))) === false) {
      throw new AppError('NOT_FOUND', `Member ${id} does not exist in this organisation.`);
    }
    res.status(204).end();
  });

  return router;
}
