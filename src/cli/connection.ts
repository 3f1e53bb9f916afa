import fs from 'node:fs';
import path from 'node:path';
import { CliError, usageError } from './errors';

export const DEFAULT_URL = 'http://127.0.0.1:3000';

export interface ConnectionOptions {
  url?: string;
  key?: string;
}

export interface Connection {
  /** Server root, without a trailing slash and without `/admin/v1`. */
  baseUrl: string;
  key: string;
  /** Where the key came from, for messages; never the key itself. */
  keySource: string;
}

/**
 * Server and admin key. URL: `--url`, else SEATSYNC_URL, else the local default. Key: `--key`,
 * else ADMIN_API_KEY, else the file `npm start` writes (`$DATA_DIR/admin-api-key`, DATA_DIR
 * defaulting to ./.data as for the server), so the CLI works out of the box next to a local
 * server. The key is never printed, not even in errors.
 */
export function resolveConnection(
  options: ConnectionOptions,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): Connection {
  const baseUrl = normaliseUrl(options.url || env.SEATSYNC_URL || DEFAULT_URL);
  if (options.key) return { baseUrl, key: options.key.trim(), keySource: '--key' };
  if (env.ADMIN_API_KEY) return { baseUrl, key: env.ADMIN_API_KEY.trim(), keySource: 'ADMIN_API_KEY' };
  const file = path.resolve(cwd, env.DATA_DIR || '.data', 'admin-api-key');
  let stored = '';
  try {
    stored = fs.readFileSync(file, 'utf8').trim();
  } catch {
    // Reported below, together with the other ways to give a key.
  }
  if (stored) return { baseUrl, key: stored, keySource: file };
  throw new CliError(
    'NO_ADMIN_KEY',
    `No admin API key: pass --key, set ADMIN_API_KEY, or run where the local server keeps ${path.relative(cwd, file) || file}.`,
  );
}

export function normaliseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw usageError(`--url: "${raw}" is not a URL (expected e.g. ${DEFAULT_URL}).`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw usageError('--url: must start with http:// or https://.');
  if (url.username || url.password) throw usageError('--url: must not carry credentials; pass the admin key with --key or ADMIN_API_KEY.');
  // Accept the admin API's own base too (`…/admin/v1`), since that is what the banner prints.
  const pathname = url.pathname.replace(/\/+$/, '').replace(/\/admin\/v1$/, '');
  return `${url.origin}${pathname}`;
}
