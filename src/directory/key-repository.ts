import type { Store, TenantCollection } from '../infra/store';
import type { KeyDocument, KeyKind } from './documents';

/**
 * Uniqueness and lookup keys, one document per (kind, value). A key whose target does not
 * exist is a leftover of a write that died half-way; it is reclaimed once older than this.
 */
const ORPHAN_AGE_MS = 30_000;

export type ClaimResult = { ok: true } | { ok: false; holder: string };

export class KeyRepository {
  constructor(private readonly store: Store) {}

  private keys(orgId: string): TenantCollection<KeyDocument> {
    return this.store.tenant<KeyDocument>(orgId, 'keys');
  }

  keyId(orgId: string, kind: KeyKind, value: string): string {
    return this.keys(orgId).id(`${kind}:${value}`);
  }

  async find(orgId: string, kind: KeyKind, value: string): Promise<string | null> {
    const doc = await this.keys(orgId).findById(this.keyId(orgId, kind, value));
    return doc ? doc.target : null;
  }

  /**
   * Claims (kind, value) for `target`. When another target holds it and `targetExists` says
   * that target is gone, an old key is reclaimed; a fresh one may belong to a write in flight.
   */
  async claim(
    orgId: string,
    kind: KeyKind,
    value: string,
    target: string,
    targetExists: (id: string) => Promise<boolean>,
  ): Promise<ClaimResult> {
    const keys = this.keys(orgId);
    const id = this.keyId(orgId, kind, value);
    for (let attempt = 0; attempt < 3; attempt++) {
      if (await keys.insert({ _id: id, orgId, kind, target, at: new Date() })) return { ok: true };
      const existing = await keys.findById(id);
      if (!existing) continue;
      if (existing.target === target) return { ok: true };
      const stale = Date.now() - existing.at.getTime() > ORPHAN_AGE_MS && !(await targetExists(existing.target));
      if (!stale) return { ok: false, holder: existing.target };
      await keys.deleteById(id);
    }
    return { ok: false, holder: '' };
  }

  /** Releases a key, but only if it still points at `target`. */
  async release(orgId: string, kind: KeyKind, value: string, target: string): Promise<void> {
    const keys = this.keys(orgId);
    const id = this.keyId(orgId, kind, value);
    const existing = await keys.findById(id);
    if (existing && existing.target === target) await keys.deleteById(id);
  }
}
