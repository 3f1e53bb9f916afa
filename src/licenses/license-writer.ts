import { randomUUID } from 'node:crypto';
import type { Store, TenantCollection } from '../infra/store';
import type { HeldLicense, Repairs } from './ledger';
import {
  licenseIds,
  type HolderDocument,
  type InviteExpiryDocument,
  type LicenseDocument,
  type LicenseSlotDocument,
  type SuspensionDocument,
  type WaitingDocument,
} from './license-documents';
import type { Needer } from './drain';
import type { PoolJournal } from './pool-journal';

export type GrantOutcome =
  | { kind: 'granted'; slot: number; grantId: string; at: Date; invitedAt: Date | null }
  /** Another worker holds or is granting this member's license right now. */
  | { kind: 'in flight' }
  /** Concurrent workers took every free slot first. */
  | { kind: 'no slot' };

/** Guarded deletes of up to this many documents go by `_id` on FerretDB (see `deleteGrants`). */
const GUARDED_DELETE_BY_ID_UP_TO = 100;

/**
 * The only writer of license documents, for one org during one pass. Everything here is an
 * insert or a delete: a grant is "insert the holder, then the lowest free slot"; a release is
 * "delete the slot, then the holder". Deletes name the grant, so a slow worker can never
 * remove a license granted after it read (a slot number is reused; a grant id never is).
 * Every outcome goes to the pass's journal (pool-journal.ts), which keeps the pass's view of
 * the documents in step with the store, or notices that another writer was there.
 */
export class LicenseWriter {
  /** `clock` stamps grants when they are made: their age tells a dead grant from one in flight (ledger.ts). */
  constructor(
    private readonly store: Store,
    private readonly clock: () => Date,
    private readonly orgId: string,
    readonly journal: PoolJournal,
  ) {}

  private licenses(): TenantCollection<LicenseDocument> {
    return this.store.tenant<LicenseDocument>(this.orgId, 'licenses');
  }

  /**
   * Grants `needers` (in waiting-list order) the `freeSlots`. All holder inserts go at once —
   * the store's insert batcher sends them as a few insertMany calls, each insert keeping its
   * own outcome — then all slot inserts; members whose slot another worker took meanwhile try
   * the next free ones, in list order, and those left without any give their holder back.
   */
  async grant(needers: Needer[], freeSlots: number[], invite: boolean): Promise<Map<string, GrantOutcome>> {
    const { orgId, journal } = this;
    const licenses = this.licenses();
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
    journal.licenses.inserted(holders, new Set(holders.filter((_, i) => claimed[i])));
    let unslotted = holders.filter((holder, i) => {
      if (!claimed[i]) outcomes.set(holder.memberId, { kind: 'in flight' });
      return claimed[i];
    });
    let nextFree = 0;
    while (unslotted.length > 0 && nextFree < freeSlots.length) {
      const at = this.clock();
      const round = unslotted.slice(0, freeSlots.length - nextFree).map((holder) => ({ holder, slot: freeSlots[nextFree++] }));
      const slots: LicenseSlotDocument[] = round.map(({ holder, slot }) => ({
        _id: licenseIds.slot(orgId, slot),
        orgId,
        kind: 'slot',
        slot,
        memberId: holder.memberId,
        grantId: holder.grantId,
        at,
      }));
      const inserted = await Promise.all(slots.map((slot) => licenses.insert(slot)));
      journal.licenses.inserted(slots, new Set(slots.filter((_, i) => inserted[i])));
      round.forEach(({ holder, slot }, i) => {
        if (inserted[i]) outcomes.set(holder.memberId, { kind: 'granted', slot, grantId: holder.grantId, at: now, invitedAt });
      });
      unslotted = [...round.filter((_, i) => !inserted[i]).map((r) => r.holder), ...unslotted.slice(round.length)];
    }
    if (unslotted.length > 0) {
      await this.deleteGrants(unslotted.map((h) => h._id), unslotted.map((h) => h.grantId));
      for (const holder of unslotted) outcomes.set(holder.memberId, { kind: 'no slot' });
    }
    return outcomes;
  }

