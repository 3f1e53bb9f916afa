import type { UserDocument } from '../directory/documents';
import { ResourceRepository } from '../directory/resource-repository';
import { AppError } from '../errors';
import type { ChangeRecorder } from '../events/change-recorder';
import type { Store } from '../infra/store';
import type { OrgRepository } from '../tenancy/org-repository';
import { licenseIds, type AcceptanceDocument, type LicenseDocument } from './license-documents';
import type { MemberDocument } from './member-document';
import { toView, type MemberView } from './member-queries';
import { requireOrg } from './org-lookup';
import { isAcceptable, stateAfterAcceptance } from './rules';

/**
 * `POST /orgs/:orgId/members/:id/accept` (invite mode, FAQ "pending license"). The acceptance
 * is an insert keyed by the grant, so two concurrent accepts cannot both succeed and an
 * acceptance can never apply to a later invitation; the change record makes the pass move the
 * member to `active` (or `unassigned` when it is in no team).
 */
export class InvitationService {
  private readonly users: ResourceRepository<UserDocument>;

  constructor(
    private readonly store: Store,
    private readonly orgs: OrgRepository,
    private readonly changes: ChangeRecorder,
    private readonly clock: () => Date,
  ) {
    this.users = new ResourceRepository<UserDocument>(store, 'users');
  }

  async accept(orgId: string, userId: string, correlationId: string | null): Promise<MemberView> {
    const org = await requireOrg(this.orgs, orgId);
    const licenses = this.store.tenant<LicenseDocument>(orgId, 'licenses');
    const members = this.store.tenant<MemberDocument>(orgId, 'members');
    const [member, holder, user] = await Promise.all([
      members.findById(members.id(userId)),
      licenses.findById(licenseIds.holder(orgId, userId)),
      this.users.findById(orgId, userId),
    ]);
    if (!member && !user) throw new AppError('NOT_FOUND', `Member ${userId} does not exist in this organisation.`);
    const now = this.clock();
    const notPending = new AppError('NOT_PENDING', `Member ${userId} has no pending invitation to accept.`);
    // The read model says "pending" only once the grant (holder and slot) is complete.
    if (!member || member.state !== 'pending' || !holder || holder.kind !== 'holder') throw notPending;
    const accepted = await licenses.findById(licenseIds.acceptance(orgId, holder.grantId));
    const holding = { invitedAt: holder.invitedAt, acceptedAt: accepted ? accepted.at : null };
    if (!isAcceptable(holding, user?.active ?? false, org.settings, now)) throw notPending;
    const acceptance: AcceptanceDocument = {
      _id: licenseIds.acceptance(orgId, holder.grantId),
      orgId,
      kind: 'acceptance',
      memberId: userId,
      grantId: holder.grantId,
      at: now,
    };
    if (!(await licenses.insert(acceptance))) throw notPending;
    await this.changes.record(orgId, [{ memberId: userId, reason: 'invitation accepted' }], correlationId, now);
    // What the pass will make of it; the read model follows within moments.
    return toView({ ...member, state: stateAfterAcceptance(member.teams.length), acceptedAt: now, updatedAt: now }, new Map());
  }
}
