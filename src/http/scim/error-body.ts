import type { ErrorRequestHandler, Response } from 'express';
import { AppError, isAppError } from '../../errors';
import type { Logger } from '../../observability/logger';
import { asUnavailable } from '../store-errors';

export const SCIM_ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8';

/** RFC 7644 §3.12: `status` is a string; `scimType` only where the RFC defines one. */
export function sendScimError(res: Response, error: AppError): void {
  if (error.retryAfterSeconds) res.setHeader('Retry-After', String(error.retryAfterSeconds));
  if (error.status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="seatsync-scim"');
  res.status(error.status).type(SCIM_CONTENT_TYPE);
  res.send(
    JSON.stringify({
      schemas: [SCIM_ERROR_SCHEMA],
      status: String(error.status),
      ...(error.scimType ? { scimType: error.scimType } : {}),
      detail: error.message,
    }),
  );
}

export function scimErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const appError = toScimAppError(error);
    if (appError.status >= 500) logger.error({ err: error, requestId: req.id }, 'SCIM request failed');
    sendScimError(res, appError);
  };
}

function toScimAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  const bodyError = error as { type?: string; status?: number };
  if (bodyError?.type === 'entity.parse.failed') {
    return new AppError('INVALID_SYNTAX', 'The request body is not valid JSON.');
  }
  if (bodyError?.type === 'entity.too.large') {
    return new AppError('PAYLOAD_TOO_LARGE', 'The request body exceeds the maximum size advertised in /ServiceProviderConfig.');
  }
  if (bodyError?.type === 'encoding.unsupported' || bodyError?.type === 'charset.unsupported') {
    return new AppError('UNSUPPORTED_MEDIA_TYPE', 'The request body must be UTF-8 JSON.');
  }
  if (typeof bodyError?.status === 'number' && bodyError.status >= 400 && bodyError.status < 500) {
    return new AppError('INVALID_SYNTAX', 'The request body could not be read.');
  }
  return (
    asUnavailable(error) ??
    new AppError('INTERNAL', 'Internal error; the request id in X-Request-Id identifies it in the logs.')
  );
}
