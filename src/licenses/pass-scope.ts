import type { ChangeBatch } from './change-batch';
import { compareWaiting, neederOf } from './drain';
import type { Ledger } from './ledger';
import type { PoolStatusDocument, WaitingDocument } from './license-documents';

/**
 * Which members one reconcile pass decides. A pass that decided the whole org every time
 * would cost in proportion to the org for every change (DESIGN.md point 7 asks the same of
 * group PATCHes), so a pass decides only the members that can have changed:
 *  - those its change records name (every SCIM write records the members it touches);
 *  - those whose dead grant the ledger repairs in this pass;
 *  - the head of the waiting list, as far as the licenses free now plus those the named
 *    members can give back could reach: nobody further back can be granted in this pass.
 * Every other member's facts are as the pass that last decided it saw them, so its decision
 * stands; waiting members keep their place in the drain without being re-read.
 *
 * The whole org is decided when a change is org-wide (a purchase, a settings change, a due
 * deadline, an admin reconcile, the hourly check of expiry-scanner.ts), when the named members
 * are a large part of the org (reading them one by one would cost more than the scans), and as
 * a self-check at least every FULL_PASS_EVERY_MS while the org has changes: a change whose
 * record was lost (the store failed between a write and its record) is applied then at the
 * latest. Pure.
 */
export type PassScope = { kind: 'org' } | { kind: 'members'; memberIds: string[] };

export const FULL_PASS_EVERY_MS = 5 * 60_000;

/**
 * A targeted pass decides at most this many members, or a quarter of the org if more (as the
 * last full pass counted it, or those holding or awaiting a license): it reads about three
 * documents per member by `_id`, where a full pass scans about as many per member.
 */
const TARGETED_UP_TO = 200;

export interface ScopeInput {
  batch: ChangeBatch;
  ledger: Ledger;
  waiting: WaitingDocument[];
  purchased: number;
  poolStatus: PoolStatusDocument | null;
  now: Date;
}

export function passScope({ batch, ledger, waiting, purchased, poolStatus, now }: ScopeInput): PassScope {
  if (batch.isOrgWide) return { kind: 'org' };
  const lastFull = poolStatus?.fullPassAt ?? null;
  if (lastFull === null || now.getTime() - lastFull.getTime() >= FULL_PASS_EVERY_MS) return { kind: 'org' };

  const ids = new Set(batch.memberIds);
  for (const doc of [...ledger.repairs.holders, ...ledger.repairs.slots]) ids.add(doc.memberId);
  const free = Math.max(0, purchased - ledger.usedSlots.size - ledger.reserved);
  const reach = free + ids.size;
  const head = waiting
    .filter((w) => !ledger.inFlight.has(w.memberId))
    .map(neederOf)
    .sort(compareWaiting)
    .slice(0, reach);
  for (const needer of head) ids.add(needer.memberId);

  const orgSize = Math.max(poolStatus?.members ?? 0, ledger.held.size + waiting.length);
  const limit = Math.max(TARGETED_UP_TO, orgSize / 4);
  if (ids.size > limit) return { kind: 'org' };
  return { kind: 'members', memberIds: [...ids] };
}
