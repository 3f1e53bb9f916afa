import { InvalidArgumentError } from 'commander';

/** Option value parsers; a bad value becomes commander's usage error (exit 2). */

export function integerAt(min: number, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value) => {
    const trimmed = value.trim();
    if (!/^[+-]?\d+$/.test(trimmed)) throw new InvalidArgumentError(`"${value}" is not a whole number.`);
    const n = Number(trimmed);
    if (n < min || n > max) throw new InvalidArgumentError(`must be between ${min} and ${max}.`);
    return n;
  };
}

/** An ISO 8601 date-time with an offset, as the admin API expects (`2030-01-01T00:00:00Z`). */
export function isoDateTime(value: string): string {
  const trimmed = value.trim();
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(trimmed) || Number.isNaN(Date.parse(trimmed))) {
    throw new InvalidArgumentError(`"${value}" is not an ISO date-time with a time zone (e.g. 2030-01-31T00:00:00Z).`);
  }
  return new Date(trimmed).toISOString();
}

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `--since`: an ISO date-time, or a duration back from now such as `30s`, `15m`, `2h`, `7d`. */
export function sinceParser(now: () => number): (value: string) => string {
  return (value) => {
    const relative = /^(\d+)\s*([smhd])$/i.exec(value.trim());
    if (relative) return new Date(now() - Number(relative[1]) * UNITS[relative[2].toLowerCase()]).toISOString();
    try {
      return isoDateTime(value);
    } catch {
      throw new InvalidArgumentError(`"${value}" is neither an ISO date-time nor a duration such as 15m, 2h or 7d.`);
    }
  };
}

/** `--settings '{"invitationMode":"invite"}'`: a JSON object; the server validates the fields. */
export function jsonObject(value: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new InvalidArgumentError('is not valid JSON.');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new InvalidArgumentError('must be a JSON object.');
  return parsed as Record<string, unknown>;
}
