import { AppError } from '../errors';
import type { OrgDocument, OrgRepository } from '../tenancy/org-repository';

/** The org, or the admin API's 404 (the same for a malformed id: it is simply unknown). */
export async function requireOrg(orgs: OrgRepository, orgId: string): Promise<OrgDocument> {
  const org = await orgs.findById(orgId);
  if (!org) throw new AppError('NOT_FOUND', `Organisation ${orgId} does not exist.`);
  return org;
}
