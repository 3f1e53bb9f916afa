import { randomUUID } from 'node:crypto';
import type { KeyDocument, UserDocument } from '../../src/directory/documents';
import { foldKey } from '../../src/directory/fold-key';
import { CORE_USER_SCHEMA } from '../../src/scim/schema/schema-urns';
import type { Harness } from './harness';

/**
 * Inserts `count` users straight into the store, in the shape UserService.create writes
 * (user document plus its userName key), without change records. For tests that need many
 * users as group members and are about something else: creating 10,000 users through the
 * API would take most of a minute on FerretDB.
 */
export async function seedUsers(h: Harness, orgId: string, count: number, prefix = 'seed'): Promise<string[]> {
  const users = h.runtime.directory.users.collection(orgId);
  const keys = h.runtime.store.tenant<KeyDocument>(orgId, 'keys');
  const ids: string[] = [];
  const batch = 1000;
  for (let start = 0; start < count; start += batch) {
    const now = new Date();
    const docs: UserDocument[] = [];
    const keyDocs: KeyDocument[] = [];
    for (let i = start; i < Math.min(count, start + batch); i++) {
      const id = randomUUID();
      const userName = `${prefix}-${i}-${id.slice(0, 8)}@example.com`;
      ids.push(id);
      docs.push({
        _id: users.id(id),
        orgId,
        id,
        attrs: { schemas: [CORE_USER_SCHEMA], userName, active: true },
        userNameKey: foldKey(userName),
        externalId: null,
        active: true,
        created: now,
        lastModified: now,
        version: 1,
      });
      keyDocs.push({ _id: keys.id(`user-name:${foldKey(userName)}`), orgId, kind: 'user-name', target: id, at: now });
    }
    await users.insertMany(docs);
    await keys.insertMany(keyDocs);
  }
  return ids;
}
