/**
 * Label values for request metrics. Every value comes from a short fixed list, never from the
 * URL as sent: org ids, user ids and stray paths would each create a new time series.
 */

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export function methodLabel(method: string): string {
  const upper = method.toUpperCase();
  return METHODS.has(upper) ? upper : 'OTHER';
}

const SCIM_RESOURCES: Record<string, string> = {
  users: 'Users',
  groups: 'Groups',
  serviceproviderconfig: 'discovery',
  resourcetypes: 'discovery',
  schemas: 'discovery',
};

/** `/:orgId/Users/…` (a path under /scim/v2) → Users, Groups, discovery or other. */
export function scimResourceLabel(pathUnderScimV2: string): string {
  const segment = pathUnderScimV2.split('/').filter(Boolean)[1];
  return (segment && SCIM_RESOURCES[segment.toLowerCase()]) || 'other';
}

const ADMIN_ORG_RESOURCES = new Set(['tokens', 'licenses', 'members', 'sync-log', 'sync-status', 'reconcile']);

/** `/orgs/:orgId/tokens/…` (a path under /admin/v1) → orgs, tokens, licenses, members, sync-log, sync-status, reconcile or other. */
export function adminResourceLabel(pathUnderAdminV1: string): string {
  const segments = pathUnderAdminV1.split('/').filter(Boolean);
  if (segments[0] !== 'orgs') return 'other';
  if (segments.length <= 2) return 'orgs';
  return ADMIN_ORG_RESOURCES.has(segments[2]) ? segments[2] : 'other';
}
