import { randomUUID } from 'node:crypto';
import type { KeyDocument, UserDocument } from '../src/directory/documents';
import { foldKey } from '../src/directory/fold-key';
import { toStoredAttrs } from '../src/directory/storage-keys';
import type { Store } from '../src/infra/store';
import { normalizeResource } from '../src/scim/resource/normalize-resource';

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
    externalId: `00u${userName.replace(/[^a-z0-9]/gi, '').slice(0, 17)}`,
    groups: [],
    password: 'placeholder-Password1',
    active: true,
  };
}

/**
 * Seeds users straight into the store, in the documents the SCIM layer writes (user and its
 * userName and externalId keys), so that lookups can be measured at 100,000 users without
 * spending the run on creating them one request at a time.
 */
export async function seedUsers(store: Store, orgId: string, runId: string, from: number, to: number): Promise<void> {
  const users = store.tenant<UserDocument>(orgId, 'users');
  const keys = store.tenant<KeyDocument>(orgId, 'keys');
  const batch = 2000;
  for (let start = from; start < to; start += batch) {
    const userDocs: UserDocument[] = [];
    const keyDocs: KeyDocument[] = [];
    const now = new Date();
    for (let i = start; i < Math.min(to, start + batch); i++) {
      const resource = normalizeResource('User', oktaUserBody(benchUserName(runId, i)), 'create');
      const id = randomUUID();
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
}
