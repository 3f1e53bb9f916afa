import { createHash, randomUUID } from 'node:crypto';
import type { Runtime } from '../src/deps';
import type { KeyDocument, UserDocument } from '../src/directory/documents';
import { foldKey } from '../src/directory/fold-key';
import { toStoredAttrs } from '../src/directory/storage-keys';
import { normalizeResource } from '../src/scim/resource/normalize-resource';
import type { AdminApi } from './admin-api';

export function benchUserName(runId: string, i: number): string {
  return `user-${runId}-${i}@example.com`;
}

/** An Okta-shaped create body (research §2.1). */
export function oktaUserBody(userName: string): Record<string, unknown> {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName,
    name: { givenName: 'Bench', familyName: 'User' },
    emails: [{ primary: true, value: userName, type: 'work' }],
    displayName: 'Bench User',
    locale: 'en-US',
    // Okta's ids are 20 characters; a digest keeps them unique per userName.
    externalId: `00u${createHash('sha256').update(userName).digest('hex').slice(0, 17)}`,
    groups: [],
    password: 'placeholder-Password1',
    active: true,
  };
}

/**
 * Seeds users straight into the store, in the documents the SCIM layer writes (user and its
 * userName and externalId keys), so that workloads can run against 100,000 users without
 * spending the run on creating them one request at a time. Returns the users' ids in order.
 */
export async function seedUsers(runtime: Runtime, orgId: string, runId: string, from: number, to: number): Promise<string[]> {
  const users = runtime.store.tenant<UserDocument>(orgId, 'users');
  const keys = runtime.store.tenant<KeyDocument>(orgId, 'keys');
  const ids: string[] = [];
  const batch = 2000;
  for (let start = from; start < to; start += batch) {
    const userDocs: UserDocument[] = [];
    const keyDocs: KeyDocument[] = [];
    const now = new Date();
    for (let i = start; i < Math.min(to, start + batch); i++) {
      const resource = normalizeResource('User', oktaUserBody(benchUserName(runId, i)), 'create');
      const id = randomUUID();
      ids.push(id);
      const userNameKey = foldKey(resource.userName as string);
      const externalId = resource.externalId as string;
      userDocs.push({
        _id: users.id(id), orgId, id, attrs: toStoredAttrs(resource), userNameKey, externalId,
        active: true, created: now, lastModified: now, version: 1,
      });
      keyDocs.push({ _id: keys.id(`user-name:${userNameKey}`), orgId, kind: 'user-name', target: id, at: now });
      keyDocs.push({ _id: keys.id(`user-ext:${externalId}`), orgId, kind: 'user-ext', target: id, at: now });
    }
    await users.insertMany(userDocs);
    await keys.insertMany(keyDocs);
  }
  return ids;
}

/**
 * Seeded users bypass the SCIM layer, so the workers learn of them through one org-wide change
 * (as after a settings change); waiting for it keeps their first pass out of the measurement.
 */
export async function settleSeededOrg(runtime: Runtime, admin: AdminApi, orgId: string): Promise<number> {
  await runtime.changes.record(orgId, [{ memberId: null, reason: 'benchmark seed' }], null);
  return admin.waitSettled(orgId, 30 * 60_000);
}
