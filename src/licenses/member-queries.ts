import type { LicenseView } from '../directory/render';
import type { LicenseViews } from '../directory/license-views';
import { AppError } from '../errors';
import type { Store } from '../infra/store';
import type { LicenseState } from '../scim/schema/license-extension-schema';
import type { OrgRepository } from '../tenancy/org-repository';
import { compareWaiting, neederOf, queuePositions } from './drain';
import type { WaitingDocument } from './license-documents';
import type { MemberDocument, TeamRef } from './member-document';
import { requireOrg } from './org-lookup';

/** A member as the admin API shows it (CONTRACT.md `GET /orgs/:orgId/members`). */
export interface MemberView {
  id: string;
  userName: string | null;
  externalId: string | null;
  active: boolean;
  state: LicenseState;
  teams: TeamRef[];
  heldSince: string | null;
  /** 1-based, only while `awaiting_license`. */
  queuePosition: number | null;
  needSince: string | null;
  invitedAt: string | null;
  acceptedAt: string | null;
  inviteExpiredAt: string | null;
  suspendedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface MemberListQuery {
  state?: LicenseState;
  /** A SCIM Group id. */
  team?: string;
  /** Case-insensitive part of userName, name or an email. */
  q?: string;
  cursor?: string;
  limit: number;
}

export interface MemberPage {
  items: MemberView[];
  total: number;
  nextCursor: string | null;
}

/** Up to this many members are read by `_id` (answered from SQL on FerretDB); beyond, one scan. */
const BY_ID_UP_TO = 20;

/**
 * Reads of the member read model, with `queuePosition` computed from the waiting list on every
 * read. Also the SCIM license extension (`LicenseViews`, src/directory/license-views.ts).
 */
export class MemberQueries implements LicenseViews {
  constructor(
    private readonly store: Store,
    private readonly orgs: OrgRepository,
  ) {}

  /**
   * Members sorted by userName (case-insensitive), then id; the cursor is the last item's sort
   * key. Deleted members are listed only when asked for with `state=deleted`.
   */
  async list(orgId: string, query: MemberListQuery): Promise<MemberPage> {
    await requireOrg(this.orgs, orgId);
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const [docs, positions] = await Promise.all([this.members(orgId).find({}), this.positions(orgId)]);
    const needle = query.q?.toLowerCase();
    const matching = docs
      .filter((m) => (query.state ? m.state === query.state : m.state !== 'deleted'))
      .filter((m) => query.team === undefined || m.teams.some((t) => t.id === query.team))
      .filter((m) => needle === undefined || searchText(m).includes(needle))
      .sort((a, b) => compareKeys(sortKey(a), sortKey(b)));
    const start = after ? matching.findIndex((m) => compareKeys(sortKey(m), after) > 0) : 0;
    const from = start < 0 ? matching.length : start;
    const page = matching.slice(from, from + query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((m) => toView(m, positions)),
      total: matching.length,
      nextCursor: last && from + query.limit < matching.length ? encodeCursor(sortKey(last)) : null,
    };
  }

  async requireOrg(orgId: string): Promise<void> {
    await requireOrg(this.orgs, orgId);
  }

  async get(orgId: string, userId: string): Promise<MemberView> {
    await requireOrg(this.orgs, orgId);
    const members = this.members(orgId);
    const doc = await members.findById(members.id(userId));
    if (!doc) throw new AppError('NOT_FOUND', `Member ${userId} does not exist in this organisation.`);
    const positions = doc.state === 'awaiting_license' ? await this.positions(orgId) : new Map<string, number>();
    return toView(doc, positions);
  }

  /** The SCIM license extension; a user no pass has seen yet is `provisioned` (no team, no license). */
  async viewsFor(orgId: string, userIds: string[]): Promise<Map<string, LicenseView>> {
    const docs = await this.byIds(orgId, userIds);
    const positions = docs.some((d) => d.state === 'awaiting_license') ? await this.positions(orgId) : new Map<string, number>();
    const byId = new Map(docs.map((d) => [d.userId, d]));
    return new Map(
      userIds.map((id) => {
        const doc = byId.get(id);
        if (!doc) return [id, { state: 'provisioned' }];
        const view: LicenseView = { state: doc.state };
        if (doc.heldSince) view.heldSince = doc.heldSince.toISOString();
        const position = positions.get(id);
        if (doc.state === 'awaiting_license' && position !== undefined) view.queuePosition = position;
        return [id, view];
      }),
    );
  }

  private async byIds(orgId: string, userIds: string[]): Promise<MemberDocument[]> {
    const members = this.members(orgId);
    const unique = [...new Set(userIds)];
    if (unique.length <= BY_ID_UP_TO) {
      const docs = await Promise.all(unique.map((id) => members.findById(members.id(id))));
      return docs.filter((d): d is MemberDocument => d !== null);
    }
    const wanted = new Set(unique);
    return (await members.find({})).filter((d) => wanted.has(d.userId));
  }

  private members(orgId: string) {
    return this.store.tenant<MemberDocument>(orgId, 'members');
  }

  private async positions(orgId: string): Promise<Map<string, number>> {
    const waiting = await this.store.tenant<WaitingDocument>(orgId, 'waiting').find({});
    return queuePositions(waiting.map(neederOf).sort(compareWaiting));
  }
}

export function toView(doc: MemberDocument, positions: ReadonlyMap<string, number>): MemberView {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    id: doc.userId,
    userName: doc.userName,
    externalId: doc.externalId,
    active: doc.active,
    state: doc.state,
    teams: doc.teams.map((t) => ({ id: t.id, name: t.name })),
    heldSince: iso(doc.heldSince),
    queuePosition: doc.state === 'awaiting_license' ? (positions.get(doc.userId) ?? null) : null,
    needSince: iso(doc.needSince),
    invitedAt: iso(doc.invitedAt),
    acceptedAt: iso(doc.acceptedAt),
    inviteExpiredAt: iso(doc.inviteExpiredAt),
    suspendedAt: iso(doc.suspendedAt),
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}

function searchText(m: MemberDocument): string {
  return [m.userName ?? '', m.name ?? '', ...m.emails].join('\n').toLowerCase();
}

type SortKey = [string, string];

function sortKey(m: MemberDocument): SortKey {
  return [(m.userName ?? '').toLowerCase(), m.userId];
}

function compareKeys(a: SortKey, b: SortKey): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}

function encodeCursor(key: SortKey): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): SortKey {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === 2 && key.every((k) => typeof k === 'string')) return key as SortKey;
  } catch {
    // fall through
  }
  throw new AppError('VALIDATION_FAILED', 'cursor: not a cursor this API returned');
}
