/** The admin API calls the workloads need, over HTTP like any client. */
export interface BenchOrg {
  id: string;
  /** SCIM base path, e.g. /scim/v2/<org>. */
  path: string;
  token: string;
}

export class AdminApi {
  constructor(
    private readonly origin: string,
    private readonly adminKey: string,
  ) {}

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(`${this.origin}/admin/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${this.adminKey}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  }

  async createOrg(name: string, licenses: number, settings: Record<string, unknown> = {}): Promise<BenchOrg> {
    const body = (await this.call('POST', '/orgs', { name, licenses, settings })) as { id: string; scim: { baseUrl: string; token: string } };
    return { id: body.id, path: new URL(body.scim.baseUrl).pathname, token: body.scim.token };
  }

  async syncStatus(orgId: string): Promise<{ settled: boolean; pending: number }> {
    return (await this.call('GET', `/orgs/${orgId}/sync-status`)) as { settled: boolean; pending: number };
  }

  /** Milliseconds until every accepted change of the org is applied (polled every 100 ms). */
  async waitSettled(orgId: string, timeoutMs: number): Promise<number> {
    const started = Date.now();
    for (;;) {
      if ((await this.syncStatus(orgId)).settled) return Date.now() - started;
      if (Date.now() - started > timeoutMs) throw new Error(`org ${orgId} not settled after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

export function scimHeaders(token: string, userAgent = 'Okta SCIM Client 1.0.0'): Record<string, string> {
  return { Authorization: `Bearer ${token}`, 'Content-Type': 'application/scim+json', 'User-Agent': userAgent };
}
