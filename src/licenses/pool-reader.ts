import type { Store } from '../infra/store';
import { licenseIds, type LicenseDocument, type PoolStatusDocument, type PurchaseDocument, type WaitingDocument } from './license-documents';

export interface PoolCounts {
  purchased: number;
  /** Slots in use (CONTRACT.md: pending + active + unassigned, plus suspended members within their hold). */
  held: number;
  available: number;
  awaiting: number;
  exhausted: boolean;
  exhaustedSince: Date | null;
}

/** The pool's numbers, read from the documents that make it up (license-documents.ts). */
export class PoolReader {
  constructor(private readonly store: Store) {}

  /** Licenses bought at creation plus every purchase record since; never below 0. */
  async purchased(orgId: string, initialLicenses: number): Promise<number> {
    const purchases = await this.store.tenant<PurchaseDocument>(orgId, 'purchases').find({}, { projection: { quantity: 1 } });
    return Math.max(0, purchases.reduce((sum, p) => sum + p.quantity, initialLicenses));
  }

  async counts(orgId: string, initialLicenses: number): Promise<PoolCounts> {
    const [purchased, held, awaiting, status] = await Promise.all([
      this.purchased(orgId, initialLicenses),
      this.store.tenant<LicenseDocument>(orgId, 'licenses').count({ kind: 'slot' }),
      this.store.tenant<WaitingDocument>(orgId, 'waiting').count(),
      this.store.tenant<PoolStatusDocument>(orgId, 'pool').findById(licenseIds.poolStatus(orgId)),
    ]);
    const available = Math.max(0, purchased - held);
    return {
      purchased,
      held,
      available,
      awaiting,
      exhausted: available === 0,
      // Recorded by the reconcile pass that first saw the pool empty (null until it has run).
      exhaustedSince: available === 0 ? (status?.exhaustedSince ?? null) : null,
    };
  }
}
