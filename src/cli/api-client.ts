import { CliError, interrupted } from './errors';
import type { Connection } from './connection';

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
}

/**
 * The admin API over HTTP (CONTRACT.md). Every non-2xx answer becomes a CliError carrying the
 * API's `{"error": {"code", "message"}}`; a server that cannot be reached becomes
 * CONNECTION_FAILED, a request that takes too long TIMEOUT.
 */
export class AdminApi {
  constructor(
    private readonly connection: Connection,
    private readonly fetchImpl: typeof fetch,
    private readonly timeoutMs: number,
    private readonly signal?: AbortSignal,
  ) {}

  get<T>(path: string, query?: Query): Promise<T> {
    return this.request<T>('GET', path, { query });
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, { body: body ?? {} });
  }

  delete<T = void>(path: string): Promise<T> {
    return this.request<T>('DELETE', path);
  }

  /** Follows `nextCursor` until the last page; `onPage` sees every page as it arrives. */
  async collect<T>(path: string, query: Query = {}, onPage?: (page: Page<T>) => void): Promise<{ items: T[]; total: number | null }> {
    const items: T[] = [];
    let total: number | null = null;
    let cursor: string | null | undefined;
    const seen = new Set<string>();
    do {
      const page = await this.get<Page<T>>(path, { ...query, cursor: cursor ?? undefined });
      items.push(...(page.items ?? []));
      if (typeof page.total === 'number') total = page.total;
      onPage?.(page);
      cursor = page.nextCursor;
      // A server that hands out the same cursor twice would otherwise keep us here forever.
      if (cursor && seen.has(cursor)) break;
      if (cursor) seen.add(cursor);
    } while (cursor);
    return { items, total };
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const url = new URL(`${this.connection.baseUrl}/admin/v1${path}`);
    for (const [name, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined && value !== null && value !== '') url.searchParams.set(name, String(value));
    }
    const headers: Record<string, string> = {
      Authorization: `Bearer ${this.connection.key}`,
      Accept: 'application/json',
      'User-Agent': 'seatsync-cli',
    };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = this.signal ? AbortSignal.any([this.signal, timeout]) : timeout;
    let response: Response;
    try {
      response = await this.fetchImpl(url, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal,
      });
    } catch (error) {
      throw this.transportError(error, method, url, timeout);
    }
    const text = await response.text().catch(() => '');
    if (!response.ok) throw apiError(response.status, response.statusText, text);
    if (response.status === 204 || text === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new CliError('BAD_RESPONSE', `${method} ${url.pathname} answered ${response.status} with a body that is not JSON.`);
    }
  }

  private transportError(error: unknown, method: string, url: URL, timeout: AbortSignal): CliError {
    if (this.signal?.aborted) return interrupted();
    if (timeout.aborted) return new CliError('TIMEOUT', `${method} ${url.pathname}: no answer from ${url.origin} within ${this.timeoutMs} ms.`);
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (error as Error).message;
    return new CliError('CONNECTION_FAILED', `Cannot reach seatsync at ${url.origin} (${why}). Is the server running? (--url, SEATSYNC_URL)`);
  }
}

export interface Page<T> {
  items: T[];
  total?: number;
  nextCursor?: string | null;
}

/** `{"error": {"code", "message"}}` when the API sent one; otherwise the HTTP status. */
export function apiError(status: number, statusText: string, body: string): CliError {
  let code = `HTTP_${status}`;
  let message = statusText || 'request failed';
  try {
    const parsed = JSON.parse(body) as { error?: { code?: unknown; message?: unknown } };
    if (typeof parsed.error?.code === 'string') code = parsed.error.code;
    if (typeof parsed.error?.message === 'string') message = parsed.error.message;
  } catch {
    // Not JSON (a proxy's error page): the status says enough.
  }
  return new CliError(code, message, 1, status);
}
