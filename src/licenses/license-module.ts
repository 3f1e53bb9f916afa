import type { Redis } from 'ioredis';
import type { LicenseGate } from '../directory/license-gate';
import type { LicenseViews } from '../directory/license-views';
import { ChangeRecorder } from '../events/change-recorder';
import type { Store } from '../infra/store';
import type { Logger } from '../observability/logger';
import type { Queues } from '../queue/queues';
import { JobLogWriter } from '../sync-log/job-log-writer';
import { OrgRepository } from '../tenancy/org-repository';
import { ExpiryScanner } from './expiry-scanner';
import { InvitationService } from './invitations';
import { LicenseSummaryService } from './license-summary';
import { LedgerCache } from './ledger-cache';
import { MemberQueries } from './member-queries';
import { MemberWriter } from './member-writer';
import { OrgLock } from './org-lock';
import { OrgPass } from './org-pass';
import type { JobInfo } from './pass-log-entries';
import { OrgReconciler, type ReconcileOutcome } from './org-reconciler';
import { OrgSnapshotLoader } from './org-snapshot';
import { PoolGate } from './pool-gate';
import { PoolReader } from './pool-reader';
import { PurchaseService } from './purchases';
import { ReconcileEnqueuer } from './reconcile-enqueuer';
import { Sweeper } from './sweeper';
import { SyncStatusService } from './sync-status';

export interface LicenseModuleOptions {
  /** The sweeper re-enqueues change records older than this (default 5 s). */
  sweepMinAgeMs?: number;
  /**
   * Limits the org-by-org jobs (sweep, expiry) to some orgs. Tests share one store between
   * files; their maintenance jobs must not reconcile another file's orgs.
   */
  orgFilter?: (orgId: string) => boolean;
}

/** The license engine: the reconcile job, the maintenance jobs, and what the admin API and SCIM layer ask. */
export interface LicenseModule {
  reconciler: OrgReconciler;
  sweeper: Sweeper;
  expiry: ExpiryScanner;
  summaries: LicenseSummaryService;
  purchases: PurchaseService;
  members: MemberQueries;
  invitations: InvitationService;
  syncStatus: SyncStatusService;
  /** For the SCIM layer: `exhaustedPolicy: "reject"` and team names (src/directory/license-gate.ts). */
  gate: LicenseGate;
  /** For the SCIM layer: the license extension of a User (src/directory/license-views.ts). */
  views: LicenseViews;
  reconcileOrg(orgId: string, job?: JobInfo): Promise<ReconcileOutcome>;
  /** purchased − held − awaiting, floor 0. */
  freeLicenses(orgId: string): Promise<number>;
}

export function createLicenseModule(
  store: Store,
  queues: Queues,
  redis: Redis,
  logger: Logger,
  clock: () => Date,
  options: LicenseModuleOptions = {},
): LicenseModule {
  const orgs = new OrgRepository(store);
  const orgFilter = options.orgFilter ?? (() => true);
  const pool = new PoolReader(store);
  const changes = new ChangeRecorder(store, queues, logger);
  const enqueuer = new ReconcileEnqueuer(queues, logger);
  const pass = new OrgPass({
    store,
    loader: new OrgSnapshotLoader(store, orgs, pool),
    ledgerCache: new LedgerCache(redis, queues.reconcile.qualifiedName, logger),
    members: new MemberWriter(store),
    jobLog: new JobLogWriter(store),
    clock,
    logger,
  });
  const reconciler = new OrgReconciler(pass, new OrgLock(redis, queues.reconcile.qualifiedName, logger), enqueuer, logger);
  const summaries = new LicenseSummaryService(store, orgs, pool);
  const members = new MemberQueries(store, orgs);
  return {
    reconciler,
    sweeper: new Sweeper(store, orgs, enqueuer, clock, options.sweepMinAgeMs ?? 5000, orgFilter),
    expiry: new ExpiryScanner(store, orgs, changes, clock, orgFilter),
    summaries,
    purchases: new PurchaseService(store, orgs, changes, summaries, clock),
    members,
    invitations: new InvitationService(store, orgs, changes, clock),
    syncStatus: new SyncStatusService(store, orgs),
    gate: new PoolGate(store, orgs, summaries),
    views: members,
    reconcileOrg: (orgId, job) => reconciler.reconcileOrg(orgId, job),
    freeLicenses: (orgId) => summaries.freeLicenses(orgId),
  };
}
