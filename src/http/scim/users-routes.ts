import { Router } from 'express';
import type { DirectoryModule } from '../../directory/directory-module';
import { listResources } from '../../directory/list-resources';
import { etagOf, isNotModified } from '../../directory/preconditions';
import { renderUser } from '../../directory/render';
import { scimLocals } from './auth';
import { listRequestFromQuery, listRequestFromSearchBody, type ListRequest } from './list-request';
import { correlationIdOf, header, type ResourceResponses } from './resource-responses';
import { defaultListCount, listResponse, projectionParams, sendScim } from './respond';
import { stripEchoedLicense } from './strip-echoed-license';

/** /Users (RFC 7644 §3.3-3.6). Thin: parse, call the service, render. */
export function usersRouter(directory: DirectoryModule, responses: ResourceResponses, baseUrlOf: (orgId: string) => string): Router {
  const router = Router({ mergeParams: true });
  const service = directory.userService;

  const list = async (orgId: string, request: ListRequest) => {
    const result = await listResources('User', orgId, request.params, directory.limits, directory.users, directory.keys, (doc) =>
      renderUser(doc, baseUrlOf(orgId)),
    );
    const resources = await responses.users(orgId, result.docs, request.projection);
    return listResponse(result.totalResults, result.startIndex, resources);
  };

  router.get('/', async (req, res) => {
    const { orgId } = scimLocals(res);
    sendScim(res, 200, await list(orgId, listRequestFromQuery(req.query, defaultListCount(directory.limits.maxResults))));
  });

  router.post('/.search', async (req, res) => {
    const { orgId } = scimLocals(res);
    sendScim(res, 200, await list(orgId, listRequestFromSearchBody(req.body, defaultListCount(directory.limits.maxResults))));
  });

  router.post('/', async (req, res) => {
    const { orgId } = scimLocals(res);
    const doc = await service.create(orgId, req.body, { correlationId: correlationIdOf(req) });
    const body = responses.createdUser(orgId, doc, projectionParams(req.query));
    sendScim(res, 201, body, { Location: `${baseUrlOf(orgId)}/Users/${doc.id}`, ETag: etagOf(doc.version) });
  });

  router.get('/:id', async (req, res) => {
    const { orgId } = scimLocals(res);
    const doc = await service.get(orgId, req.params.id);
    if (isNotModified(header(req, 'if-none-match'), doc.version)) {
      res.status(304).setHeader('ETag', etagOf(doc.version)).end();
      return;
    }
    sendScim(res, 200, await responses.user(orgId, doc, projectionParams(req.query)), { ETag: etagOf(doc.version) });
  });

  router.put('/:id', async (req, res) => {
    const { orgId } = scimLocals(res);
    const body = await stripEchoedLicense(directory, orgId, req.params.id, req.body);
    const doc = await service.replace(orgId, req.params.id, body, { correlationId: correlationIdOf(req), ifMatch: header(req, 'if-match') });
    sendScim(res, 200, await responses.user(orgId, doc, projectionParams(req.query)), { ETag: etagOf(doc.version) });
  });

  router.patch('/:id', async (req, res) => {
    const { orgId } = scimLocals(res);
    const doc = await service.patch(orgId, req.params.id, req.body, { correlationId: correlationIdOf(req), ifMatch: header(req, 'if-match') });
    sendScim(res, 200, await responses.user(orgId, doc, projectionParams(req.query)), { ETag: etagOf(doc.version) });
  });

  router.delete('/:id', async (req, res) => {
    const { orgId } = scimLocals(res);
    await service.delete(orgId, req.params.id, { correlationId: correlationIdOf(req), ifMatch: header(req, 'if-match') });
    res.status(204).end();
  });

  return router;
}
