/** The admin API's answers as the CLI reads them (CONTRACT.md); unknown fields pass through to --json. */

export interface OrgSettingsView {
  [name: string]: unknown;
}

export interface OrgView {
  id: string;
  name: string;
  settings: OrgSettingsView;
  createdAt?: string;
  exhausted: boolean;
  exhaustedSince?: string | null;
  awaiting: number;
  scim: { baseUrl: string; token?: string; tokenId?: string };
}

export interface IssuedToken {
  tokenId: string;
  token: string;
  expiresAt?: string | null;
}

export interface TokenInfo {
  tokenId: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

/** The wire types the server defines once; the CLI reads the same shapes. */
export type { LicenseSummary } from '../licenses/license-summary';
export { LICENSE_STATES as MEMBER_STATES } from '../scim/schema/license-extension-schema';

export interface MemberView {
  id: string;
  userName: string | null;
  externalId: string | null;
  active: boolean;
  state: string;
  teams: Array<{ id: string; name: string }>;
  heldSince: string | null;
  queuePosition: number | null;
}

export interface SyncLogEntry {
  id: string;
  at: string;
  kind: string;
  status: string | number;
  summary: string;
  correlationId: string | null;
  [field: string]: unknown;
}

export interface SyncStatus {
  settled: boolean;
  pending: number;
  oldestPendingAt: string | null;
}

export interface ReconcileAccepted {
  queued: number;
}
