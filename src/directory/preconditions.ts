import { AppError } from '../errors';

/** `W/"<version>"`: weak, because equal versions mean semantically equal, not byte-equal, bodies. */
export function etagOf(version: number): string {
  return `W/"${version}"`;
}

/**
 * If-Match (RFC 7644 §3.14, RFC 7232 §3.1): the write goes ahead only when one of the given
 * entity tags is the current one (or the header is `*`).
 */
export function assertIfMatch(ifMatch: string | undefined, version: number): void {
  if (ifMatch === undefined) return;
  const tags = ifMatch.split(',').map((t) => t.trim()).filter(Boolean);
  if (tags.includes('*')) return;
  const current = String(version);
  const matches = tags.some((tag) => tag.replace(/^W\//, '').replace(/^"|"$/g, '') === current);
  if (!matches) {
    throw new AppError('PRECONDITION_FAILED', `The resource has changed: its current version is ${etagOf(version)}. Read it again and retry.`);
  }
}

/** If-None-Match on GET: true when the client's copy is current (answer 304). */
export function isNotModified(ifNoneMatch: string | undefined, version: number): boolean {
  if (ifNoneMatch === undefined) return false;
  const tags = ifNoneMatch.split(',').map((t) => t.trim());
  return tags.includes('*') || tags.some((tag) => tag.replace(/^W\//, '').replace(/^"|"$/g, '') === String(version));
}
