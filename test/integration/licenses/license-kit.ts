import { randomBytes } from 'node:crypto';
import { compareWaiting, neederOf } from '../../../src/licenses/drain';
import type { LicenseDocument, LicenseSlotDocument, WaitingDocument } from '../../../src/licenses/license-documents';
import { createLicenseModule, type LicenseModule } from '../../../src/licenses/license-module';
import type { MemberDocument } from '../../../src/licenses/member-document';
import type { OrgSettingsPatch } from '../../../src/tenancy/settings';
import { DirectoryFixtures } from '../../support/directory-fixtures';
import { createHarness, type Harness } from '../../support/harness';

/** Real time plus an offset the test moves forward (hold days, invitation expiry, repair ages). */
export class TestClock {
  private offsetMs = 0;
  readonly now = () => new Date(Date.now() + this.offsetMs);
  advance(ms: number): void {
    this.offsetMs += ms;
  }
  advanceDays(days: number): void {
    this.advance(days * 86_400_000);
  }
}

export interface LicenseKit {
  h: Harness;
  clock: TestClock;
  /** The license engine on the test clock. */
  licenses: LicenseModule;
  newOrg(licenses: number, settings?: OrgSettingsPatch): Promise<{ orgId: string; dir: DirectoryFixtures }>;
  read(orgId: string): Promise<OrgLicenseState>;
  close(): Promise<void>;
}

export interface OrgLicenseState {
  members: Map<string, MemberDocument>;
  slots: LicenseSlotDocument[];
  waiting: WaitingDocument[];
  stateOf(userId: string): string | undefined;
  /** Member ids in waiting-list order. */
  queue: string[];
}

/** A harness with a queue prefix of its own, and the license engine on a test clock. */
export async function createLicenseKit(env: Record<string, string> = {}): Promise<LicenseKit> {
  const h = await createHarness({ QUEUE_PREFIX: `lictest-${randomBytes(4).toString('hex')}`, ...env });
  const clock = new TestClock();
  const { store, queues, redis, logger } = h.runtime;
  // Maintenance jobs see only this file's orgs: other test files share the store.
  const ownOrgs = new Set<string>();
  const licenses = createLicenseModule(store, queues, redis, logger, clock.now, { sweepMinAgeMs: 200, orgFilter: (id) => ownOrgs.has(id) });
  return {
    h,
    clock,
    licenses,
    newOrg: async (count, settings) => {
      const org = await h.runtime.orgs.create({ name: 'License test', licenses: count, settings });
      ownOrgs.add(org.id);
      return { orgId: org.id, dir: new DirectoryFixtures(store, org.id, clock.now) };
    },
    read: async (orgId) => {
      const [members, licenseDocs, waiting] = await Promise.all([
        store.tenant<MemberDocument>(orgId, 'members').find({}),
        store.tenant<LicenseDocument>(orgId, 'licenses').find({}),
        store.tenant<WaitingDocument>(orgId, 'waiting').find({}),
      ]);
      const byId = new Map(members.map((m) => [m.userId, m]));
      const sortedWaiting = waiting.map(neederOf).sort(compareWaiting);
      return {
        members: byId,
        slots: licenseDocs.filter((d): d is LicenseSlotDocument => d.kind === 'slot'),
        waiting,
        stateOf: (userId) => byId.get(userId)?.state,
        queue: sortedWaiting.map((w) => w.memberId),
      };
    },
    close: () => h.close(),
  };
}

/**
 * CONTRACT.md invariant: pending + active + unassigned <= purchased, no member holds two
 * licenses; and the read model agrees with the slots.
 */
export function expectInvariant(state: OrgLicenseState, purchased: number): void {
  const holding = [...state.members.values()].filter((m) => ['pending', 'active', 'unassigned'].includes(m.state));
  expect(holding.length).toBeLessThanOrEqual(purchased);
  expect(state.slots.length).toBeLessThanOrEqual(purchased);
  const slotHolders = state.slots.map((s) => s.memberId);
  expect(new Set(slotHolders).size).toBe(slotHolders.length);
  for (const member of holding) expect(slotHolders).toContain(member.userId);
}
