import path from 'node:path';
import { z } from 'zod';

/**
 * The only reader of process.env. Every setting is validated once at start; the result is
 * frozen and passed down explicitly.
 */

const optionalUrl = (schemes: string[]) =>
  z
    .string()
    .trim()
    .min(1)
    .refine((value) => {
      try {
        return schemes.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    }, `must be a URL starting with ${schemes.map((s) => `${s}//`).join(' or ')}`)
    .optional();

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const booleanFlag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1');

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  PUBLIC_URL: optionalUrl(['http:', 'https:']),
  MONGODB_URI: optionalUrl(['mongodb:', 'mongodb+srv:']),
  REDIS_URL: optionalUrl(['redis:', 'rediss:']),
  DATA_DIR: z.string().trim().min(1).default('./.data'),
  ADMIN_API_KEY: z.string().min(24, 'must be at least 24 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Prefix of every BullMQ key; wrap it in {braces} to pin all queues to one Redis Cluster slot. */
  QUEUE_PREFIX: z.string().trim().min(1).default('seatsync'),
  SHUTDOWN_GRACE_MS: positiveInt(10_000),
  WORKER_CONCURRENCY: positiveInt(8),
  SCIM_MAX_BODY_BYTES: positiveInt(5 * 1024 * 1024),
  SCIM_MAX_OPERATIONS: positiveInt(1000),
  SCIM_MAX_RESULTS: positiveInt(1000),
  SCIM_MAX_FILTER_LENGTH: positiveInt(4096),
  SCIM_MAX_FILTER_DEPTH: positiveInt(16),
  SCIM_MAX_MEMBERS_PER_REQUEST: positiveInt(10_000),
  SCIM_WRITE_RATE_PER_MINUTE: positiveInt(600),
  SYNC_LOG_RETENTION_DAYS: positiveInt(30),
  SWEEP_INTERVAL_MS: positiveInt(15_000),
  TRUST_PROXY: booleanFlag(false),
  /** Worker processes serve /metrics on this port when set (the API serves it on PORT). */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /**
   * After a full garbage collection V8 lets the heap grow by this much before the next one
   * (see src/lifecycle/heap-growth.ts); 0 leaves it to V8, which allows up to 4 times what is live.
   * Unset: a default by process role (heap-growth.ts).
   */
  HEAP_GROWTH_PERCENT: z.coerce.number().int().min(0).max(400).optional(),
  /** Where tenant data goes: see src/infra/store.ts. "auto" picks per-org on FerretDB. */
  STORE_LAYOUT: z.enum(['auto', 'shared', 'per-org']).default('auto'),
});

type RawConfig = z.infer<typeof configSchema>;

export interface Config extends Omit<RawConfig, 'PUBLIC_URL' | 'DATA_DIR'> {
  /** Absolute base of every URL we hand out, without a trailing slash. */
  PUBLIC_URL: string;
  /** Absolute path. */
  DATA_DIR: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws a ConfigError that names every bad variable at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const relevant: Record<string, string> = {};
  for (const key of Object.keys(configSchema.shape)) {
    const value = env[key];
    // An empty variable means "not set": shells and compose files often export KEY=.
    if (value !== undefined && value !== '') relevant[key] = value;
  }
  const parsed = configSchema.safeParse(relevant);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = issue.path.join('.') || '(environment)';
      const shown = name in relevant && !/KEY|URI|URL/.test(name) ? ` (got "${relevant[name]}")` : '';
      return `${name}: ${issue.message}${shown}`;
    });
    throw new ConfigError(problems);
  }
  const raw = parsed.data;
  const publicUrl = (raw.PUBLIC_URL ?? `http://${hostForUrl(raw.HOST)}:${raw.PORT}`).replace(/\/+$/, '');
  return Object.freeze({
    ...raw,
    PUBLIC_URL: publicUrl,
    DATA_DIR: path.resolve(raw.DATA_DIR),
  });
}

function hostForUrl(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
