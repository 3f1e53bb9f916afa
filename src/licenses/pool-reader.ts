import type { Store, TenantDocument } from '../infra/store';

/** Documents of the license pool that the admin side reads. */
export interface LicenseSlotDocument extends TenantDocument {
  slot: number;
  memberId: string;
  grantedAt: Date;
}

export interface PurchaseDocument extends TenantDocument {
  quantity: number;
  at: Date;
}

export interface WaitingDocument extends TenantDocument {
  memberId: string;
  /** When the member first needed a license: the FIFO key. */
  needSince: Date;
  /** Tie-breaker for members who first needed one through the same request. */
  memberCreatedAt: Date;
}

export interface PoolStatusDocument extends TenantDocument {
  exhaustedSince: Date | null;
}

export interface PoolCounts {
  purchased: number;
  held: number;
  available: number;
  awaiting: number;
  exhausted: boolean;
  exhaustedSince: Date | null;
}

export class PoolReader {
  constructor(private readonly store: Store) {}

  async purchased(orgId: string, initialLicenses: number): Promise<number> {
    const purchases = await this.store.tenant<PurchaseDocument>(orgId, 'purchases').find({});
    return purchases.reduce((sum, p) => sum + p.quantity, initialLicenses);
  }

  async counts(orgId: string, initialLicenses: number): Promise<PoolCounts> {
    const [purchased, held, awaiting, status] = await Promise.all([
      this.purchased(orgId, initialLicenses),
      this.store.tenant<LicenseSlotDocument>(orgId, 'licenses').count(),
      this.store.tenant<WaitingDocument>(orgId, 'waiting').count(),
      this.store.tenant<PoolStatusDocument>(orgId, 'pool').findById(`${orgId}:status`),
    ]);
    const available = Math.max(0, purchased - held);
    return {
      purchased,
      held,
      available,
      awaiting,
      exhausted: available === 0,
      exhaustedSince: available === 0 ? (status?.exhaustedSince ?? null) : null,
    };
  }
}
