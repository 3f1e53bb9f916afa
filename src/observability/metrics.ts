import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ScrapeCollector, type Collected } from './scrape-collector';
import type { ScrapeSources } from './scrape-sources';

/**
 * Prometheus metrics of one process. The registry is created here, per process, by the
 * composition root (deps.ts): no module-global registry, so tests and several runtimes in one
 * process never share or double-register series.
 *
 * Series:
 *  - seatsync_scim_requests_total / seatsync_scim_request_duration_seconds
 *      {resource: Users|Groups|discovery|other, method, status}
 *  - seatsync_admin_requests_total / seatsync_admin_request_duration_seconds
 *      {resource: orgs|tokens|licenses|members|sync-log|sync-status|reconcile|other, method, status}
 *  - seatsync_jobs_total / seatsync_job_duration_seconds {name, outcome: completed|failed}
 *  - read on scrape, each behind a timeout (scrape-collector.ts):
 *    seatsync_queue_jobs {queue, state}; seatsync_unapplied_changes and
 *    seatsync_unapplied_changes_oldest_age_seconds (change records not yet applied by a
 *    reconcile pass, across orgs); seatsync_orgs; seatsync_org_licenses_{held,purchased,awaiting}
 *    {org} for at most `maxOrgs` orgs (the first in id order: one series per org per gauge
 *    would otherwise grow without bound); seatsync_scrape_collector_up and
 *    seatsync_scrape_collector_duration_seconds {collector} say whether each read succeeded.
 *  - Node's default process metrics (process_*, nodejs_*).
 */

/** Request latency: 1 ms to 10 s. */
export const REQUEST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Jobs: an org pass over thousands of members can take minutes. */
export const JOB_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

export interface RequestLabels {
  resource: string;
  method: string;
  status: string;
}

export type JobOutcome = 'completed' | 'failed';

export interface MetricsOptions {
  /** Longest a scrape waits for one scrape-time read (queues, changes, licenses). */
  collectTimeoutMs?: number;
  /** Scrape-time reads younger than this are reused. */
  cacheMs?: number;
  /** License gauges are exported for at most this many orgs. */
  maxOrgs?: number;
  /** Node's default process metrics; off only where several runtimes share one process. */
  defaultMetrics?: boolean;
}

export const DEFAULT_MAX_ORGS = 500;

export interface Metrics {
  readonly registry: Registry;
  readonly contentType: string;
  observeScimRequest(labels: RequestLabels, seconds: number): void;
  observeAdminRequest(labels: RequestLabels, seconds: number): void;
  observeJob(name: string, outcome: JobOutcome, seconds: number): void;
  /** The text exposition format of every series. */
  render(): Promise<string>;
}

