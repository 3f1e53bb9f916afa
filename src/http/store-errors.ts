import { MongoError, MongoNetworkError, MongoServerSelectionError } from 'mongodb';
import { AppError } from '../errors';

/**
 * Errors from an unreachable store or queue become 503 with Retry-After: the IdP retries, and
 * nothing was half-stored (every write is durable before a 2xx).
 */
export function asUnavailable(error: unknown): AppError | undefined {
  if (
    error instanceof MongoNetworkError ||
    error instanceof MongoServerSelectionError ||
    (error instanceof MongoError && /not connected|connection.*(closed|refused)|timed out/i.test(error.message))
  ) {
    return new AppError('UNAVAILABLE', 'The service is temporarily unavailable; retry shortly.', {
      cause: error,
      retryAfterSeconds: 5,
    });
  }
  const message = error instanceof Error ? error.message : '';
  if (/Connection is closed|ECONNREFUSED|Stream isn't writeable|MaxRetriesPerRequest|timed out/i.test(message)) {
    return new AppError('UNAVAILABLE', 'The service is temporarily unavailable; retry shortly.', {
      cause: error,
      retryAfterSeconds: 5,
    });
  }
  return undefined;
}
