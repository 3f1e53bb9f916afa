import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import { AppError, isAppError } from '../../errors';
import type { Logger } from '../../observability/logger';
import { asUnavailable } from '../store-errors';

/** Admin API errors: `{"error": {"code": "SCREAMING_SNAKE", "message": "..."}}` (CONTRACT.md). */
export function adminErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const appError = toAppError(error);
    if (appError.status >= 500) logger.error({ err: error, requestId: req.id }, 'admin request failed');
    if (appError.retryAfterSeconds) res.setHeader('Retry-After', String(appError.retryAfterSeconds));
    res.status(appError.status).json({ error: { code: appError.code, message: appError.message } });
  };
}

export const adminNotFound: RequestHandler = (req, _res, next) => {
  next(new AppError('NOT_FOUND', `No admin endpoint ${req.method} ${req.path}.`));
};

function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  if (error instanceof ZodError) {
    const detail = error.issues
      .map((issue) => `${issue.path.length ? issue.path.join('.') : 'body'}: ${issue.message}`)
      .join('; ');
    return new AppError('VALIDATION_FAILED', detail);
  }
  const bodyError = error as { type?: string; status?: number };
  if (bodyError?.type === 'entity.parse.failed') return new AppError('BAD_REQUEST', 'The request body is not valid JSON.');
  if (bodyError?.type === 'entity.too.large') return new AppError('PAYLOAD_TOO_LARGE', 'The request body is too large.');
  if (typeof bodyError?.status === 'number' && bodyError.status >= 400 && bodyError.status < 500) {
    return new AppError('BAD_REQUEST', 'The request could not be read.');
  }
  return asUnavailable(error) ?? new AppError('INTERNAL', 'Internal error; the request id in X-Request-Id identifies it in the logs.');
}
