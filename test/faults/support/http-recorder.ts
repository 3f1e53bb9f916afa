/**
 * The suite's HTTP client, which is also its witness: every answer is counted, and the ones
 * the pass criteria forbid (a 5xx other than 503, a 503 without Retry-After or without a SCIM
 * error body, a request that hangs, a dropped connection) are kept as violations.
 */

export const SCIM_ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** An answer slower than this is a hang. A store outage must be answered within seconds. */
export const HANG_LIMIT_MS = 15_000;

export interface Answer {
  status: number;
  body: any;
  retryAfter: string | null;
  ms: number;
}

export interface RequestFigures {
  total: number;
  byStatus: Record<string, number>;
  maxMs: number;
  unavailable: number;
}

/** Requests sent while a window was open (e.g. a Redis pause), and the slowest answer among them. */
export interface RequestWindow {
  kind: 'scim' | 'admin';
  requests: number;
  maxMs: number;
  close(): void;
}

export class HttpRecorder {
  readonly scim: RequestFigures = emptyFigures();
  readonly admin: RequestFigures = emptyFigures();
  readonly violations: string[] = [];
  private readonly windows = new Set<RequestWindow>();

  constructor(private readonly baseUrl: string) {}

  openWindow(kind: 'scim' | 'admin'): RequestWindow {
    const window: RequestWindow = { kind, requests: 0, maxMs: 0, close: () => this.windows.delete(window) };
    this.windows.add(window);
    return window;
  }

  async send(kind: 'scim' | 'admin', method: string, url: string, token: string, body?: unknown): Promise<Answer | null> {
    const figures = kind === 'scim' ? this.scim : this.admin;
    const windows = [...this.windows].filter((w) => w.kind === kind);
    const started = Date.now();
    const what = `${method} ${url.replace(this.baseUrl, '')}`;
    let res: Response;
    let text: string;
    try {
      res = await fetch(url.startsWith('http') ? url : this.baseUrl + url, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': kind === 'scim' ? 'application/scim+json' : 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(HANG_LIMIT_MS * 2),
      });
      text = await res.text();
    } catch (error) {
      const ms = Date.now() - started;
      for (const w of windows) {
        w.requests++;
        w.maxMs = Math.max(w.maxMs, ms);
      }
      figures.total++;
      count(figures, 'no answer');
      this.violations.push(`${what}: no answer after ${ms} ms (${(error as Error).message})`);
      return null;
    }
    const ms = Date.now() - started;
    for (const w of windows) {
      w.requests++;
      w.maxMs = Math.max(w.maxMs, ms);
    }
    figures.total++;
    figures.maxMs = Math.max(figures.maxMs, ms);
    count(figures, String(res.status));
    let parsed: any = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    const answer: Answer = { status: res.status, body: parsed, retryAfter: res.headers.get('retry-after'), ms };
    if (ms > HANG_LIMIT_MS) this.violations.push(`${what}: answered ${res.status} after ${ms} ms`);
    if (res.status >= 500 && res.status !== 503) this.violations.push(`${what}: ${res.status} ${text.slice(0, 300)}`);
    if (res.status === 503) {
      figures.unavailable++;
      const problems = unavailableProblems(kind, answer);
      if (problems.length > 0) this.violations.push(`${what}: 503 ${problems.join(', ')}`);
    }
    return answer;
  }
}

/** What a 503 lacks: Retry-After, and on SCIM routes a SCIM error body (RFC 7644 §3.12). */
export function unavailableProblems(kind: 'scim' | 'admin', answer: Answer): string[] {
  const problems: string[] = [];
  if (!answer.retryAfter || !/^\d+$/.test(answer.retryAfter)) problems.push('without Retry-After');
  if (kind === 'scim') {
    const body = answer.body as { schemas?: unknown; status?: unknown } | null;
    if (!body || !Array.isArray(body.schemas) || !body.schemas.includes(SCIM_ERROR_SCHEMA) || body.status !== '503') {
      problems.push(`without a SCIM error body (${JSON.stringify(answer.body)?.slice(0, 200)})`);
    }
  } else if (!(answer.body as { error?: { code?: unknown } } | null)?.error?.code) {
    problems.push('without an error body');
  }
  return problems;
}

function emptyFigures(): RequestFigures {
  return { total: 0, byStatus: {}, maxMs: 0, unavailable: 0 };
}

function count(figures: RequestFigures, key: string): void {
  figures.byStatus[key] = (figures.byStatus[key] ?? 0) + 1;
}

export function formatStatuses(figures: RequestFigures): string {
  return Object.entries(figures.byStatus)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, n]) => `${status}: ${n}`)
    .join(', ');
}
