import { isDuplicateKey, type TenantCollection, type TenantDocument } from '../infra/store';

/**
 * Replaces a derived document (read model, pool status), creating it if missing. On FerretDB
 * two concurrent upserts of a missing document both try to insert it and one fails with a
 * duplicate key; by then the document exists, so a second replace settles it.
 */
export async function upsertDerived<T extends TenantDocument>(collection: TenantCollection<T>, doc: T): Promise<void> {
  try {
    await collection.replaceById(doc);
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    await collection.replaceById(doc);
  }
}
