/**
 * Redaction for the sync log's body excerpts: secrets never reach the log, whatever the IdP
 * sends. Keys that name a secret are blanked wherever they appear, and any string that looks
 * like a seatsync token or a bearer credential is blanked too.
 */
const SECRET_KEY = /pass(word)?|secret|token|authori[sz]ation|credential|api[-_]?key|cookie/i;
const SECRET_VALUE = /seatsync_(scim|admin)_[A-Za-z0-9_-]{10,}|^Bearer\s+\S+/i;
const MAX_DEPTH = 8;
const MAX_ARRAY_ITEMS = 20;

export const REDACTED = '[redacted]';

export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return SECRET_VALUE.test(value) ? REDACTED : value;
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[…]';
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ARRAY_ITEMS).map((item) => redact(item, depth + 1));
    if (value.length > MAX_ARRAY_ITEMS) items.push(`[… ${value.length - MAX_ARRAY_ITEMS} more]`);
    return items;
  }
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(record)) {
    out[key] = SECRET_KEY.test(key) || (key.toLowerCase() === 'value' && namesSecret(record)) ? REDACTED : redact(inner, depth + 1);
  }
  return out;
}

/**
 * A PATCH operation (RFC 7644 §3.5.2) carries the secret under `value` and names it only in
 * `path` ("password", "urn:…:User:password", `x[…].password`): its value goes too.
 */
function namesSecret(record: Record<string, unknown>): boolean {
  const path = Object.entries(record).find(([key]) => key.toLowerCase() === 'path')?.[1];
  return typeof path === 'string' && SECRET_KEY.test(path.split(/[.:\]]/).pop() ?? '');
}

/** A redacted JSON excerpt of a request body, at most `maxLength` characters. */
export function bodyExcerpt(body: unknown, maxLength = 2000): string | null {
  if (body === undefined || body === null || (typeof body === 'object' && Object.keys(body as object).length === 0)) return null;
  const text = JSON.stringify(redact(body));
  return text.length > maxLength ? `${text.slice(0, maxLength)}…` : text;
}
