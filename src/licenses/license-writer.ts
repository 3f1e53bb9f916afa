import { randomUUID } from 'node:crypto';
import type { Store, TenantCollection } from '../infra/store';
import type { HeldLicense, Repairs } from './ledger';
import {
  licenseIds,
  type HolderDocument,
  type InviteExpiryDocument,
  type LicenseDocument,
  type SuspensionDocument,
  type WaitingDocument,
} from './license-documents';
import type { Needer } from './drain';

export type GrantOutcome =
  | { kind: 'granted'; slot: number; grantId: string; at: Date; invitedAt: Date | null }
  /** Another worker holds or is granting this member's license right now. */
  | { kind: 'in flight' }
  /** Concurrent workers took every free slot first. */
  | { kind: 'no slot' };

/** Guarded deletes of up to this many documents go by `_id` on FerretDB (see `deleteGrants`). */
const GUARDED_DELETE_BY_ID_UP_TO = 100;

/**
 * The only writer of license documents. Everything here is an insert or a delete: a grant is
 * "insert the holder, then the lowest free slot"; a release is "delete the slot, then the
 * holder". Deletes name the grant, so a slow worker can never remove a license granted after
 * it read (a slot number is reused; a grant id never is). Many documents go in one
 * `deleteMany` (one scan on FerretDB) rather than one delete each.
 */
export class LicenseWriter {
  /** `clock` stamps grants when they are made: their age tells a dead grant from one in flight (ledger.ts). */
  constructor(
    private readonly store: Store,
    private readonly clock: () => Date,
  ) {}

  private licenses(orgId: string): TenantCollection<LicenseDocument> {
    return this.store.tenant<LicenseDocument>(orgId, 'licenses');
  }

  /**
   * Grants `needers` (in waiting-list order) the `freeSlots`. All holder inserts go at once —
   * the store's insert batcher sends them as a few insertMany calls, each insert keeping its
   * own outcome — then all slot inserts; members whose slot another worker took meanwhile try
   * the next free ones, in list order, and those left without any give their holder back.
   */
  async grant(orgId: string, needers: Needer[], freeSlots: number[], invite: boolean): Promise<Map<string, GrantOutcome>> {
    const licenses = this.licenses(orgId);
    const outcomes = new Map<string, GrantOutcome>();
    const now = this.clock();
    const invitedAt = invite ? now : null;
    const holders: HolderDocument[] = needers.map((n) => ({
      _id: licenseIds.holder(orgId, n.memberId),
      orgId,
      kind: 'holder',
      memberId: n.memberId,
      grantId: randomUUID(),
      at: now,
      invitedAt,
    }));
    // The holder's unique id is the claim that a member gets one license only.
    const claimed = await Promise.all(holders.map((h) => licenses.insert(h)));
    let unslotted = holders.filter((holder, i) => {
      if (!claimed[i]) outcomes.set(holder.memberId, { kind: 'in flight' });
      return claimed[i];
    });
    let nextFree = 0;
    while (unslotted.length > 0 && nextFree < freeSlots.length) {
      const at = this.clock();
      const round = unslotted.slice(0, freeSlots.length - nextFree).map((holder) => ({ holder, slot: freeSlots[nextFree++] }));
      const inserted = await Promise.all(
        round.map(({ holder, slot }) =>
          licenses.insert({ _id: licenseIds.slot(orgId, slot), orgId, kind: 'slot', slot, memberId: holder.memberId, grantId: holder.grantId, at }),
        ),
      );
      round.forEach(({ holder, slot }, i) => {
        if (inserted[i]) outcomes.set(holder.memberId, { kind: 'granted', slot, grantId: holder.grantId, at: now, invitedAt });
      });
      unslotted = [...round.filter((_, i) => !inserted[i]).map((r) => r.holder), ...unslotted.slice(round.length)];
    }
    if (unslotted.length > 0) {
      await this.deleteGrants(orgId, unslotted.map((h) => h._id), unslotted.map((h) => h.grantId));
      for (const holder of unslotted) outcomes.set(holder.memberId, { kind: 'no slot' });
    }
    return outcomes;
  }

