/**
 * The waiting list (CONTRACT.md `awaiting_license`): first come, first served, in order of
 * first need; members who first needed one through the same request are ordered by when they
 * were created, then by id so that every worker computes the same order. Pure.
 */
export interface Needer {
  memberId: string;
  needSince: Date;
  createdAt: Date;
}

/** A waiting-list entry (license-documents.ts `WaitingDocument`) as the order sees it. */
export function neederOf(entry: { memberId: string; needSince: Date; memberCreatedAt: Date }): Needer {
  return { memberId: entry.memberId, needSince: entry.needSince, createdAt: entry.memberCreatedAt };
}

export function compareWaiting(a: Needer, b: Needer): number {
  return (
    a.needSince.getTime() - b.needSince.getTime() ||
    a.createdAt.getTime() - b.createdAt.getTime() ||
    (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0)
  );
}

export interface DrainPlan {
  /** Every member needing a license, in waiting-list order. */
  order: Needer[];
  /** The head of the list that the free licenses cover. */
  toGrant: Needer[];
  /**
   * The lowest free slot numbers below `purchased`, as many as two per grant: a grant that
   * loses a slot to a concurrent worker takes the next one. Never the whole pool: a pass must
   * not cost in proportion to the licenses bought.
   */
  freeSlots: number[];
  available: number;
}

/**
 * Who gets a license now. `available` counts every slot in use, including slots at or above
 * a lowered `purchased`: those are never evicted nor handed out again, and until enough of
 * them are released nobody is granted (CONTRACT.md invariant, design point 2). `reserved`
 * slots belong to grants other workers are making right now (ledger.ts): the members
 * they serve are ahead in the queue.
 */
export function planDrain(purchased: number, usedSlots: ReadonlySet<number>, needers: Needer[], reserved = 0): DrainPlan {
  const order = [...needers].sort(compareWaiting);
  let usedBelow = 0;
  for (const slot of usedSlots) if (slot >= 0 && slot < purchased) usedBelow++;
  const freeBelow = purchased - usedBelow;
  const available = Math.max(0, Math.min(purchased - usedSlots.size, freeBelow) - reserved);
  const toGrant = order.slice(0, available);
  const freeSlots: number[] = [];
  const wanted = Math.min(freeBelow, 2 * toGrant.length);
  for (let n = 0; n < purchased && freeSlots.length < wanted; n++) if (!usedSlots.has(n)) freeSlots.push(n);
  return { order, toGrant, freeSlots, available };
}

/** 1-based positions of members in waiting-list order. */
export function queuePositions(order: Needer[]): Map<string, number> {
  return new Map(order.map((needer, index) => [needer.memberId, index + 1]));
}
