import type { RequestHandler } from 'express';
import { AppError } from '../../errors';
import type { TokenService } from '../../tenancy/token-service';
import { bearerToken } from '../bearer';

export interface ScimLocals {
  orgId: string;
  tokenId: string;
}

/**
 * Resolves the org from the bearer token. The org in the URL must be the token's org: another
 * org's token on this base URL is 401 exactly like an unknown token, so a caller learns
 * nothing about which orgs exist.
 */
export function scimAuth(tokens: TokenService): RequestHandler {
  return async (req, res, next) => {
    const token = bearerToken(req);
    const orgId = String(req.params.orgId);
    const doc = token === undefined ? null : await tokens.authenticate(token, orgId);
    if (!doc) {
      next(new AppError('UNAUTHORIZED', 'A valid SCIM bearer token for this organisation is required.'));
      return;
    }
    const locals: ScimLocals = { orgId: doc.orgId, tokenId: doc.tokenId };
    res.locals.scim = locals;
    next();
  };
}

export function scimLocals(res: { locals: Record<string, unknown> }): ScimLocals {
  return res.locals.scim as ScimLocals;
}
