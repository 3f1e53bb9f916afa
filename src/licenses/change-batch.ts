import { isOrgWideChange, membersNamedBy, type ChangeDocument } from '../events/change-documents';

/**
 * The change records one pass applies, as the pass needs them: when each member's change was
 * accepted (a new need's FIFO key) and which request caused what (the sync log's
 * correlation ids). Pure.
 */
export class ChangeBatch {
  /** Per member, the times of the records naming it, oldest first. */
  private readonly atByMember = new Map<string, Date[]>();
  private readonly correlationByMember = new Map<string, string | null>();
  private readonly orgWideAt: Date | null;
  private readonly fallbackCorrelation: string | null;

  /** `changes` oldest first. */
  constructor(readonly changes: ChangeDocument[]) {
    let orgWideAt: Date | null = null;
    let orgWideCorrelation: string | null | undefined;
    for (const change of changes) {
      if (isOrgWideChange(change)) {
        orgWideAt ??= change.at;
        orgWideCorrelation = change.correlationId;
        continue;
      }
      for (const memberId of membersNamedBy(change)) {
        const times = this.atByMember.get(memberId);
        if (times) times.push(change.at);
        else this.atByMember.set(memberId, [change.at]);
        this.correlationByMember.set(memberId, change.correlationId);
      }
    }
    this.orgWideAt = orgWideAt;
    this.fallbackCorrelation = orgWideCorrelation !== undefined ? orgWideCorrelation : (changes.at(-1)?.correlationId ?? null);
  }

  get isOrgWide(): boolean {
    return this.orgWideAt !== null;
  }

  /** The members the records name (org-wide records name none). */
  get memberIds(): string[] {
    return [...this.atByMember.keys()];
  }

  get ids(): string[] {
    return this.changes.map((c) => c._id);
  }

  /**
   * When the member's change was accepted: its earliest pending record, else the earliest
   * org-wide one (a settings change), else `now` (the pass found work no record names).
   * `notBefore`: the records before it cannot be the change (e.g. a creation pending beside
   * the group request that made the member need a license): the earliest record from then
   * on, or the latest one if all are older.
   */
  changeAt(memberId: string, now: Date, notBefore: Date | null = null): Date {
    const times = this.atByMember.get(memberId);
    if (!times) return this.orgWideAt ?? now;
    if (notBefore === null) return times[0];
    return times.find((at) => at.getTime() >= notBefore.getTime()) ?? times[times.length - 1];
  }

  /** The request an effect on the member is attributed to: its latest own record, else the latest org-wide one. */
  correlationOf(memberId: string): string | null {
    return this.correlationByMember.has(memberId) ? this.correlationByMember.get(memberId)! : this.fallbackCorrelation;
  }

  /** Distinct correlation ids in order of first appearance, each with the reasons of its records. */
  correlations(): { correlationId: string | null; reasons: string[] }[] {
    const byId = new Map<string | null, string[]>();
    for (const change of this.changes) {
      const reasons = byId.get(change.correlationId) ?? [];
      reasons.push(change.reason);
      byId.set(change.correlationId, reasons);
    }
    return [...byId.entries()].map(([correlationId, reasons]) => ({ correlationId, reasons }));
  }
}
