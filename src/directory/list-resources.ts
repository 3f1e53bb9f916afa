import type { Document, Sort } from 'mongodb';
import { AppError } from '../errors';
import type { FilterNode } from '../scim/filter/ast';
import { compileFilter } from '../scim/filter/evaluate';
import { parseFilter } from '../scim/filter/parser';
import { attributeLookupFor } from '../scim/schema/attribute-resolver';
import { parseAttributePathText } from '../scim/schema/attribute-path-text';
import type { ResourceTypeName } from '../scim/schema/resource-types';
import type { KeyKind } from './documents';
import { filterToQuery, sortField } from './filter-to-query';
import { foldKey } from './fold-key';
import type { KeyRepository } from './key-repository';
import type { ResourceDocument, ResourceRepository } from './resource-repository';

export interface ListParams {
  filter?: string;
  /** 1-based (RFC 7644 §3.4.2.4). */
  startIndex: number;
  count: number;
  sortBy?: string;
  sortOrder?: 'ascending' | 'descending';
}

export interface ListLimits {
  maxResults: number;
  maxFilterLength: number;
  maxFilterDepth: number;
}

export interface ListResult<T> {
  totalResults: number;
  startIndex: number;
  docs: T[];
}

/**
 * Filtered, sorted, paged listing. An equality on a key attribute (id, userName, externalId,
 * a Group's displayName) is answered by `_id` lookups, the one fast path every store has; the
 * rest of the filter is then checked on that single resource. Any other filter becomes a
 * store query; one the store can only narrow down (value filters, see filter-to-query.ts) is
 * checked in memory on the candidates, then paged.
 */
export async function listResources<T extends ResourceDocument>(
  resourceType: ResourceTypeName,
  orgId: string,
  params: ListParams,
  limits: ListLimits,
  repo: ResourceRepository<T>,
  keys: KeyRepository,
  render: (doc: T) => Record<string, unknown>,
): Promise<ListResult<T>> {
  const startIndex = Math.max(1, Math.trunc(params.startIndex));
  const count = Math.min(Math.max(0, Math.trunc(params.count)), limits.maxResults);
  const node = params.filter === undefined ? undefined : parseFilter(params.filter, { maxLength: limits.maxFilterLength, maxDepth: limits.maxFilterDepth });
  // Compiled even when the fast path answers: a filter the store cannot run is invalidFilter
  // whatever the data, and the same request never succeeds or fails depending on the path.
  const compiled = node ? filterToQuery(resourceType, node) : { query: {}, exact: true };
  const sort = sortOf(resourceType, params);

  const keyed = node ? keyedEquality(resourceType, node) : undefined;
  if (node && keyed) {
    const targetId = keyed.kind === 'id' ? keyed.value : await keys.find(orgId, keyed.kind, keyed.value);
    const doc = targetId ? await repo.findById(orgId, targetId) : null;
    const matches = doc !== null && compileFilter(node, attributeLookupFor(resourceType))(render(doc));
    const docs = matches && startIndex === 1 && count > 0 ? [doc] : [];
    return { totalResults: matches ? 1 : 0, startIndex, docs };
  }

  if (node && !compiled.exact) {
    const predicate = compileFilter(node, attributeLookupFor(resourceType));
    const candidates = await repo.findAll(orgId, compiled.query, sort);
    const matching = candidates.filter((doc) => predicate(render(doc)));
    return { totalResults: matching.length, startIndex, docs: matching.slice(startIndex - 1, startIndex - 1 + count) };
  }

  const { total, docs } = await repo.list(orgId, compiled.query, { skip: startIndex - 1, limit: count, sort });
  return { totalResults: total, startIndex, docs };
}

function sortOf(resourceType: ResourceTypeName, params: ListParams): Sort {
  const direction = params.sortOrder === 'descending' ? -1 : 1;
  if (params.sortBy === undefined) {
    // A stable order regardless of startIndex and count (Okta pages by startIndex).
    return { created: 1, _id: 1 };
  }
  const path = parseAttributePathText(params.sortBy);
  if (!path) throw new AppError('INVALID_VALUE', `sortBy "${params.sortBy}" is not an attribute path.`);
  let field: string;
  try {
    field = sortField(resourceType, path);
  } catch (error) {
    throw new AppError('INVALID_VALUE', `sortBy "${params.sortBy}" is not a sortable attribute of a ${resourceType}.`, { cause: error });
  }
  return { [field]: direction, _id: 1 };
}

type KeyedEquality = { kind: KeyKind | 'id'; value: string };

/** The key-attribute equality that alone decides the result, if the filter has one. */
function keyedEquality(resourceType: ResourceTypeName, node: FilterNode): KeyedEquality | undefined {
  const candidates = node.kind === 'and' ? node.filters : [node];
  for (const candidate of candidates) {
    if (candidate.kind !== 'compare' || candidate.op !== 'eq' || typeof candidate.value !== 'string') continue;
    const { uri, attr, sub } = candidate.path;
    if (sub !== undefined || (uri !== undefined && !/:core:2\.0:/i.test(uri))) continue;
    const name = attr.toLowerCase();
    if (name === 'id') return { kind: 'id', value: candidate.value };
    if (name === 'externalid') return { kind: resourceType === 'User' ? 'user-ext' : 'group-ext', value: candidate.value };
    if (resourceType === 'User' && name === 'username') return { kind: 'user-name', value: foldKey(candidate.value) };
    if (resourceType === 'Group' && name === 'displayname') return { kind: 'group-name', value: foldKey(candidate.value) };
  }
  return undefined;
}
