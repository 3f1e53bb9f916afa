import { createHash } from 'node:crypto';
import type { ChangeDocument } from '../events/change-documents';
import type { Store } from '../infra/store';
import type { Logger } from '../observability/logger';
import type { JobLogWriter } from '../sync-log/job-log-writer';
import { ChangeBatch } from './change-batch';
import { compareWaiting, neederOf, planDrain, queuePositions, type Needer } from './drain';
import { readLedger, type Ledger } from './ledger';
import { licenseIds, type PoolStatusDocument } from './license-documents';
import type { LicenseWriter } from './license-writer';
import { memberCases } from './member-cases';
import type { MemberDocument } from './member-document';
import { memberDocument, sameContent } from './member-read-model';
import { memberResult, type DecidedMember, type MemberResult } from './member-result';
import type { MemberWriter } from './member-writer';
import type { OrgSnapshot, OrgSnapshotLoader } from './org-snapshot';
import type { MemberEffect } from './pass-effects';
import { passLogEntries, type JobInfo } from './pass-log-entries';
import { earliest, nextPoolStatus, samePoolStatus } from './pool-status';
import { addDays, decideMember } from './rules';
import { upsertDerived } from './upsert';

export interface PassResult {
  /** Change records applied (and deleted). */
  applied: number;
  effects: MemberEffect[];
  /** Another pass applied some of the same records at the same time (see `finish`). */
  concurrent: boolean;
}

export interface OrgPassDeps {
  store: Store;
  loader: OrgSnapshotLoader;
  licenses: LicenseWriter;
  members: MemberWriter;
  jobLog: JobLogWriter;
  clock: () => Date;
  logger: Logger;
}

/**
 * Rechecks after a detected concurrent pass stop after this many generations, so passes that
 * keep running in lockstep cannot feed each other forever.
 */
const MAX_RECHECK_GENERATION = 3;

interface RecheckChange extends ChangeDocument {
  recheckGeneration: number;
}

/**
 * One reconcile pass over an org (design point 1): load the pending change records, then the
 * org's state; decide every member with the pure rules; release, drain the waiting list, write
 * the read model, the pool status and the sync log; finally delete exactly the records loaded
 * at the start. Every member is decided on every pass — on FerretDB each query scans the org
 * anyway, and it makes the pass self-healing: whatever a stalled concurrent worker left
 * behind is corrected by the next pass of the org.
 */
export class OrgPass {
  constructor(private readonly deps: OrgPassDeps) {}

  /** Null when nothing was pending. */
  async run(orgId: string, job: JobInfo): Promise<PassResult | null> {
    const started = Date.now();
    const changes = await this.deps.loader.pendingChanges(orgId);
    if (changes.length === 0) return null;
    const batch = new ChangeBatch(changes);
    const now = this.deps.clock();
    try {
      const snapshot = await this.deps.loader.load(orgId);
      const effects = snapshot ? await this.apply(orgId, snapshot, batch, now) : [];
      await this.deps.jobLog.write(orgId, passLogEntries(batch, effects, job, now, Date.now() - started));
      const concurrent = await this.finish(orgId, changes, now);
      return { applied: changes.length, effects, concurrent };
    } catch (error) {
      const failed = passLogEntries(batch, [], job, now, Date.now() - started, error as Error);
      await this.deps.jobLog.write(orgId, failed).catch(() => undefined);
      throw error;
    }
  }

