import { PATCH_OP, type Answer, type HttpRecorder } from './http-recorder';
import type { Random } from './random';

/**
 * An identity provider for one org, driving a mixed lifecycle (create users, add them to
 * groups, deactivate, reactivate, delete) through the real API, with a model of what it has
 * been told is stored. Like an IdP it retries a request answered 503 (or 429, or a 409 for a
 * write that lost its version race) until it gets a definitive answer; a retried write whose
 * first attempt may have been stored is "ambiguous", and the answers it then accepts (409
 * uniqueness on a create, 404 on a delete) are those its first attempt explains. Each user has
 * at most one request in flight, so the model's final state is the IdP's final intent.
 */

export type UserStatus = 'active' | 'inactive' | 'deleted';

export interface ModelUser {
  userName: string;
  id: string;
  status: UserStatus;
  /** Group ids the user was added to (a deleted user is in none). */
  groups: Set<string>;
  busy: boolean;
}

export interface OrgHandle {
  id: string;
  baseUrl: string;
  token: string;
  purchased: number;
}

export interface WorkloadShape {
  /** Users created before the faults start, and about as many as exist (not deleted) later. */
  users: number;
  groups: number;
  /** Concurrent IdP requests for the org. */
  lanes: number;
}

export interface LifecycleFigures {
  creates: number;
  groupAdds: number;
  deactivations: number;
  reactivations: number;
  deletions: number;
  /** Requests repeated after a 503, 429, 409 race or no answer. */
  retries: number;
  /** Writes whose first answer left open whether they were stored. */
  ambiguous: number;
  /** Creates answered 409 uniqueness while no user held the userName (a key left by a cut create). */
  orphanKeyConflicts: number;
}

type Operation = 'create' | 'add' | 'deactivate' | 'reactivate' | 'delete';

/** A request retried this long without a definitive answer fails the run. */
const GIVE_UP_AFTER_MS = 180_000;
/** Shorter than the Retry-After the API sends (5 s), to keep the run short. */
const RETRY_PAUSE_MS = 400;

export class OrgWorkload {
  readonly users: ModelUser[] = [];
  readonly groupIds: string[] = [];
  readonly figures: LifecycleFigures = { creates: 0, groupAdds: 0, deactivations: 0, reactivations: 0, deletions: 0, retries: 0, ambiguous: 0, orphanKeyConflicts: 0 };
  /** Answers no correct server gives (kept apart from the recorder's protocol violations). */
  readonly violations: string[] = [];
  private created = 0;

  constructor(
    readonly org: OrgHandle,
    private readonly http: HttpRecorder,
    private readonly shape: WorkloadShape,
    private readonly random: Random,
    private readonly label: string,
  ) {}

  /** Groups and the first users, before any fault. */
  async setup(): Promise<void> {
    for (let g = 0; g < this.shape.groups; g++) {
      const res = await this.retrying('POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: `Team ${g + 1}` }, (a) =>
        a.status === 201 ? 'done' : 'unexpected',
      );
      this.groupIds.push(res!.body.id);
    }
    await this.lanes(() => this.created < this.shape.users, () => this.create());
  }

  /** Mixed lifecycle changes until `stop()` says so; in-flight requests finish first. */
  async run(stop: () => boolean): Promise<void> {
    await this.lanes(() => !stop(), () => this.step());
  }

  private async lanes(more: () => boolean, work: () => Promise<void>): Promise<void> {
    await Promise.all(
      Array.from({ length: this.shape.lanes }, async () => {
        while (more()) {
          await work();
          // Pacing, so the IdP does not take all of the machine's two cores.
          await pause(this.random.int(30, 120));
        }
      }),
    );
  }

  /**
   * One change: mostly group adds, deactivations and reactivations; deletions are replaced by
   * new users, so the org keeps about `shape.users` users and a waiting list.
   */
  private async step(): Promise<void> {
    const alive = this.users.filter((u) => u.status !== 'deleted');
    const idle = alive.filter((u) => !u.busy);
    if (idle.length === 0 || (alive.length < this.shape.users && this.random.next() < 0.5)) {
      await this.create();
      return;
    }
    const user = this.random.pick(idle);
    const missing = this.groupIds.filter((g) => !user.groups.has(g));
    const op: Operation =
      user.status === 'active'
        ? this.random.weighted<Operation>({ add: missing.length > 0 ? 4 : 0, deactivate: 2, delete: 0.5 })
        : this.random.weighted<Operation>({ reactivate: 3, delete: 0.5, add: missing.length > 0 ? 1 : 0 });
    user.busy = true;
    try {
      if (op === 'add') await this.addToGroup(user, this.random.pick(missing));
      else if (op === 'deactivate' || op === 'reactivate') await this.setActive(user, op === 'reactivate');
      else await this.delete(user);
    } finally {
      user.busy = false;
    }
  }

