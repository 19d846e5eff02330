import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { JobPayloads, ProvisionJob } from '../../jobs/queues.js';
import type { AccessPolicy } from './access.js';
import type { AccountClients } from '../digitalocean/account-clients.js';
import type { InvoicePort } from './invoice-port.js';
import type { SlackOutbox } from '../outbox/producer.js';
import type { CommandRateLimit } from './command-rate-limit.js';
import type { InventoryQueries } from './queries.js';
import type { SyncReplies } from './sync-replies.js';

/**
 * The Slack adapter's contract: what the /cloud subcommands (commands/) and the button handlers
 * need, built once by src/slack/app.ts and handed to `register`.
 */
export interface CommandDeps {
  config: Config;
  access: AccessPolicy;
  queries: InventoryQueries;
  invoices: InvoicePort;
  syncQueue: Queue<JobPayloads['sync']>;
  syncReplies: SyncReplies;
  outbox: SlackOutbox;
  /** How often one person may run the expensive subcommands (ARCADIA_COMMAND_RATE_LIMIT). */
  rateLimit: CommandRateLimit;
  /** Provisioning sagas: the DO team's client quotes and plans (none without a DO token), the queue runs them. */
  provision: { accounts: AccountClients | undefined; queue: Queue<ProvisionJob> };
  log: Logger;
  now(): Date;
}
