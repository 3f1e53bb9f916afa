import type { Request, Response } from 'express';
import { AppError } from '../../errors';
import type { ProjectionRequest } from '../../scim/resource/project-resource';
import { SCIM_CONTENT_TYPE } from './error-body';

export const LIST_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

/** Every SCIM answer is application/scim+json (RFC 7644 §3.1). */
export function sendScim(res: Response, status: number, body: unknown, headers: Record<string, string> = {}): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.status(status).type(SCIM_CONTENT_TYPE).send(JSON.stringify(body));
}

/** A query parameter given at most once, as a string. */
export function singleParam(req: Request, name: string): string | undefined {
  const value = req.query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new AppError('INVALID_VALUE', `The query parameter "${name}" must be given once, as text.`);
  }
  return value;
}

/** `attributes` / `excludedAttributes`, whose names are matched case-insensitively like the list parameters. */
export function projectionParams(source: Record<string, unknown>): ProjectionRequest {
  const named = (name: string) => {
    const key = Object.keys(source).find((k) => k.toLowerCase() === name.toLowerCase());
    return key === undefined ? undefined : source[key];
  };
  return {
    attributes: listParam(named('attributes'), 'attributes'),
    excludedAttributes: listParam(named('excludedAttributes'), 'excludedAttributes'),
  };
}

function listParam(value: unknown, name: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.flatMap(splitNames);
  if (typeof value === 'string') return splitNames(value);
  throw new AppError('INVALID_VALUE', `"${name}" must be a comma-separated list of attribute names.`);
}

function splitNames(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

/**
 * startIndex and count (RFC 7644 §3.4.2.4): a JSON number in a search body, decimal digits in
 * a query string (or a body, for lenient clients). Nothing else is converted: Number() would
 * read `true`, `[2]`, `" "` and `"0x10"` as integers, and throws on an object whose toString
 * is not a function.
 */
export function integerParam(value: unknown, name: string, fallback: number): number {
  if (value === undefined || value === null || value === '') return fallback;
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(number) || !Number.isInteger(number)) {
    throw new AppError('INVALID_VALUE', `"${name}" must be an integer.`);
  }
  return number;
}

/** A ListResponse (RFC 7644 §3.4.2): counters are integers, itemsPerPage is what this page holds. */
export function listResponse(totalResults: number, startIndex: number, resources: unknown[]) {
  return { schemas: [LIST_RESPONSE_SCHEMA], totalResults, startIndex, itemsPerPage: resources.length, Resources: resources };
}

/** Page size when the client gives no count: Okta's 100, within the advertised maximum. */
export function defaultListCount(maxResults: number): number {
  return Math.min(100, maxResults);
}