  async release(orgId: string, held: HeldLicense[]): Promise<void> {
    if (held.length === 0) return;
    const grantIds = held.map((h) => h.grantId);
    await this.deleteGrants(orgId, held.map((h) => h.slotId), grantIds);
    await this.deleteGrants(
      orgId,
      [...held.map((h) => h.holderId), ...held.map((h) => licenseIds.acceptance(orgId, h.grantId))],
      grantIds,
    );
  }

  async repair(orgId: string, repairs: Repairs): Promise<void> {
    const docs = [...repairs.slots, ...repairs.holders, ...repairs.acceptances];
    if (docs.length === 0) return;
    await this.deleteGrants(orgId, docs.map((d) => d._id), docs.map((d) => d.grantId));
  }

  async recordSuspensions(orgId: string, suspensions: { memberId: string; at: Date }[]): Promise<void> {
    const docs: SuspensionDocument[] = suspensions.map((s) => ({
      _id: licenseIds.suspension(orgId, s.memberId),
      orgId,
      kind: 'suspension',
      memberId: s.memberId,
      at: s.at,
    }));
    await this.licenses(orgId).insertMany(docs);
  }

  async recordInviteExpiries(orgId: string, expiries: { memberId: string; grantId: string; at: Date }[]): Promise<void> {
    const docs: InviteExpiryDocument[] = expiries.map((e) => ({
      _id: licenseIds.inviteExpiry(orgId, e.grantId),
      orgId,
      kind: 'invite-expiry',
      memberId: e.memberId,
      grantId: e.grantId,
      at: e.at,
    }));
    await this.licenses(orgId).insertMany(docs);
  }

  /** Deletes suspension and invitation-expiry records that no longer apply. */
  async forgetRecords(orgId: string, ids: string[]): Promise<void> {
    await this.licenses(orgId).deleteByIds(ids);
  }

  /** Adds waiting entries; an entry that exists keeps its place (its `needSince`). */
  async enqueueWaiting(orgId: string, needers: Needer[]): Promise<void> {
    const docs: WaitingDocument[] = needers.map((n) => ({
      _id: licenseIds.waiting(orgId, n.memberId),
      orgId,
      memberId: n.memberId,
      needSince: n.needSince,
      memberCreatedAt: n.createdAt,
    }));
    await this.store.tenant<WaitingDocument>(orgId, 'waiting').insertMany(docs);
  }

  async removeWaiting(orgId: string, memberIds: string[]): Promise<void> {
    if (memberIds.length === 0) return;
    await this.store.tenant<WaitingDocument>(orgId, 'waiting').deleteByIds(memberIds.map((m) => licenseIds.waiting(orgId, m)));
  }

  /**
   * Deletes the documents of `ids` that still belong to one of `grantIds`. On MongoDB (shared
   * layout) that is one `deleteMany` whose filter checks the grant atomically. On FerretDB
   * (per-org layout) a filtered delete reads the whole collection and is no more atomic than
   * a read followed by a delete (DESIGN.md §3), so a few documents are read by `_id`, checked
   * and deleted by `_id`, all answered from the index.
   */
  private async deleteGrants(orgId: string, ids: string[], grantIds: string[]): Promise<void> {
    if (ids.length === 0) return;
    const licenses = this.licenses(orgId);
    const grants = new Set(grantIds);
    if (this.store.layout === 'shared' || ids.length > GUARDED_DELETE_BY_ID_UP_TO) {
      await licenses.deleteMany({ _id: { $in: ids }, grantId: { $in: [...grants] } });
      return;
    }
    const docs = await licenses.findManyById(ids);
    await licenses.deleteByIds(docs.filter((d) => grants.has(d.grantId as string)).map((d) => d._id));
  }
}
