import { randomUUID } from 'node:crypto';
import type { Store, TenantDocument } from '../infra/store';
import type { Logger } from '../observability/logger';
import type { ScimAction } from './scim-action';

/** One SCIM request as the sync log keeps it (CONTRACT.md `GET /orgs/:orgId/sync-log`). */
export interface RequestLogDocument extends TenantDocument {
  kind: 'scim-request';
  at: Date;
  status: 'ok' | 'failed';
  httpStatus: number;
  method: string;
  path: string;
  durationMs: number;
  userAgent: string | null;
  action: string;
  summary: string;
  resource: ScimAction['resource'];
  /** The resource and the members a request names, for the `subject` filter. */
  subjects: string[];
  errorCode: string | null;
  errorDetail: string | null;
  /** The request body with every secret blanked, cut to a readable length. */
  bodyExcerpt: string | null;
  correlationId: string | null;
}

export type RequestLogEntry = Omit<RequestLogDocument, '_id' | 'orgId' | 'kind'>;

/** Writes request entries after the answer went out: logging never slows or fails a request. */
export class RequestLogWriter {
  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
  ) {}

  write(orgId: string, entry: RequestLogEntry): void {
    const log = this.store.tenant<RequestLogDocument>(orgId, 'sync_log');
    const doc = {
      ...entry,
      // Time first, so that `_id` order is time order (cursor paging by `_id`).
      _id: `${orgId}:${entry.at.toISOString()}:req:${randomUUID()}`,
      orgId,
      kind: 'scim-request',
    } as RequestLogDocument;
    log.insert(doc).catch((error: unknown) => {
      this.logger.warn({ orgId, err: (error as Error).message }, 'sync log entry not written');
    });
  }
}