  private async apply(orgId: string, snapshot: OrgSnapshot, batch: ChangeBatch, now: Date): Promise<MemberEffect[]> {
    const { licenses } = this.deps;
    const settings = snapshot.org.settings;
    const ledger = readLedger(snapshot.licenseDocs, now);
    await licenses.repair(orgId, ledger.repairs);

    const decided: DecidedMember[] = memberCases(snapshot, ledger, batch, settings, now).map((c) => ({
      ...c,
      decision: decideMember(c.facts, settings, now),
    }));

    // The reasons are recorded before the releases they justify, so a crash in between
    // leaves a pass that can redo the same decision.
    await licenses.recordSuspensions(
      orgId,
      decided.filter((d) => d.decision.suspendedAt && !ledger.suspensions.has(d.memberId)).map((d) => ({ memberId: d.memberId, at: d.decision.suspendedAt! })),
    );
    await licenses.recordInviteExpiries(
      orgId,
      decided.filter((d) => d.decision.inviteExpiry).map((d) => ({ memberId: d.memberId, ...d.decision.inviteExpiry! })),
    );
    const released = decided.filter((d) => d.decision.release).map((d) => ledger.held.get(d.memberId)!);
    await licenses.release(orgId, released);

    const usedSlots = new Set(ledger.usedSlots);
    for (const license of released) usedSlots.delete(license.slot);
    const needers: Needer[] = decided
      .filter((d) => d.decision.license === 'need')
      .map((d) => ({ memberId: d.memberId, needSince: d.decision.needSince!, createdAt: d.user!.created }));
    const plan = planDrain(snapshot.purchased, usedSlots, needers, ledger.reserved);
    const invite = settings.invitationMode === 'invite';
    const grants = await licenses.grant(orgId, plan.toGrant, plan.freeSlots, invite);

    const waitingIds = new Set(snapshot.waiting.map((w) => w.memberId));
    const stillWaiting = plan.order.filter((n) => !grants.has(n.memberId) || grants.get(n.memberId)!.kind === 'no slot');
    await licenses.enqueueWaiting(orgId, stillWaiting.filter((n) => !waitingIds.has(n.memberId)));
    const waitingNow = new Set(stillWaiting.map((n) => n.memberId));
    await licenses.removeWaiting(
      orgId,
      decided.filter((d) => waitingIds.has(d.memberId) && !waitingNow.has(d.memberId) && grants.get(d.memberId)?.kind !== 'in flight').map((d) => d.memberId),
    );
    await licenses.forgetRecords(orgId, obsoleteRecords(orgId, decided, ledger));

    const positions = queuePositions([...stillWaiting, ...waitingOfSkipped(snapshot, ledger)].sort(compareWaiting));
    const results = decided
      .filter((d) => grants.get(d.memberId)?.kind !== 'in flight')
      .map((d) => memberResult(d, ledger.held.get(d.memberId), grants.get(d.memberId), positions, invite));
    await this.writeMembers(orgId, results, now);

    const granted = [...grants.values()].filter((g) => g.kind === 'granted');
    const available = Math.max(0, snapshot.purchased - usedSlots.size - ledger.reserved - granted.length);
    const deadline = earliest([
      ledger.deadline,
      ...decided.map((d) => d.decision.deadline),
      ...granted.map((g) => (g.invitedAt ? addDays(g.invitedAt, settings.pendingInviteExpiryDays) : null)),
    ]);
    await this.writePoolStatus(orgId, snapshot.poolStatus, available, deadline, now);
    return results.flatMap((r) => r.effects);
  }

  private async writeMembers(orgId: string, results: MemberResult[], now: Date): Promise<void> {
    const created: MemberDocument[] = [];
    const changed: MemberDocument[] = [];
    for (const result of results) {
      // A user created and deleted before any pass saw it: nothing to show.
      if (!result.user && !result.previous) continue;
      const doc = memberDocument(orgId, result.memberId, result.user, result.previous, result.outcome, now);
      if (!result.previous) created.push(doc);
      else if (!sameContent(result.previous, doc)) changed.push(doc);
    }
    await this.deps.members.write(orgId, created, changed);
  }

  private async writePoolStatus(orgId: string, previous: PoolStatusDocument | null, available: number, deadline: Date | null, now: Date): Promise<void> {
    const next = nextPoolStatus(previous, available, deadline, now);
    if (samePoolStatus(previous, next)) return;
    const pool = this.deps.store.tenant<PoolStatusDocument>(orgId, 'pool');
    await upsertDerived(pool, { _id: licenseIds.poolStatus(orgId), orgId, ...next, updatedAt: now });
  }

  /**
   * Deletes exactly the records this pass loaded; records that arrived meanwhile stay for the
   * next pass. If some were already gone, another pass applied them at the same time: it may
   * have read a newer state and finished first, so what this pass wrote may be stale. One
   * org-wide recheck record (its id derived from the records, so passes running in lockstep
   * add it once) makes a fresh pass follow.
   */
  private async finish(orgId: string, changes: ChangeDocument[], now: Date): Promise<boolean> {
    const records = this.deps.store.tenant<ChangeDocument>(orgId, 'changes');
    const deleted = await records.deleteMany({ _id: { $in: changes.map((c) => c._id) } });
    if (deleted === changes.length) return false;
    const generation = Math.max(...changes.map((c) => (c as Partial<RecheckChange>).recheckGeneration ?? 0)) + 1;
    if (generation <= MAX_RECHECK_GENERATION) {
      const digest = createHash('sha256').update(changes.map((c) => c._id).sort().join('\n')).digest('hex').slice(0, 32);
      const recheck: RecheckChange = {
        _id: records.id(`recheck-${digest}`),
        orgId,
        memberId: null,
        reason: 'recheck after a concurrent pass',
        at: now,
        correlationId: null,
        recheckGeneration: generation,
      };
      await records.insert(recheck);
    }
    this.deps.logger.info({ orgId, generation }, 'a concurrent reconcile pass applied the same changes; rechecking');
    return true;
  }
}

/** Suspension and expiry records that the decisions no longer need. */
function obsoleteRecords(orgId: string, decided: DecidedMember[], ledger: Ledger): string[] {
  const ids: string[] = [];
  for (const d of decided) {
    if (d.decision.suspendedAt === null && ledger.suspensions.has(d.memberId)) ids.push(licenseIds.suspension(orgId, d.memberId));
    if (d.decision.inviteExpiredAt === null) {
      for (const expiry of ledger.inviteExpiries.get(d.memberId) ?? []) ids.push(expiry._id);
    }
  }
  return ids;
}

/** Waiting entries of members this pass left alone (in flight elsewhere): they keep their place. */
function waitingOfSkipped(snapshot: OrgSnapshot, ledger: Ledger): Needer[] {
  return snapshot.waiting.filter((w) => ledger.inFlight.has(w.memberId)).map(neederOf);
}
