import { AppError } from '../errors';
import type { KeyKind } from './documents';
import type { KeyRepository } from './key-repository';

/** One unique key of a resource and what a client is told when another resource holds it. */
export interface UniqueKey {
  kind: KeyKind;
  value: string;
  takenMessage: string;
}

/** A resource's unique keys: its name (userName or displayName) and, when set, its externalId. */
export interface ResourceKeys {
  name: UniqueKey;
  ext: UniqueKey | null;
}

/** Which keys a write claimed, so that exactly those are released if it fails. */
export interface HeldKeys {
  name: boolean;
  ext: boolean;
}

interface OwnedDocument {
  orgId: string;
  id: string;
}

/**
 * Uniqueness of names and externalIds through key documents (DESIGN.md §3: an insert checked
 * by the `_id` is the one atomic step). A write claims the keys its new state needs and the
 * old state did not hold, all or none; after the write it releases the keys the new state no
 * longer uses.
 */
export class KeyClaims<T extends OwnedDocument> {
  constructor(
    private readonly keys: KeyRepository,
    private readonly keysOf: (doc: T) => ResourceKeys,
    private readonly exists: (orgId: string, id: string) => Promise<boolean>,
  ) {}

  /** Throws 409 uniqueness (having released what it claimed) if another resource holds a key. */
  async claim(next: T, current: T | undefined): Promise<HeldKeys> {
    const wanted = this.keysOf(next);
    const held = current ? this.keysOf(current) : undefined;
    const exists = (id: string) => this.exists(next.orgId, id);
    const claimIf = (key: UniqueKey | null, heldKey: UniqueKey | null | undefined) =>
      key && heldKey?.value !== key.value ? this.keys.claim(next.orgId, key.kind, key.value, next.id, exists) : null;
    // Both at once: one round trip instead of two on every create.
    const [name, ext] = await Promise.all([claimIf(wanted.name, held?.name), claimIf(wanted.ext, held?.ext)]);
    const claimed: HeldKeys = { name: name?.ok === true, ext: ext?.ok === true };
    const refused = name && !name.ok ? wanted.name : ext && !ext.ok ? wanted.ext : null;
    if (refused) {
      await this.release(next, current, claimed);
      throw new AppError('UNIQUENESS', refused.takenMessage);
    }
    return claimed;
  }

  /** Releases the keys of `from` named in `which` that `to` does not use (all of them when `to` is undefined). */
  async release(from: T, to: T | undefined, which: HeldKeys): Promise<void> {
    const keys = this.keysOf(from);
    const kept = to ? this.keysOf(to) : undefined;
    const drops = [which.name && kept?.name.value !== keys.name.value ? keys.name : null, which.ext && keys.ext && kept?.ext?.value !== keys.ext.value ? keys.ext : null];
    for (const key of drops) if (key) await this.keys.release(from.orgId, key.kind, key.value, from.id);
  }
}
