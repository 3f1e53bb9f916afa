import { AppError } from '../errors';
import type { PoolCounts, PoolReader } from '../licenses/pool-reader';
import { newOrgId } from './ids';
import type { OrgDocument, OrgRepository } from './org-repository';
import { withDefaults, type OrgSettings, type OrgSettingsPatch } from './settings';
import type { IssuedToken, TokenService } from './token-service';

export interface OrgView {
  id: string;
  name: string;
  settings: OrgSettings;
  createdAt: string;
  exhausted: boolean;
  exhaustedSince: string | null;
  awaiting: number;
  scim: { baseUrl: string };
}

export interface CreatedOrg extends Omit<OrgView, 'scim'> {
  scim: { baseUrl: string; token: string; tokenId: string };
}

export interface OrgPage {
  items: OrgView[];
  total: number;
  nextCursor: string | null;
}

/** Called after a change that the workers must apply (settings change the license world). */
export type OrgChangeListener = (orgId: string, reason: string) => Promise<void>;

export class OrgService {
  constructor(
    private readonly orgs: OrgRepository,
    private readonly tokens: TokenService,
    private readonly pool: PoolReader,
    private readonly scimBaseUrl: (orgId: string) => string,
    private readonly onChange: OrgChangeListener = async () => undefined,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(input: { name: string; licenses: number; settings?: OrgSettingsPatch }): Promise<CreatedOrg> {
    const settings = withDefaults(input.settings ?? {});
    const now = this.now();
    const org: OrgDocument = {
      _id: newOrgId(),
      name: input.name,
      settings,
      initialLicenses: input.licenses,
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    await this.orgs.insert(org);
    const token: IssuedToken = await this.tokens.issue(org._id);
    const view = await this.view(org);
    return { ...view, scim: { baseUrl: view.scim.baseUrl, token: token.token, tokenId: token.tokenId } };
  }

  async require(orgId: string): Promise<OrgDocument> {
    const org = await this.orgs.findById(orgId);
    if (!org) throw new AppError('NOT_FOUND', `Organisation ${orgId} does not exist.`);
    return org;
  }

  async get(orgId: string): Promise<OrgView> {
    return this.view(await this.require(orgId));
  }

  /**
   * Orgs in creation order. With `exhausted`, only orgs whose pool is empty; those orgs come
   * first in the dashboard, so the filter is applied before paging.
   */
  async list(options: { exhausted?: boolean; cursor?: string; limit: number }): Promise<OrgPage> {
    const all = await this.orgs.listAll();
    const views = await Promise.all(all.map((org) => this.view(org)));
    const matching = options.exhausted === undefined ? views : views.filter((v) => v.exhausted === options.exhausted);
    const start = options.cursor ? matching.findIndex((v) => v.id > options.cursor!) : 0;
    const from = start < 0 ? matching.length : start;
    const items = matching.slice(from, from + options.limit);
    const last = items[items.length - 1];
    const nextCursor = last && from + options.limit < matching.length ? last.id : null;
    return { items, total: matching.length, nextCursor };
  }

  async updateSettings(orgId: string, patch: OrgSettingsPatch): Promise<OrgView> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const current = await this.require(orgId);
      const settings = withDefaults(patch, current.settings);
      const next: OrgDocument = { ...current, settings, updatedAt: this.now(), version: current.version + 1 };
      if (await this.orgs.replaceVersioned(next)) {
        await this.onChange(orgId, 'settings changed');
        return this.view(next);
      }
    }
    throw new AppError('CONFLICT', 'The organisation is being changed by another request; try again.');
  }

  async poolCounts(org: OrgDocument): Promise<PoolCounts> {
    return this.pool.counts(org._id, org.initialLicenses);
  }

  private async view(org: OrgDocument): Promise<OrgView> {
    const counts = await this.poolCounts(org);
    return {
      id: org._id,
      name: org.name,
      settings: org.settings,
      createdAt: org.createdAt.toISOString(),
      exhausted: counts.exhausted,
      exhaustedSince: counts.exhaustedSince ? counts.exhaustedSince.toISOString() : null,
      awaiting: counts.awaiting,
      scim: { baseUrl: this.scimBaseUrl(org._id) },
    };
  }
}