export function createMetrics(sources: ScrapeSources, options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  const timeoutMs = options.collectTimeoutMs ?? 2000;
  const cacheMs = options.cacheMs ?? 1000;
  const maxOrgs = options.maxOrgs ?? DEFAULT_MAX_ORGS;
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });

  const requestLabels = ['resource', 'method', 'status'] as const;
  const scimRequests = new Counter({ name: 'seatsync_scim_requests_total', help: 'SCIM requests answered, by resource, method and status.', labelNames: requestLabels, registers: [registry] });
  const scimDuration = new Histogram({ name: 'seatsync_scim_request_duration_seconds', help: 'SCIM request latency, by resource, method and status.', labelNames: requestLabels, buckets: REQUEST_BUCKETS, registers: [registry] });
  const adminRequests = new Counter({ name: 'seatsync_admin_requests_total', help: 'Admin API requests answered, by resource, method and status.', labelNames: requestLabels, registers: [registry] });
  const adminDuration = new Histogram({ name: 'seatsync_admin_request_duration_seconds', help: 'Admin API request latency, by resource, method and status.', labelNames: requestLabels, buckets: REQUEST_BUCKETS, registers: [registry] });
  const jobs = new Counter({ name: 'seatsync_jobs_total', help: 'Job attempts finished by this process, by job name and outcome.', labelNames: ['name', 'outcome'], registers: [registry] });
  const jobDuration = new Histogram({ name: 'seatsync_job_duration_seconds', help: 'Job attempt duration, by job name and outcome.', labelNames: ['name', 'outcome'], buckets: JOB_BUCKETS, registers: [registry] });

  const queues = new ScrapeCollector('queues', () => sources.queueDepths(), timeoutMs, cacheMs);
  const changes = new ScrapeCollector('changes', () => sources.unappliedChanges(), timeoutMs, cacheMs);
  const licenses = new ScrapeCollector('licenses', () => sources.orgLicenses(maxOrgs), timeoutMs, cacheMs);

  /** A gauge set from a collector on every scrape; no samples at all when the read failed. */
  const scrapeGauge = <T>(
    name: string,
    help: string,
    labelNames: string[],
    collector: ScrapeCollector<T>,
    fill: (gauge: Gauge<string>, value: T) => void,
  ): void => {
    const gauge: Gauge<string> = new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        const result = await collector.get();
        gauge.reset();
        if (result.ok) fill(gauge, result.value);
      },
    });
  };

  scrapeGauge('seatsync_queue_jobs', 'Jobs per BullMQ queue and state, read at scrape time.', ['queue', 'state'], queues, (gauge, depths) => {
    for (const d of depths) gauge.set({ queue: d.queue, state: d.state }, d.count);
  });
  scrapeGauge('seatsync_unapplied_changes', 'Change records not yet applied by the workers, across orgs.', [], changes, (gauge, c) => {
    gauge.set(c.count);
  });
  scrapeGauge('seatsync_unapplied_changes_oldest_age_seconds', 'Age of the oldest unapplied change record (0 when there is none).', [], changes, (gauge, c) => {
    gauge.set(c.oldestAt ? Math.max(0, (Date.now() - c.oldestAt.getTime()) / 1000) : 0);
  });
  scrapeGauge('seatsync_orgs', 'Organisations in all (license gauges cover at most the first ones, in id order).', [], licenses, (gauge, l) => {
    gauge.set(l.orgs);
  });
  scrapeGauge('seatsync_org_licenses_held', `Licenses held per org (pending, active, unassigned, suspended within hold); at most ${maxOrgs} orgs.`, ['org'], licenses, (gauge, l) => {
    for (const o of l.items) gauge.set({ org: o.orgId }, o.held);
  });
  scrapeGauge('seatsync_org_licenses_purchased', `Licenses purchased per org; at most ${maxOrgs} orgs.`, ['org'], licenses, (gauge, l) => {
    for (const o of l.items) gauge.set({ org: o.orgId }, o.purchased);
  });
  scrapeGauge('seatsync_org_licenses_awaiting', `Members waiting for a license per org; at most ${maxOrgs} orgs.`, ['org'], licenses, (gauge, l) => {
    for (const o of l.items) gauge.set({ org: o.orgId }, o.awaiting);
  });

  const collectors: ScrapeCollector<unknown>[] = [queues, changes, licenses];
  const collectorDuration = new Gauge({
    name: 'seatsync_scrape_collector_duration_seconds',
    help: 'How long the last scrape-time read took (up to the timeout).',
    labelNames: ['collector'],
    registers: [registry],
  });
  const collectorUp: Gauge<string> = new Gauge({
    name: 'seatsync_scrape_collector_up',
    help: 'Whether the scrape-time read succeeded within its timeout (1) or not (0).',
    labelNames: ['collector'],
    registers: [registry],
    async collect() {
      const results: Array<[string, Collected<unknown>]> = await Promise.all(collectors.map(async (c) => [c.name, await c.get()] as [string, Collected<unknown>]));
      for (const [name, result] of results) {
        collectorUp.set({ collector: name }, result.ok ? 1 : 0);
        collectorDuration.set({ collector: name }, result.seconds);
      }
    },
  });

  return {
    registry,
    contentType: registry.contentType,
    observeScimRequest(labels, seconds) {
      scimRequests.inc(labels);
      scimDuration.observe(labels, seconds);
    },
    observeAdminRequest(labels, seconds) {
      adminRequests.inc(labels);
      adminDuration.observe(labels, seconds);
    },
    observeJob(name, outcome, seconds) {
      jobs.inc({ name, outcome });
      jobDuration.observe({ name, outcome }, seconds);
    },
    render: () => registry.metrics(),
  };
}
