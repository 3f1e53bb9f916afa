import { createHash } from 'node:crypto';
import type { ChangeDocument } from '../events/change-documents';
import type { Store } from '../infra/store';
import type { Logger } from '../observability/logger';
import type { JobLogWriter } from '../sync-log/job-log-writer';
import { ChangeBatch } from './change-batch';
import { compareWaiting, neederOf, planDrain, queuePositions, type DrainPlan, type Needer } from './drain';
import { readLedger, type HeldLicense, type Ledger } from './ledger';
import { licenseIds, type PoolStatusDocument } from './license-documents';
import type { CachedPool, LedgerCache } from './ledger-cache';
import { LicenseWriter } from './license-writer';
import { memberCases } from './member-cases';
import type { MemberDocument } from './member-document';
import { nextMemberDocument } from './member-read-model';
import { memberResult, type DecidedMember, type MemberResult } from './member-result';
import type { MemberWriter } from './member-writer';
import type { OrgSnapshot, OrgSnapshotLoader, PoolSnapshot } from './org-snapshot';
import type { MemberEffect } from './pass-effects';
import { passLogEntries, type JobInfo } from './pass-log-entries';
import { passScope, type PassScope } from './pass-scope';
import { PoolJournal } from './pool-journal';
import { earliest, nextPoolStatus, samePoolStatus, type PoolStatus } from './pool-status';
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
  ledgerCache: LedgerCache;
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
 * org's pool (every license document and waiting entry) and the members in scope — those the
 * records name and those the drain can reach, or the whole org (pass-scope.ts); decide them
 * with the pure rules; release, drain the waiting list, write the read model, the pool status
 * and the sync log; finally delete exactly the records loaded at the start. A targeted pass
 * starts from the pool as the org's previous pass left it when that is provably still the
 * store's (ledger-cache.ts); a pass over the whole org reads every license document, so
 * whatever a stalled concurrent worker left behind is repaired by it, and there is one at
 * least every few minutes while the org changes.
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
    const kept = await this.deps.ledgerCache.take(orgId);
    try {
      const { effects, journal, startedConsistent } = await this.decideAndApply(orgId, batch, kept, now);
      await this.deps.jobLog.write(orgId, passLogEntries(batch, effects, job, now, Date.now() - started));
      const concurrent = await this.finish(orgId, changes, now);
      if (journal && startedConsistent && !concurrent) await this.keepPool(orgId, journal);
      return { applied: changes.length, effects, concurrent };
    } catch (error) {
      const failed = passLogEntries(batch, [], job, now, Date.now() - started, error as Error);
      await this.deps.jobLog.write(orgId, failed).catch(() => undefined);
      throw error;
    }
  }

  /**
   * Reads the pool (from `kept` unless the change is org-wide), then the members in scope
   * (pass-scope.ts), and applies their decisions. A pass that turns out to decide the whole
   * org reads the pool from the store.
   */
  private async decideAndApply(orgId: string, batch: ChangeBatch, kept: CachedPool | null, now: Date): Promise<Applied> {
    const { loader } = this.deps;
    let fromKept = kept !== null && !batch.isOrgWide;
    let pool: PoolSnapshot | null = await loader.loadPool(orgId, fromKept ? kept : null, batch.memberIds);
    if (!pool) return ORG_GONE;
    let ledger = readLedger(pool.licenses.values(), now);
    let scope = passScope({ batch, ledger, waiting: pool.waiting, purchased: pool.purchased, poolStatus: pool.poolStatus, now });
    for (;;) {
      if (scope.kind === 'org' && fromKept) {
        fromKept = false;
        pool = await loader.loadPool(orgId);
        if (!pool) return ORG_GONE;
        ledger = readLedger(pool.licenses.values(), now);
      }
      const members =
        scope.kind === 'org'
          ? await loader.loadAllMembers(orgId)
          : await loader.loadMembers(orgId, scope.memberIds, pool.poolStatus?.memberships ?? null);
      const snapshot: OrgSnapshot = { ...pool, ...members };
      const plan = planPass(snapshot, ledger, scope, batch, now);
      if (plan) {
        const licenses = new LicenseWriter(this.deps.store, this.deps.clock, orgId, new PoolJournal(pool.licenses, pool.waitingById));
        const effects = await this.apply(orgId, licenses, snapshot, ledger, scope, plan, now);
        // Grants and releases of this pass leave no half-made license behind (a grant whose slot
        // fails gives its holder back): the pool ends as consistent as it started.
        return { effects, journal: licenses.journal, startedConsistent: ledger.inFlight.size === 0 };
      }
      // The drain reached a waiting member the targeted pass did not read: decide everyone.
      scope = { kind: 'org' };
    }
  }

  /**
   * Keeps the pool as this pass left it for the org's next pass, if every write went as the
   * pass's view predicted (the caller checks that no grant or release of another worker was
   * half done in it).
   */
  private async keepPool(orgId: string, journal: PoolJournal): Promise<void> {
    if (journal.diverged) {
      this.deps.logger.debug({ orgId, reason: journal.diverged }, 'the pool changed beside this pass; the next pass reads it again');
      return;
    }
    await this.deps.ledgerCache.keep(orgId, journal.licenses.documents(), journal.waiting.documents());
  }

  private async apply(orgId: string, licenses: LicenseWriter, snapshot: OrgSnapshot, ledger: Ledger, scope: PassScope, plan: PassPlan, now: Date): Promise<MemberEffect[]> {
    const settings = snapshot.org.settings;
    const { decided, released, usedSlots, drain } = plan;
    await licenses.repair(ledger.repairs);

    // The reasons are recorded before the releases they justify, so a crash in between
    // leaves a pass that can redo the same decision.
    await licenses.recordSuspensions(
      decided.filter((d) => d.decision.suspendedAt && !ledger.suspensions.has(d.memberId)).map((d) => ({ memberId: d.memberId, at: d.decision.suspendedAt! })),
    );
    await licenses.recordInviteExpiries(
      decided.filter((d) => d.decision.inviteExpiry).map((d) => ({ memberId: d.memberId, ...d.decision.inviteExpiry! })),
    );
    await licenses.release(released);

    const invite = settings.invitationMode === 'invite';
    const grants = await licenses.grant(drain.toGrant, drain.freeSlots, invite);

    const waitingIds = new Set(snapshot.waiting.map((w) => w.memberId));
    const stillWaiting = drain.order.filter((n) => !grants.has(n.memberId) || grants.get(n.memberId)!.kind === 'no slot');
    await licenses.enqueueWaiting(stillWaiting.filter((n) => !waitingIds.has(n.memberId)));
    const waitingNow = new Set(stillWaiting.map((n) => n.memberId));
    await licenses.removeWaiting(
      decided.filter((d) => waitingIds.has(d.memberId) && !waitingNow.has(d.memberId) && grants.get(d.memberId)?.kind !== 'in flight').map((d) => d.memberId),
    );
    await licenses.forgetRecords(obsoleteRecords(orgId, decided, ledger));

    const positions = queuePositions([...stillWaiting, ...waitingOfSkipped(snapshot, ledger)].sort(compareWaiting));
    const results = decided
      .filter((d) => grants.get(d.memberId)?.kind !== 'in flight')
      .map((d) => memberResult(d, ledger.held.get(d.memberId), grants.get(d.memberId), positions, invite));
    await this.writeMembers(orgId, results, now);

    const granted = [...grants.values()].filter((g) => g.kind === 'granted');
    const available = Math.max(0, snapshot.purchased - usedSlots.size - ledger.reserved - granted.length);
    const deadline = earliest([
      // A targeted pass keeps the deadlines of the members it did not decide.
      scope.kind === 'members' ? (snapshot.poolStatus?.nextDeadlineAt ?? null) : null,
      ledger.deadline,
      ...decided.map((d) => d.decision.deadline),
      ...granted.map((g) => (g.invitedAt ? addDays(g.invitedAt, settings.pendingInviteExpiryDays) : null)),
    ]);
    await this.writePoolStatus(orgId, snapshot.poolStatus, nextPoolStatus(snapshot.poolStatus, available, deadline, now, scope.kind === 'org' ? { members: results.filter((r) => r.user || r.previous).length, memberships: snapshot.directory.memberships.length } : null), now);
    return results.flatMap((r) => r.effects);
  }

  private async writeMembers(orgId: string, results: MemberResult[], now: Date): Promise<void> {
    const created: MemberDocument[] = [];
    const changed: MemberDocument[] = [];
    for (const result of results) {
      // A user created and deleted before any pass saw it is shown as deleted too (CONTRACT.md:
      // "a deleted member is still shown"), with only the identity the records give: its id.
      const next = nextMemberDocument(orgId, result.memberId, result.user, result.previous, result.outcome, now);
      if (next.write === 'insert') created.push(next.document);
      else if (next.write === 'replace') changed.push(next.document);
    }
    await this.deps.members.write(orgId, created, changed);
  }

  private async writePoolStatus(orgId: string, previous: PoolStatusDocument | null, next: PoolStatus, now: Date): Promise<void> {
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

interface Applied {
  effects: MemberEffect[];
  /** The pool as the pass left it; null when the org is gone. */
  journal: PoolJournal | null;
  /** No grant or release in flight (another worker's, young) in the pool the pass started from. */
  startedConsistent: boolean;
}

/** The org was deleted: nothing to apply, nothing to keep. */
const ORG_GONE: Applied = { effects: [], journal: null, startedConsistent: false };

interface PassPlan {
  decided: DecidedMember[];
  /** The licenses the decisions give back. */
  released: HeldLicense[];
  /** Slot numbers in use once those are given back. */
  usedSlots: Set<number>;
  drain: DrainPlan;
}

/**
 * Decides the members in scope and who of those needing a license gets one. Null when a
 * targeted pass's drain would grant a member it did not decide (pass-scope.ts bounds the
 * waiting members it reads by the licenses that can be free; a member that held a license and
 * waited at once could exceed that bound): the pass then decides the whole org. Pure.
 */
function planPass(snapshot: OrgSnapshot, ledger: Ledger, scope: PassScope, batch: ChangeBatch, now: Date): PassPlan | null {
  const settings = snapshot.org.settings;
  const targeted = scope.kind === 'members' ? scope.memberIds : undefined;
  const decided: DecidedMember[] = memberCases(snapshot, ledger, batch, settings, now, targeted).map((c) => ({
    ...c,
    decision: decideMember(c.facts, settings, now),
  }));
  const released = decided.filter((d) => d.decision.release).map((d) => ledger.held.get(d.memberId)!);
  const usedSlots = new Set(ledger.usedSlots);
  for (const license of released) usedSlots.delete(license.slot);
  const needers: Needer[] = decided
    .filter((d) => d.decision.license === 'need')
    .map((d) => ({ memberId: d.memberId, needSince: d.decision.needSince!, createdAt: d.user!.created }));
  if (targeted) {
    // The other waiting members are undecided: they still wait, in their place.
    const decidedIds = new Set(decided.map((d) => d.memberId));
    const undecided = snapshot.waiting.filter((w) => !decidedIds.has(w.memberId) && !ledger.inFlight.has(w.memberId)).map(neederOf);
    const drain = planDrain(snapshot.purchased, usedSlots, [...needers, ...undecided], ledger.reserved);
    if (drain.toGrant.some((n) => !decidedIds.has(n.memberId))) return null;
    return { decided, released, usedSlots, drain };
  }
  return { decided, released, usedSlots, drain: planDrain(snapshot.purchased, usedSlots, needers, ledger.reserved) };
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
