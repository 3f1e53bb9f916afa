import { Router } from 'express';
import type { DirectoryModule } from '../../directory/directory-module';
import { listResources, type ListResult } from '../../directory/list-resources';
import { renderGroup, renderUser } from '../../directory/render';
import { isAppError } from '../../errors';
import { scimLocals } from './auth';
import { listRequestFromSearchBody } from './list-request';
import type { ResourceResponses } from './resource-responses';
import { defaultListCount, listResponse, sendScim } from './respond';

/**
 * POST /.search at the base URL searches Users and Groups together (RFC 7644 §3.4.3): Users
 * first, then Groups, paged as one list. A filter naming an attribute only one type has simply
 * matches nothing of the other type; one that fits neither is invalidFilter.
 */
export function rootSearchRouter(directory: DirectoryModule, responses: ResourceResponses, baseUrlOf: (orgId: string) => string): Router {
  const router = Router({ mergeParams: true });
  router.post('/.search', async (req, res) => {
    const { orgId } = scimLocals(res);
    const request = listRequestFromSearchBody(req.body, defaultListCount(directory.limits.maxResults));
    const { startIndex, count } = request.params;
    const base = baseUrlOf(orgId);
    // Totals first (count 0), then the page slices of each type.
    const userTotal = await totalOrNone(() =>
      listResources('User', orgId, { ...request.params, startIndex: 1, count: 0 }, directory.limits, directory.users, directory.keys, (d) => renderUser(d, base)),
    );
    const groupTotal = await totalOrNone(() =>
      listResources('Group', orgId, { ...request.params, startIndex: 1, count: 0 }, directory.limits, directory.groups, directory.keys, (d) => renderGroup(d, base)),
    );
    if (userTotal.error && groupTotal.error) throw userTotal.error;
    const start = Math.max(1, startIndex);
    const wanted = Math.min(Math.max(0, count), directory.limits.maxResults);
    const resources: Record<string, unknown>[] = [];
    if (!userTotal.error && start <= userTotal.total && wanted > 0) {
      const page = await listResources('User', orgId, { ...request.params, startIndex: start, count: wanted }, directory.limits, directory.users, directory.keys, (d) => renderUser(d, base));
      resources.push(...(await responses.users(orgId, page.docs, request.projection)));
    }
    const groupStart = Math.max(1, start - userTotal.total);
    if (!groupTotal.error && resources.length < wanted && groupStart <= groupTotal.total) {
      const page = await listResources('Group', orgId, { ...request.params, startIndex: groupStart, count: wanted - resources.length }, directory.limits, directory.groups, directory.keys, (d) => renderGroup(d, base));
      resources.push(...(await responses.groups(orgId, page.docs, request.projection)));
    }
    sendScim(res, 200, listResponse(userTotal.total + groupTotal.total, start, resources));
  });
  return router;
}

async function totalOrNone(
  run: () => Promise<ListResult<unknown>>,
): Promise<{ total: number; error?: unknown }> {
  try {
    return { total: (await run()).totalResults };
  } catch (error) {
    if (isAppError(error) && error.code === 'INVALID_FILTER') return { total: 0, error };
    throw error;
  }
}
