import {
  MongoClientClosedError,
  MongoError,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoOperationTimeoutError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} from 'mongodb';
import { AppError } from '../errors';

const UNREACHABLE_MESSAGE = /not connected|connection.*(closed|refused|reset)|ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|socket|timed out|client was closed|Connection is closed|Stream isn't writeable|MaxRetriesPerRequest|Command timed out/i;

/**
 * Errors from an unreachable store or queue become 503 with Retry-After: the IdP retries, and
 * nothing was half-stored (every write is durable before a 2xx). The driver wraps the network
 * error of a bulk write (insertMany) in a MongoBulkWriteError (as `errorResponse`) and others
 * in `cause`, so the chain is followed.
 */
export function asUnavailable(error: unknown): AppError | undefined {
  if (!isUnreachable(error, 0)) return undefined;
  return new AppError('UNAVAILABLE', 'The service is temporarily unavailable; retry shortly.', {
    cause: error,
    retryAfterSeconds: 5,
  });
}

function isUnreachable(error: unknown, depth: number): boolean {
  if (depth > 4 || typeof error !== 'object' || error === null) return false;
  if (
    error instanceof MongoNetworkError ||
    error instanceof MongoServerSelectionError ||
    error instanceof MongoNotConnectedError ||
    error instanceof MongoTopologyClosedError ||
    error instanceof MongoClientClosedError ||
    error instanceof MongoOperationTimeoutError
  ) {
    return true;
  }
  const message = error instanceof Error ? error.message : '';
  // A server error (duplicate key, validation…) is the store answering: not an outage.
  if (error instanceof MongoError && !isServerAnswer(error) && UNREACHABLE_MESSAGE.test(message)) return true;
  if (!(error instanceof MongoError) && UNREACHABLE_MESSAGE.test(message)) return true;
  const { cause, errorResponse } = error as { cause?: unknown; errorResponse?: unknown };
  return isUnreachable(cause, depth + 1) || isUnreachable(errorResponse, depth + 1);
}

function isServerAnswer(error: MongoError): boolean {
  return error.name === 'MongoServerError' || (typeof error.code === 'number' && error.code > 0);
}
