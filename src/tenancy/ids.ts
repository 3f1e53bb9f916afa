import { randomBytes, randomUUID } from 'node:crypto';

/** Org ids are lowercase alphanumerics: they appear in URLs and in collection names. */
export function newOrgId(): string {
  return `o${randomBytes(8).toString('hex')}`;
}

export function newTokenId(): string {
  return `tok_${randomBytes(8).toString('hex')}`;
}

/** SCIM resource ids (RFC 7643 §3.1: unique, stable, assigned by the service provider). */
export function newResourceId(): string {
  return randomUUID();
}
