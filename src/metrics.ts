import type { Job, Worker } from 'bullmq';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Every metric Arcadia exports, in one registry, defined here and recorded where each outcome is
 * known (the sync engine, the saga engine, the ingest, the outbox worker, the DO client, the ack
 * gate). Labels hold only low-cardinality words Arcadia chose (a queue, a kind, an outcome, a status
 * code, an endpoint class): never a token, a Slack user or channel id, or a resource's name.
 * Metrics are per process: Prometheus scrapes every process (see README "Operating").
 */
export const registry = new Registry();

let defaultsCollected = false;

/** Adds Node's own process metrics (memory, CPU, event-loop lag) once, when a process starts serving them. */
export function collectProcessMetrics(): void {
  if (defaultsCollected) return;
  defaultsCollected = true;
  collectDefaultMetrics({ register: registry, prefix: 'arcadia_' });
}

/** The job states counted per queue at each scrape. */
export const QUEUE_STATES = ['waiting', 'active', 'failed', 'delayed'] as const;
export type QueueState = (typeof QUEUE_STATES)[number];

export const queueJobs = new Gauge({
  name: 'arcadia_queue_jobs',
  help: 'Jobs in each BullMQ queue by state, read from Redis at scrape',
  labelNames: ['queue', 'state'] as const,
  registers: [registry],
  // Every process reads the same Redis: one process's count, not their sum, when scrapes are merged.
  aggregator: 'max',
});

export const outboxBacklog = new Gauge({
  name: 'arcadia_outbox_backlog',
  help: 'Slack messages waiting, delayed or being delivered in the outbox, read from Redis at scrape',
  registers: [registry],
  aggregator: 'max',
});

export const jobDuration = new Histogram({
  name: 'arcadia_job_duration_seconds',
  help: 'Time a worker spent on a job attempt, by queue and outcome (completed, failed)',
  labelNames: ['queue', 'outcome'] as const,
  buckets: [0.05, 0.25, 1, 5, 15, 60, 300, 900, 3600],
  registers: [registry],
});

/** Records each job attempt a worker ends in `arcadia_job_duration_seconds`, from BullMQ's own timestamps. */
export function timeJobs(worker: Worker): void {
  const observe = (job: Job | undefined, outcome: 'completed' | 'failed') => {
    if (!job?.processedOn) return;
    jobDuration.observe({ queue: worker.name, outcome }, ((job.finishedOn ?? Date.now()) - job.processedOn) / 1000);
  };
  worker.on('completed', (job) => observe(job, 'completed'));
  worker.on('failed', (job) => observe(job, 'failed'));
}

export const doRequests = new Counter({
  name: 'arcadia_do_requests_total',
  help: 'DigitalOcean API requests (retries included) by endpoint class, method and status (0: no answer)',
  labelNames: ['endpoint', 'method', 'status'] as const,
  registers: [registry],
});

export const doRateRemaining = new Gauge({
  name: 'arcadia_do_rate_limit_remaining',
  help: "Requests left in DigitalOcean's hourly window, as its last answer said, by DO team",
  labelNames: ['account'] as const,
  registers: [registry],
  aggregator: 'min',
});

export const slackDeliveries = new Counter({
  name: 'arcadia_slack_deliveries_total',
  help: 'Outbox delivery attempts by Slack method and outcome (delivered, rate_limited, retried, failed)',
  labelNames: ['method', 'outcome'] as const,
  registers: [registry],
});

export const syncRuns = new Counter({
  name: 'arcadia_sync_runs_total',
  help: 'Finished sync runs by kind and status (succeeded, skipped, suspicious, failed)',
  labelNames: ['kind', 'status'] as const,
  registers: [registry],
});

export const syncResources = new Counter({
  name: 'arcadia_sync_resources_total',
  help: 'Resources counted by finished sync runs, by kind and what happened to them (listed, created, stale)',
  labelNames: ['kind', 'change'] as const,
  registers: [registry],
});

export const sagaOutcomes = new Counter({
  name: 'arcadia_saga_outcomes_total',
  help: 'Sagas that reached an end state, by outcome (succeeded, compensated, failed, deprovisioned)',
  labelNames: ['outcome'] as const,
  registers: [registry],
});

export const invoiceIngests = new Counter({
  name: 'arcadia_invoice_ingests_total',
  help: 'Invoice ingests by outcome (stored, replaced, unchanged, refused, failed)',
  labelNames: ['outcome'] as const,
  registers: [registry],
});

export const invoiceLines = new Counter({
  name: 'arcadia_invoice_lines_total',
  help: 'Lines of stored invoices by whether they matched a resource (matched, unmatched)',
  labelNames: ['match'] as const,
  registers: [registry],
});

export const invoiceMatchRatio = new Gauge({
  name: 'arcadia_invoice_match_ratio',
  help: 'Share of the last stored invoice’s lines matched to a resource (0 to 1)',
  registers: [registry],
});

export const ackLatency = new Histogram({
  name: 'arcadia_slack_ack_seconds',
  help: 'Time from taking a Slack HTTP request to finishing its answer (Slack allows 3 s)',
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5],
  registers: [registry],
});

/**
 * A DO path's class for a label: its first two segments (`/v2/droplets`), which name a collection
 * in DO's API. Deeper segments are ids, names and sub-resources (`/v2/droplets/123/actions`,
 * `/v2/tags/web/resources`), which would make a label per resource.
 */
export function endpointClass(path: string): string {
  const segments = path.split(/[?#]/, 1)[0]!.split('/').filter(Boolean).slice(0, 2);
  return segments.every((s) => /^[a-z0-9_]+$/i.test(s)) && segments.length > 0
    ? `/${segments.join('/').toLowerCase()}`
    : 'other';
}
