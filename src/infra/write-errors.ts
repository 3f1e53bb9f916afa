import type { MongoBulkWriteError, WriteError } from 'mongodb';

/** The store refused an insert because its `_id` (or another unique key) exists: the atomic claim lost. */
export function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}

/** The failed writes of a bulk write, each with its index in the request. */
export function writeErrorsOf(error: MongoBulkWriteError): readonly WriteError[] {
  const errors = error.writeErrors;
  return Array.isArray(errors) ? errors : [errors as WriteError];
}

/** Every failed write of the bulk was a duplicate key (the rest went in). */
export function onlyDuplicateKeys(error: MongoBulkWriteError): boolean {
  const errors = writeErrorsOf(error);
  return errors.length > 0 && errors.every((e) => e.code === 11000);
}
