import { AppError } from '../../errors';
import type { ListParams } from '../../directory/list-resources';
import type { ProjectionRequest } from '../../scim/resource/project-resource';
import { integerParam, projectionParams } from './respond';

export interface ListRequest {
  params: ListParams;
  projection: ProjectionRequest;
}

const SEARCH_REQUEST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';

/** Query parameters of GET /Users and GET /Groups (RFC 7644 §3.4.2). */
export function listRequestFromQuery(query: Record<string, unknown>, defaultCount: number): ListRequest {
  for (const [name, value] of Object.entries(query)) {
    if (typeof value !== 'string' && !['attributes', 'excludedattributes'].includes(name.toLowerCase())) {
      throw new AppError('INVALID_VALUE', `The query parameter "${name}" must be given once, as text.`);
    }
  }
  return fromFields(lowerKeys(query), defaultCount);
}

/** The body of POST …/.search (RFC 7644 §3.4.3). */
export function listRequestFromSearchBody(body: unknown, defaultCount: number): ListRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new AppError('INVALID_SYNTAX', 'A search request body must be a JSON object (RFC 7644 §3.4.3).');
  }
  const fields = lowerKeys(body as Record<string, unknown>);
  const schemas = fields.schemas;
  if (schemas !== undefined && (!Array.isArray(schemas) || !schemas.includes(SEARCH_REQUEST_SCHEMA))) {
    throw new AppError('INVALID_SYNTAX', `"schemas" must contain "${SEARCH_REQUEST_SCHEMA}".`);
  }
  for (const name of ['filter', 'sortby', 'sortorder']) {
    if (fields[name] !== undefined && typeof fields[name] !== 'string') {
      throw new AppError('INVALID_VALUE', `"${name}" must be a string.`);
    }
  }
  return fromFields(fields, defaultCount);
}

function fromFields(fields: Record<string, unknown>, defaultCount: number): ListRequest {
  const sortOrder = fields.sortorder;
  if (sortOrder !== undefined && sortOrder !== 'ascending' && sortOrder !== 'descending') {
    throw new AppError('INVALID_VALUE', '"sortOrder" must be "ascending" or "descending".');
  }
  const filter = fields.filter as string | undefined;
  return {
    params: {
      filter: filter === undefined || filter === '' ? (filter === '' ? '' : undefined) : filter,
      startIndex: integerParam(fields.startindex, 'startIndex', 1),
      count: integerParam(fields.count, 'count', defaultCount),
      sortBy: fields.sortby as string | undefined,
      sortOrder: sortOrder as ListParams['sortOrder'],
    },
    projection: projectionParams({ attributes: fields.attributes, excludedAttributes: fields.excludedattributes }),
  };
}

/** SCIM parameter names are case-insensitive (RFC 7644 §3.4.2); a repeated key's last value wins. */
function lowerKeys(source: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  for (const [key, value] of Object.entries(source)) out[key.toLowerCase()] = value;
  return out;
}
