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

export interface LicenseSummary {
  purchased: number;
  active: number;
  pending: number;
  unassigned: number;
  available: number;
  awaiting: number;
  suspended: number;
  exhausted: boolean;
  teams: Array<{ id: string; name: string; members: number; licensed: number }>;
}

export const MEMBER_STATES = ['provisioned', 'pending', 'active', 'unassigned', 'awaiting_license', 'suspended', 'deleted'] as const;

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
