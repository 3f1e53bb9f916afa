import type { Request } from 'express';
import { z } from 'zod';

const orgIdParam = z.string().regex(/^[a-z0-9]{6,40}$/);
/** SCIM resource ids are ours (UUIDs); anything printable up to 128 characters is looked up, nothing else. */
const memberIdParam = z.string().regex(/^[A-Za-z0-9._~-]{1,128}$/);

/** A malformed org id is simply unknown: the same 404 as a well-formed id of no org. */
export function parseOrgId(value: string): string {
  const parsed = orgIdParam.safeParse(value);
  return parsed.success ? parsed.data : '-';
}

/** A malformed member id is unknown too ("-" is nobody's id). */
export function parseMemberId(value: string): string {
  const parsed = memberIdParam.safeParse(value);
  return parsed.success ? parsed.data : '-';
}

/** The request id (X-Request-Id): ties the request to the sync-log entries of the jobs it causes. */
export function correlationIdOf(req: Request): string | null {
  return req.id === undefined ? null : String(req.id);
}
