import type { App } from '@slack/bolt';
import type { Logger } from 'pino';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { AccessPolicy } from '../../src/slack/access.js';
import type { InvoicePort } from '../../src/slack/invoice-port.js';
import type { InventoryQueries } from '../../src/slack/queries.js';
import type { CommandDeps, Invocation } from '../../commands/subcommand.js';

type Handler = (args: { command: SlashCommandFields; ack: (response?: unknown) => Promise<void> }) => Promise<void>;

export interface SlashCommandFields {
  command: string;
  text: string;
  user_id: string;
  channel_id: string;
  response_url: string;
}

/** Reads that answer with fixed data: the `InventoryQueries` and `InvoicePort` interfaces exist for this. */
export const emptyQueries: InventoryQueries = {
  inventory: async () => [],
  find: async () => [],
  stale: async () => ({ items: [], total: 0 }),
};

export const noInvoices: InvoicePort = {
  report: async () => null,
  fetchFromDo: async () => {
    throw new Error('no DigitalOcean in unit tests');
  },
  monthToDate: async () => {
    throw new Error('no DigitalOcean in unit tests');
  },
};

/** A log that keeps what it is given, to assert that details went to the log and not to people. */
export function keptLog(): { log: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { log, lines };
}

/**
 * What `/cloud` subcommands need, with fakes only where the interfaces invite them (reads, invoices)
 * and the real access policy from environment-style settings. The queue and outbox are left out:
 * handlers that need them are tested against real Redis in the integration project.
 */
export function commandDeps(env: Record<string, string> = {}, overrides: Partial<CommandDeps> = {}): CommandDeps {
  const config = loadConfig(env);
  return {
    config,
    access: new AccessPolicy(config),
    queries: emptyQueries,
    invoices: noInvoices,
    log: createLogger('silent'),
    now: () => new Date('2025-07-05T12:00:00Z'),
    ...overrides,
  } as CommandDeps;
}

export function invocation<A>(args: A, extra: Partial<Invocation<A>> = {}): Invocation<A> {
  return { args, userId: 'U0PERSON', channelId: 'C0GENERAL', responseUrl: 'http://127.0.0.1:9/unused', ...extra };
}

/**
 * A stand-in for Bolt's App that keeps the listeners `register` adds, and runs a slash command the
 * way Bolt would: with the command's fields and an `ack` that records what was acknowledged.
 */
export function fakeApp(): { app: App; run(fields: Partial<SlashCommandFields>): Promise<{ acks: unknown[] }> } {
  const handlers = new Map<string, Handler>();
  const app = { command: (name: string, handler: Handler) => void handlers.set(name, handler) } as unknown as App;
  return {
    app,
    async run(fields) {
      const command: SlashCommandFields = { command: '/cloud', text: '', user_id: 'U0PERSON', channel_id: 'C0GENERAL', response_url: 'http://127.0.0.1:9/unused', ...fields };
      const handler = handlers.get(command.command);
      if (!handler) throw new Error(`no listener for ${command.command}`);
      const acks: unknown[] = [];
      await handler({ command, ack: async (response?: unknown) => void acks.push(response) });
      return { acks };
    },
  };
}
