import mongoose, { type Connection } from 'mongoose';
import type { Logger } from '../observability/logger';

export interface StoreInfo {
  /** "ferretdb" or "mongodb" (or another compatible server). */
  flavour: string;
  version: string;
}

/**
 * One mongoose connection per process. Short server-selection and socket timeouts so that a
 * store outage surfaces as an error within seconds (503 to the IdP), never as a hung request.
 */
export async function connectMongo(uri: string, logger: Logger): Promise<Connection> {
  const connection = mongoose.createConnection(uri, {
    serverSelectionTimeoutMS: 3000,
    connectTimeoutMS: 3000,
    socketTimeoutMS: 20_000,
    // A store that stops answering (paused, partitioned) is noticed by the monitor within
    // heartbeat + connect timeout, which clears the pool and fails the requests waiting on it;
    // with the driver's 10 s default a request could hang for about 15 s first.
    heartbeatFrequencyMS: 1000,
    maxPoolSize: 20,
    // Commands wait in the driver while the server is unreachable; fail them instead.
    bufferCommands: false,
    autoIndex: false,
    autoCreate: false,
  });
  connection.on('disconnected', () => logger.warn('mongo disconnected'));
  connection.on('reconnected', () => logger.info('mongo reconnected'));
  await connection.asPromise();
  return connection;
}

export async function describeStore(connection: Connection): Promise<StoreInfo> {
  const db = connection.db;
  if (!db) throw new Error('mongo connection has no database');
  const info = (await db.admin().command({ buildInfo: 1 })) as Record<string, unknown>;
  const ferret = typeof info.ferretdbVersion === 'string' ? info.ferretdbVersion : undefined;
  return {
    flavour: ferret ? 'ferretdb' : 'mongodb',
    version: ferret ?? String(info.version ?? 'unknown'),
  };
}

export async function pingMongo(connection: Connection, timeoutMs: number): Promise<void> {
  const db = connection.db;
  if (!db || connection.readyState !== 1) throw new Error('mongo is not connected');
  await withTimeout(db.command({ ping: 1 }), timeoutMs, 'mongo ping');
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
