import type { DirectoryModule } from '../../directory/directory-module';
import { LICENSE_USER_SCHEMA } from '../../scim/schema/schema-urns';

/**
 * Okta updates a profile by GETting the user and PUTting it back whole. The read-only license
 * extension then comes back unchanged; RFC 7644 §3.5.1 says read-only values in a PUT are
 * ignored, so an unchanged echo is dropped here. A changed one stays and is refused by
 * normalisation with `mutability` (CONTRACT.md).
 */
export async function stripEchoedLicense(directory: DirectoryModule, orgId: string, userId: string, body: unknown): Promise<unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  const key = Object.keys(body).find((k) => k.toLowerCase() === LICENSE_USER_SCHEMA.toLowerCase());
  if (key === undefined) return body;
  const sent = (body as Record<string, unknown>)[key];
  const current = (await directory.licenseViews.viewsFor(orgId, [userId])).get(userId);
  if (!sameLicenseView(sent, current as Record<string, unknown> | undefined)) return body;
  const copy: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  delete copy[key];
  return copy;
}

function sameLicenseView(sent: unknown, current: Record<string, unknown> | undefined): boolean {
  if (sent === null || sent === undefined) return true;
  if (typeof sent !== 'object' || Array.isArray(sent) || !current) return false;
  const given = sent as Record<string, unknown>;
  return ['state', 'heldSince', 'queuePosition'].every((name) => {
    const key = Object.keys(given).find((k) => k.toLowerCase() === name.toLowerCase());
    return key === undefined || given[key] === current[name];
  });
}