  private async create(): Promise<void> {
    const userName = `${this.label}-user-${this.created++}@example.com`;
    const id = await this.createUser(userName);
    this.users.push({ userName, id, status: 'active', groups: new Set(), busy: false });
    this.figures.creates++;
  }

  /**
   * A create whose first attempt may have been stored: a 409 uniqueness then means "stored"
   * if the user can be found by userName. If it cannot, the attempt died after claiming the
   * userName key and before storing the user; the key is reclaimed once 30 s old
   * (src/directory/key-repository.ts), so the IdP tries again, as Okta does.
   */
  private async createUser(userName: string): Promise<string> {
    const body = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName, active: true, name: { givenName: 'Fault', familyName: userName } };
    const started = Date.now();
    let ambiguousBefore = false;
    for (;;) {
      const res = await this.retrying('POST', '/Users', body, (a, ambiguous) =>
        a.status === 201 || (a.status === 409 && a.body?.scimType === 'uniqueness' && (ambiguous || ambiguousBefore)) ? 'done' : 'unexpected',
      );
      if (res!.status === 201) return res!.body.id;
      ambiguousBefore = true;
      const found = await this.retrying('GET', `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`, undefined, (a) =>
        a.status === 200 && a.body.totalResults <= 1 ? 'done' : 'unexpected',
      );
      if (found!.body.totalResults === 1) return found!.body.Resources[0].id;
      this.figures.orphanKeyConflicts++;
      if (Date.now() - started > GIVE_UP_AFTER_MS) throw new Error(`${this.label}: ${userName} stayed taken by nobody for ${GIVE_UP_AFTER_MS / 1000} s`);
      await pause(1000);
    }
  }

  private async addToGroup(user: ModelUser, groupId: string): Promise<void> {
    await this.retrying(
      'PATCH',
      `/Groups/${groupId}`,
      { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: user.id }] }] },
      (a) => (a.status === 204 || a.status === 200 ? 'done' : 'unexpected'),
    );
    user.groups.add(groupId);
    this.figures.groupAdds++;
  }

  private async setActive(user: ModelUser, active: boolean): Promise<void> {
    await this.retrying(
      'PATCH',
      `/Users/${user.id}`,
      { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active } }] },
      (a) => (a.status === 200 && a.body?.active === active ? 'done' : 'unexpected'),
    );
    user.status = active ? 'active' : 'inactive';
    if (active) this.figures.reactivations++;
    else this.figures.deactivations++;
  }

  private async delete(user: ModelUser): Promise<void> {
    await this.retrying('DELETE', `/Users/${user.id}`, undefined, (a, wasAmbiguous) =>
      a.status === 204 || (a.status === 404 && wasAmbiguous) ? 'done' : 'unexpected',
    );
    user.status = 'deleted';
    user.groups.clear();
    this.figures.deletions++;
  }

  /**
   * Sends until `accept` says done. An unexpected answer is a violation: the model then cannot
   * know what is stored, so the run stops here (the error reaches the test).
   */
  private async retrying(
    method: string,
    path: string,
    body: unknown,
    accept: (answer: Answer, ambiguous: boolean) => 'done' | 'unexpected',
  ): Promise<Answer | null> {
    const write = method !== 'GET';
    const started = Date.now();
    let ambiguous = false;
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) {
        this.figures.retries++;
        if (Date.now() - started > GIVE_UP_AFTER_MS) {
          throw new Error(`${this.label}: ${method} ${path} found no definitive answer in ${GIVE_UP_AFTER_MS / 1000} s`);
        }
        await pause(RETRY_PAUSE_MS);
      }
      const answer = await this.http.send('scim', method, this.org.baseUrl + path, this.org.token, body);
      if (answer === null || answer.status === 503 || (answer.status >= 500 && write)) {
        if (write && !ambiguous) {
          ambiguous = true;
          this.figures.ambiguous++;
        }
        continue;
      }
      if (answer.status === 429) continue;
      // A write that lost every version race (RFC 7644 has no better status): nothing was stored.
      if (answer.status === 409 && answer.body?.scimType !== 'uniqueness') continue;
      if (answer.status >= 500) continue;
      if (accept(answer, ambiguous) === 'done') return answer;
      const detail = `${this.label}: ${method} ${path} answered ${answer.status} ${JSON.stringify(answer.body)?.slice(0, 300)}${ambiguous ? ' (after an ambiguous attempt)' : ''}`;
      this.violations.push(detail);
      throw new Error(detail);
    }
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
