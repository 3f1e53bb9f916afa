import type {
  AcceptanceDocument,
  HolderDocument,
  InviteExpiryDocument,
  LicenseDocument,
  LicenseSlotDocument,
  SuspensionDocument,
} from './license-documents';
import type { Holding } from './rules';

/**
 * Reads the org's license documents into who holds what. A license is held when a holder
 * document and a slot document name the same grant. Anything else is a grant or a release
 * in flight — or one whose worker died. Such leftovers are repaired only when older than
 * REPAIR_AFTER_MS, so a grant another worker is making right now is never undone. Pure.
 */
export const REPAIR_AFTER_MS = 30_000;

export interface HeldLicense extends Holding {
  memberId: string;
  slot: number;
  slotId: string;
  holderId: string;
}

export interface Repairs {
  /** Holders that never got a slot (their grant died between the two inserts), or lost it. */
  holders: HolderDocument[];
  /** Slots whose holder is gone or belongs to another grant, and a grant's extra slots. */
  slots: LicenseSlotDocument[];
  /** Acceptances of grants that no longer exist. */
  acceptances: AcceptanceDocument[];
}

export interface Ledger {
  held: Map<string, HeldLicense>;
  /** Members with a young inconsistency: another worker may be granting or releasing. */
  inFlight: Set<string>;
  /** Slot numbers in use once the repairs are made (young orphans stay in use). */
  usedSlots: Set<number>;
  /**
   * Grants in flight that have their holder but not yet their slot: each will take one of the
   * free slots, so a pass must not hand those out to members further back in the queue.
   */
  reserved: number;
  repairs: Repairs;
  suspensions: Map<string, SuspensionDocument>;
  /** Per member, its invitation expiries, latest first. */
  inviteExpiries: Map<string, InviteExpiryDocument[]>;
  /** When the earliest young inconsistency becomes repairable. */
  deadline: Date | null;
}

export function readLedger(docs: Iterable<LicenseDocument>, now: Date, repairAfterMs = REPAIR_AFTER_MS): Ledger {
  const holders = new Map<string, HolderDocument>();
  const slots: LicenseSlotDocument[] = [];
  const acceptedGrants = new Map<string, AcceptanceDocument>();
  const suspensions = new Map<string, SuspensionDocument>();
  const inviteExpiries = new Map<string, InviteExpiryDocument[]>();
  for (const doc of docs) {
    switch (doc.kind) {
      case 'holder':
        holders.set(doc.memberId, doc);
        break;
      case 'slot':
        slots.push(doc);
        break;
      case 'acceptance':
        acceptedGrants.set(doc.grantId, doc);
        break;
      case 'suspension':
        suspensions.set(doc.memberId, doc);
        break;
      case 'invite-expiry': {
        const list = inviteExpiries.get(doc.memberId) ?? [];
        list.push(doc);
        inviteExpiries.set(doc.memberId, list);
        break;
      }
    }
  }
  for (const list of inviteExpiries.values()) list.sort((a, b) => b.at.getTime() - a.at.getTime());

  const isOld = (at: Date) => now.getTime() - at.getTime() >= repairAfterMs;
  let deadline: Date | null = null;
  const noteYoung = (at: Date) => {
    const due = new Date(at.getTime() + repairAfterMs);
    if (deadline === null || due < deadline) deadline = due;
  };

  const held = new Map<string, HeldLicense>();
  const orphanSlots: LicenseSlotDocument[] = [];
  // Lowest slot first, so a grant that somehow has two slots keeps the lower one.
  for (const slot of [...slots].sort((a, b) => a.slot - b.slot)) {
    const holder = holders.get(slot.memberId);
    if (holder && holder.grantId === slot.grantId && !held.has(slot.memberId)) {
      held.set(slot.memberId, {
        memberId: slot.memberId,
        grantId: holder.grantId,
        grantedAt: holder.at,
        invitedAt: holder.invitedAt,
        acceptedAt: acceptedGrants.get(holder.grantId)?.at ?? null,
        slot: slot.slot,
        slotId: slot._id,
        holderId: holder._id,
      });
    } else {
      orphanSlots.push(slot);
    }
  }

  const repairs: Repairs = { holders: [], slots: [], acceptances: [] };
  const usedSlots = new Set<number>();
  const inFlight = new Set<string>();
  for (const license of held.values()) usedSlots.add(license.slot);
  for (const slot of orphanSlots) {
    if (isOld(slot.at)) {
      repairs.slots.push(slot);
    } else {
      usedSlots.add(slot.slot);
      noteYoung(slot.at);
      inFlight.add(slot.memberId);
    }
  }
  let reserved = 0;
  for (const holder of holders.values()) {
    if (held.has(holder.memberId)) continue;
    if (isOld(holder.at)) {
      repairs.holders.push(holder);
    } else {
      inFlight.add(holder.memberId);
      noteYoung(holder.at);
      reserved++;
    }
  }
  const liveGrants = new Set([...holders.values()].map((h) => h.grantId));
  for (const acceptance of acceptedGrants.values()) {
    if (!liveGrants.has(acceptance.grantId) && isOld(acceptance.at)) repairs.acceptances.push(acceptance);
  }
  return { held, inFlight, usedSlots, reserved, repairs, suspensions, inviteExpiries, deadline };
}
