import { Invoice } from '../models/invoice.js';
import { bucketOf, InvoiceLine, LINES_PER_BUCKET } from '../models/invoice-line.js';
import { Resource, RESOURCE_IDENTITY_INDEX } from '../models/resource.js';
import { SyncRun } from '../models/sync-run.js';
import { Migration } from '../models/migration.js';
import { DEFAULT_ACCOUNT } from './digitalocean/accounts.js';
import { isDuplicateKey } from './duplicate-key.js';

/**
 * Brings a database written by an older Arcadia up to date, once: each step is recorded in the
 * `migrations` collection when done, so a start-up afterwards costs one read by primary key.
 * Steps are idempotent, so two processes starting at once (or a crash half-way) do no harm.
 */
const STEPS: { id: string; run(): Promise<void> }[] = [
  {
    // Before several DO teams, everything was the one team's: it is the default account's. Its ids
    // do not change (the default account keeps the single-team keys), but the identity index now
    // includes the account, and the old one would refuse a second team's droplet of the same id.
    id: '2026-11-accounts',
    async run() {
      for (const model of [Resource, SyncRun, Invoice] as const) {
        await (model as typeof Resource).updateMany(
          { account: { $exists: false } },
          { $set: { account: DEFAULT_ACCOUNT } },
        );
      }
      const indexes = await Resource.collection.indexes();
      for (const index of indexes) {
        const fields = Object.keys(index.key);
        if (
          index.unique &&
          index.name !== RESOURCE_IDENTITY_INDEX &&
          !fields.includes('account') &&
          fields.includes('providerId')
        ) {
          // Another process starting at the same time may have dropped it first.
          await Resource.collection.dropIndex(index.name!).catch((err: { code?: unknown }) => {
            if (err.code !== INDEX_NOT_FOUND) throw err;
          });
        }
      }
    },
  },
  {
    // Invoice lines are deleted a bucket at a time (src/invoice/invoice-store.ts: FerretDB refuses
    // one delete of more than 65,535 documents); lines stored before get their bucket from their
    // `seq`. One command per bucket, each a pass over the lines (a range is filtered, not indexed),
    // last bucket first so that the largest `seq` left without one is the next run's bound.
    id: '2026-12-invoice-line-buckets',
    async run() {
      const last = await InvoiceLine.findOne({ bucket: { $exists: false } }, { seq: 1 })
        .sort({ seq: -1 })
        .lean();
      if (!last) return;
      for (let bucket = bucketOf(last.seq); bucket >= 0; bucket--) {
        const from = bucket * LINES_PER_BUCKET;
        await InvoiceLine.updateMany(
          { bucket: { $exists: false }, seq: { $gte: from, $lt: from + LINES_PER_BUCKET } },
          { $set: { bucket } },
        );
      }
    },
  },
];

/** Runs the steps not yet recorded as done. Called after every connect (src/db.ts). */
export async function migrate(): Promise<string[]> {
  const done = new Set((await Migration.find({}, { _id: 1 }).lean()).map((m) => m._id));
  const ran: string[] = [];
  for (const step of STEPS) {
    if (done.has(step.id)) continue;
    await step.run();
    await recordDone(step.id);
    ran.push(step.id);
  }
  return ran;
}

/** The steps not yet recorded as done: what /readyz waits for (a process serves only a migrated database). */
export async function pendingMigrations(): Promise<string[]> {
  const done = new Set((await Migration.find({}, { _id: 1 }).lean()).map((m) => m._id));
  return STEPS.filter((step) => !done.has(step.id)).map((step) => step.id);
}

/** MongoDB's error code for dropping an index that is not there. */
const INDEX_NOT_FOUND = 27;

/**
 * Records a step as done. Processes starting together may each run it (steps are idempotent) and
 * record it at once: MongoDB retries such a racing upsert on `_id` itself, FerretDB reports the
 * duplicate key instead; either way the step is recorded, which is all that matters here.
 */
async function recordDone(id: string): Promise<void> {
  try {
    await Migration.updateOne({ _id: id }, { $set: { doneAt: new Date() } }, { upsert: true });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
}
