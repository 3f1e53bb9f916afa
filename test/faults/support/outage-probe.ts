import { PATCH_OP, unavailableProblems, type Answer, type HttpRecorder } from './http-recorder';
import type { OrgHandle } from './lifecycle-workload';

/** While the store is down, every answer must come within this (driver timeouts are 3 s). */
export const OUTAGE_ANSWER_LIMIT_MS = 10_000;

/**
 * SCIM and admin requests sent while the store is known to be down, against an org of its
 * own: each must be 503 with Retry-After and an error body, quickly. Afterwards none of the
 * writes may have left a trace (a 503 means "not stored", and the store was down anyway).
 * While the store is only paused, a write the API gave up on may still be applied when it
 * resumes (a 503 is then "maybe stored"), so those rounds send reads only.
 */
export class OutageProbe {
  requests = 0;
  maxMs = 0;
  readonly problems: string[] = [];
  private readonly attemptedUserNames: string[] = [];

  private constructor(
    private readonly http: HttpRecorder,
    private readonly adminKey: string,
    private readonly baseUrl: string,
    private readonly org: OrgHandle,
    private readonly targetId: string,
    private readonly groupId: string,
  ) {}

  static async create(http: HttpRecorder, adminKey: string, baseUrl: string, org: OrgHandle): Promise<OutageProbe> {
    const user = await http.send('scim', 'POST', `${org.baseUrl}/Users`, org.token, { userName: 'probe-target@example.com', active: true });
    const group = await http.send('scim', 'POST', `${org.baseUrl}/Groups`, org.token, { displayName: 'Probe team' });
    if (user?.status !== 201 || group?.status !== 201) throw new Error(`probe setup answered ${user?.status} / ${group?.status}`);
    return new OutageProbe(http, adminKey, baseUrl, org, user.body.id, group.body.id);
  }

  /** One round of requests, all at once; `writes` only while the store is killed. */
  async round(writes: boolean): Promise<void> {
    const scim = (method: string, path: string, body?: unknown) => this.http.send('scim', method, this.org.baseUrl + path, this.org.token, body);
    const requests: [string, 'scim' | 'admin', Promise<Answer | null>][] = [
      ['GET /Users?filter', 'scim', scim('GET', `/Users?filter=${encodeURIComponent('userName eq "probe-target@example.com"')}`)],
      ['GET /Groups/:id', 'scim', scim('GET', `/Groups/${this.groupId}`)],
      ['GET admin licenses', 'admin', this.http.send('admin', 'GET', `/admin/v1/orgs/${this.org.id}/licenses`, this.adminKey)],
    ];
    if (writes) {
      const userName = `probe-new-${this.attemptedUserNames.length}@example.com`;
      this.attemptedUserNames.push(userName);
      requests.push(
        ['POST /Users', 'scim', scim('POST', '/Users', { userName, active: true })],
        ['PATCH /Users (deactivate)', 'scim', scim('PATCH', `/Users/${this.targetId}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: false } }] })],
        ['PATCH /Groups (add member)', 'scim', scim('PATCH', `/Groups/${this.groupId}`, { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: this.targetId }] }] })],
        ['DELETE /Users', 'scim', scim('DELETE', `/Users/${this.targetId}`)],
      );
    }
    const readyz = fetch(`${this.baseUrl}/readyz`, { signal: AbortSignal.timeout(OUTAGE_ANSWER_LIMIT_MS) }).then(
      (r) => r.status,
      () => 0,
    );
    for (const [what, kind, pending] of requests) {
      const answer = await pending;
      this.requests++;
      if (!answer) {
        this.problems.push(`${what}: no answer`);
        continue;
      }
      this.maxMs = Math.max(this.maxMs, answer.ms);
      if (answer.status !== 503) this.problems.push(`${what} during the store outage: ${answer.status} ${JSON.stringify(answer.body)?.slice(0, 200)}`);
      else for (const p of unavailableProblems(kind, answer)) this.problems.push(`${what}: 503 ${p}`);
      if (answer.ms > OUTAGE_ANSWER_LIMIT_MS) this.problems.push(`${what}: answered after ${answer.ms} ms`);
    }
    const ready = await readyz;
    if (ready !== 503) this.problems.push(`/readyz during the store outage: ${ready}`);
  }

  /** After the outage: the target is unchanged, the group empty, no probe user was created. */
  async verifyNothingStored(): Promise<void> {
    const get = async (path: string): Promise<Answer | null> => {
      // The API may need a moment to reconnect after the store came back.
      const deadline = Date.now() + 60_000;
      for (;;) {
        const answer = await this.http.send('scim', 'GET', this.org.baseUrl + path, this.org.token);
        if ((answer && answer.status !== 503) || Date.now() > deadline) return answer;
        await new Promise((r) => setTimeout(r, 500));
      }
    };
    const target = await get(`/Users/${this.targetId}`);
    if (target?.status !== 200 || target.body.active !== true) this.problems.push(`a write answered 503 was stored: target user is ${target?.status} active=${target?.body?.active}`);
    const group = await get(`/Groups/${this.groupId}`);
    if (group?.status !== 200 || (group.body.members ?? []).length !== 0) this.problems.push(`a write answered 503 was stored: probe group is ${group?.status} with ${JSON.stringify(group?.body?.members)}`);
    for (const userName of this.attemptedUserNames) {
      const found = await get(`/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`);
      if (found?.status !== 200 || found.body.totalResults !== 0) this.problems.push(`a create answered 503 was stored: ${userName} (${found?.status}, ${found?.body?.totalResults})`);
    }
  }
}
