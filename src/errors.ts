/**
 * One error type for the whole service. Code paths throw `AppError` with a stable code;
 * the HTTP edges map it once, to a SCIM error body (RFC 7644 §3.12) on SCIM routes and to
 * `{"error": {"code", "message"}}` on admin routes.
 */

/** scimType values defined by RFC 7644 §3.12, Table 9. */
export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive';

interface CatalogEntry {
  status: number;
  scimType?: ScimType;
}

export const ERROR_CATALOG = {
  BAD_REQUEST: { status: 400 },
  VALIDATION_FAILED: { status: 400 },
  INVALID_FILTER: { status: 400, scimType: 'invalidFilter' },
  INVALID_SYNTAX: { status: 400, scimType: 'invalidSyntax' },
  INVALID_PATH: { status: 400, scimType: 'invalidPath' },
  NO_TARGET: { status: 400, scimType: 'noTarget' },
  INVALID_VALUE: { status: 400, scimType: 'invalidValue' },
  MUTABILITY: { status: 400, scimType: 'mutability' },
  TOO_MANY: { status: 400, scimType: 'tooMany' },
  INVALID_VERSION: { status: 400, scimType: 'invalidVers' },
  SENSITIVE: { status: 400, scimType: 'sensitive' },
  UNAUTHORIZED: { status: 401 },
  FORBIDDEN: { status: 403 },
  POOL_EXHAUSTED: { status: 403 },
  NOT_FOUND: { status: 404 },
  METHOD_NOT_ALLOWED: { status: 405 },
  UNIQUENESS: { status: 409, scimType: 'uniqueness' },
  CONFLICT: { status: 409 },
  NOT_PENDING: { status: 409 },
  PRECONDITION_FAILED: { status: 412 },
  PAYLOAD_TOO_LARGE: { status: 413 },
  UNSUPPORTED_MEDIA_TYPE: { status: 415 },
  RATE_LIMITED: { status: 429 },
  INTERNAL: { status: 500 },
  NOT_IMPLEMENTED: { status: 501 },
  UNAVAILABLE: { status: 503 },
} as const satisfies Record<string, CatalogEntry>;

export type ErrorCode = keyof typeof ERROR_CATALOG;

export interface AppErrorOptions {
  cause?: unknown;
  /** Seconds a client should wait before retrying (429, 503). */
  retryAfterSeconds?: number;
}

export class AppError extends Error {
  readonly status: number;
  readonly scimType?: ScimType;
  readonly retryAfterSeconds?: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: AppErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    const entry: CatalogEntry = ERROR_CATALOG[code];
    this.status = entry.status;
    this.scimType = entry.scimType;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