  async release(held: HeldLicense[]): Promise<void> {
    if (held.length === 0) return;
    const grantIds = held.map((h) => h.grantId);
    await this.deleteGrants(held.map((h) => h.slotId), grantIds);
    await this.deleteGrants([...held.map((h) => h.holderId), ...held.map((h) => licenseIds.acceptance(this.orgId, h.grantId))], grantIds);
  }

  async repair(repairs: Repairs): Promise<void> {
    const docs = [...repairs.slots, ...repairs.holders, ...repairs.acceptances];
    if (docs.length === 0) return;
    await this.deleteGrants(docs.map((d) => d._id), docs.map((d) => d.grantId));
  }

  async recordSuspensions(suspensions: { memberId: string; at: Date }[]): Promise<void> {
    const { orgId } = this;
    const docs: SuspensionDocument[] = suspensions.map((s) => ({
      _id: licenseIds.suspension(orgId, s.memberId),
      orgId,
      kind: 'suspension',
      memberId: s.memberId,
      at: s.at,
    }));
    this.journal.licenses.inserted(docs, new Set(await this.licenses().insertNew(docs)));
  }

  async recordInviteExpiries(expiries: { memberId: string; grantId: string; at: Date }[]): Promise<void> {
    const { orgId } = this;
    const docs: InviteExpiryDocument[] = expiries.map((e) => ({
      _id: licenseIds.inviteExpiry(orgId, e.grantId),
      orgId,
      kind: 'invite-expiry',
      memberId: e.memberId,
      grantId: e.grantId,
      at: e.at,
    }));
    this.journal.licenses.inserted(docs, new Set(await this.licenses().insertNew(docs)));
  }

  /** Deletes suspension and invitation-expiry records that no longer apply. */
  async forgetRecords(ids: string[]): Promise<void> {
    this.journal.licenses.deleted(ids, await this.licenses().deleteByIds(ids));
  }

  /** Adds waiting entries; an entry that exists keeps its place (its `needSince`). */
  async enqueueWaiting(needers: Needer[]): Promise<void> {
    const { orgId } = this;
    const docs: WaitingDocument[] = needers.map((n) => ({
      _id: licenseIds.waiting(orgId, n.memberId),
      orgId,
      memberId: n.memberId,
      needSince: n.needSince,
      memberCreatedAt: n.createdAt,
    }));
    this.journal.waiting.inserted(docs, new Set(await this.store.tenant<WaitingDocument>(orgId, 'waiting').insertNew(docs)));
  }

  async removeWaiting(memberIds: string[]): Promise<void> {
    if (memberIds.length === 0) return;
    const ids = memberIds.map((m) => licenseIds.waiting(this.orgId, m));
    this.journal.waiting.deleted(ids, await this.store.tenant<WaitingDocument>(this.orgId, 'waiting').deleteByIds(ids));
  }

  /**
   * Deletes the documents of `ids` that still belong to one of `grantIds`. On MongoDB (shared
   * layout) that is one `deleteMany` whose filter checks the grant atomically. On FerretDB
   * (per-org layout) a filtered delete reads the whole collection and is no more atomic than
   * a read followed by a delete (DESIGN.md §3), so a few documents are read by `_id`, checked
   * and deleted by `_id`, all answered from the index.
   */
  private async deleteGrants(ids: string[], grantIds: string[]): Promise<void> {
    if (ids.length === 0) return;
    const licenses = this.licenses();
    const grants = new Set(grantIds);
    const ofGrant = (doc: LicenseDocument) => 'grantId' in doc && grants.has(doc.grantId);
    let deleted: number;
    if (this.store.layout === 'shared' || ids.length > GUARDED_DELETE_BY_ID_UP_TO) {
      deleted = await licenses.deleteMany({ _id: { $in: ids }, grantId: { $in: [...grants] } });
    } else {
      const docs = await licenses.findManyById(ids);
      deleted = await licenses.deleteByIds(docs.filter(ofGrant).map((d) => d._id));
    }
    this.journal.licenses.deleted(ids, deleted, ofGrant);
  }
}
