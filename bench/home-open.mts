/**
 * The receiver's side of a Home tab open, in a process of its own so its CPU time is the opens'
 * alone. Run by bench/home.ts against a database holding a large invoice: opens the tab as finance
 * users (each one `app_home_opened`: the reads, the view, views.publish to the Slack stand-in), then
 * the baseline, what every open read before the stored summary (the period's invoice report, every
 * line), then one open of an invoice stored before summaries were kept (counted once). Prints one
 * JSON line.
 */
import { connectDatabase, disconnectDatabase } from '../src/db.js';
import { createRedis } from '../src/redis.js';
import { DoClient } from '../src/digitalocean/client.js';
import { AccessPolicy } from '../src/slack/access.js';
import { HomePublisher } from '../src/slack/home/home-publisher.js';
import { slackWebClient } from '../src/slack/web-client.js';
import { invoiceReport } from '../src/invoice/index.js';
import { createLogger } from '../src/logger.js';
import { Invoice } from '../models/invoice.js';

const opens = Number(process.env.BENCH_HOME_OPENS ?? 20);
const concurrent = Number(process.env.BENCH_HOME_CONCURRENT ?? 5);
const prefix = process.env.BENCH_HOME_PREFIX!;
const users = Array.from({ length: opens + concurrent + 2 }, (_, i) => `UFIN${i}`);
await connectDatabase(process.env.MONGODB_URI!);
const redis = createRedis(process.env.REDIS_URL!);
const home = new HomePublisher({
  client: slackWebClient({ SLACK_BOT_TOKEN: process.env.SLACK_BOT_TOKEN, SLACK_API_URL: process.env.SLACK_API_URL }),
  doClient: new DoClient({ token: process.env.BENCH_DO_TOKEN!, baseUrl: process.env.BENCH_DO_URL!, maxRetries: 0 }),
  access: new AccessPolicy({
    ARCADIA_ADMIN_USERS: [],
    ARCADIA_FINANCE_USERS: users,
    ARCADIA_ALLOWED_CHANNELS: [],
    ARCADIA_FINANCE_CHANNEL: undefined,
  }),
  redis,
  prefix,
  log: createLogger('warn'),
});
let next = 0;
const open = () => home.opened(users[next++]!);

/** CPU (user + system, this process) and wall time of `fn`, in ms. */
async function measured(fn: () => Promise<unknown>): Promise<{ cpuMs: number; ms: number }> {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const used = process.cpuUsage(cpu);
  return { cpuMs: (used.user + used.system) / 1000, ms: performance.now() - t0 };
}

await open(); // connections and JIT warm, not counted
const sequential = await measured(async () => {
  for (let i = 0; i < opens; i++) await open();
});
const together = await measured(() => Promise.all(Array.from({ length: concurrent }, open)));
const latest = (await Invoice.findOne({}, { period: 1 }).sort({ period: -1 }).lean())!;
let lines = 0;
const baseline = await measured(async () => {
  lines = (await invoiceReport(latest.period))!.lines;
});
await Invoice.updateMany({}, { $unset: { matchedLines: 1 } });
const firstOfOlder = await measured(open);
const stored = await Invoice.findOne({ period: latest.period }, { matchedLines: 1 }).lean();
await redis.quit();
await disconnectDatabase();
console.log(
  JSON.stringify({
    lines,
    opens,
    cpuMsPerOpen: sequential.cpuMs / opens,
    msPerOpen: sequential.ms / opens,
    concurrent,
    concurrentMs: together.ms,
    baselineCpuMs: baseline.cpuMs,
    baselineMs: baseline.ms,
    olderCpuMs: firstOfOlder.cpuMs,
    olderMs: firstOfOlder.ms,
    olderStored: typeof stored?.matchedLines === 'number',
  }),
);
process.exit(0);
