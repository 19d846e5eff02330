import type { App } from '@slack/bolt';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { errorMessage, explainError, sentenceOf } from '../errors.js';
import { accountNamedIn, doAccounts, invoiceAccount } from '../digitalocean/accounts.js';
import { enqueueInvoiceIngest } from '../../jobs/enqueue-invoice-ingest.js';
import type { JobPayloads } from '../../jobs/queues.js';
import type { AccessPolicy } from './access.js';
import { uploadReceivedMessage, uploadRefusedMessage } from './blocks/index.js';
import { claimOnce } from '../claim-once.js';
import { checkFileUrl, downloadSlackFile } from './download-file.js';
import { FileRefusedError } from './errors.js';
import type { SlackOutbox } from '../outbox/producer.js';
import { slackFileOrigins } from './web-client.js';
import { requestIdOf } from './request-context.js';

export interface FinanceUploadDeps {
  config: Config;
  access: AccessPolicy;
  outbox: SlackOutbox;
  invoiceQueue: Queue<JobPayloads['invoiceIngest']>;
  redis: Redis;
  prefix: string;
  log: Logger;
}

/** The file fields Arcadia reads from a `file_share` message (or `files.info`). */
export interface SharedFile {
  id: string;
  name?: string;
  filetype?: string;
  mimetype?: string;
  size?: number;
  mode?: string;
  is_external?: boolean;
  url_private_download?: string;
}

interface Upload {
  file: SharedFile;
  user: string;
  channel: string;
  /** The thread to answer in: the upload message itself, or the thread it was posted in. */
  threadTs: string;
  /** The message's text: with several DO teams, it names the one the invoice bills. */
  text?: string;
  /** The Slack request (event) the file came with, named by the ingest job's log lines too. */
  requestId?: string;
}

/** How long a shared file is claimed while it is downloaded and queued: a download takes seconds; a crash frees the file by then. */
const UNQUEUED_CLAIM_SECONDS = 5 * 60;
/** How long a queued file is claimed: its job, and the job id that dedupes it, are kept this long. */
const QUEUED_CLAIM_SECONDS = 7 * 86_400;

/** Files Slack itself stores and serves from its file host: uploads, and snippets (text pasted as a file). */
const SLACK_HOSTED_MODES = new Set(['hosted', 'snippet']);

function looksLikeCsv(file: SharedFile): boolean {
  return file.filetype === 'csv' || /\.csv$/i.test(file.name ?? '') || file.mimetype === 'text/csv';
}

/** Why a file from an allowed uploader cannot be taken, from its metadata alone (nothing downloaded yet). */
function refusal(file: SharedFile, maxBytes: number, allowedOrigins: readonly string[]): string | null {
  if (!looksLikeCsv(file))
    return `only CSV invoices are taken, and this is ${file.filetype ? `a ${file.filetype} file` : 'not a CSV file'}`;
  if ((file.size ?? 0) > maxBytes)
    return `the file is ${file.size} bytes; the limit is ${maxBytes} (ARCADIA_MAX_UPLOAD_BYTES)`;
  if (!SLACK_HOSTED_MODES.has(file.mode ?? '') || file.is_external)
    return 'the file is not hosted by Slack (external files are never fetched)';
  try {
    checkFileUrl(file.id, file.url_private_download, allowedOrigins);
  } catch (err) {
    return err instanceof FileRefusedError ? err.reason : 'its download URL is unusable';
  }
  return null;
}

/**
 * Finance invoice intake from `message`/`file_share` events (one trigger, so a file is not seen
 * twice through `file_shared`). Every check happens before the download, so a refused file never
 * receives the bot token. Accepted files are downloaded and queued on `invoice_ingest`, whose
 * worker posts the summary (or the error) in the upload's thread.
 */
export function registerFinanceUploads(app: App, deps: FinanceUploadDeps): void {
  const allowedOrigins = slackFileOrigins(deps.config);
  const maxBytes = deps.config.ARCADIA_MAX_UPLOAD_BYTES;
  const accounts = doAccounts(deps.config).map((a) => a.name);

  const reply = (upload: Upload, message: ReturnType<typeof uploadRefusedMessage>, label: string) =>
    // One answer per file and thread: a file shared again after a failed download is answered again.
    deps.outbox.send(
      { ...message, target: { to: 'channel', channel: upload.channel, threadTs: upload.threadTs }, label },
      { id: `${label}-${upload.file.id}-${upload.threadTs}` },
    );

  async function take(upload: Upload): Promise<void> {
    const { file } = upload;
    const name = file.name ?? file.id;
    const notAllowed = deps.access.mayUpload(upload.user, upload.channel);
    if (notAllowed) {
      // Outside the finance channel only CSVs get an answer (a private one): people share other files all day.
      if (upload.channel !== deps.config.ARCADIA_FINANCE_CHANNEL) {
        if (looksLikeCsv(file))
          await deps.outbox.send({
            ...uploadRefusedMessage(name, notAllowed),
            target: { to: 'ephemeral', channel: upload.channel, user: upload.user },
            label: 'upload-refused',
          });
        return;
      }
      return reply(upload, uploadRefusedMessage(name, notAllowed), 'upload-refused');
    }
    const problem = refusal(file, maxBytes, allowedOrigins);
    if (problem) return reply(upload, uploadRefusedMessage(name, problem), 'upload-refused');
    // A DO invoice does not say which team it bills: with several, the message must.
    let account: string;
    try {
      account = invoiceAccount(
        accounts,
        accountNamedIn(upload.text, accounts),
        'name the team this invoice bills in the message you upload it with, then upload it again',
      );
    } catch (err) {
      return reply(upload, uploadRefusedMessage(name, sentenceOf(err) ?? errorMessage(err)), 'upload-refused');
    }
    // The same file can arrive again (a share to another thread, a redelivery): one invoice, one answer.
    // Claimed briefly until its job is queued, so a failed download or a crash before then does not
    // keep the file out: the claim is given back, or lapses, and sharing it again is taken.
    const claim = `${deps.prefix}:slack:file:${file.id}`;
    if (!(await claimOnce(deps.redis, claim, UNQUEUED_CLAIM_SECONDS))) return;
    let queued = false;
    try {
      await reply(upload, uploadReceivedMessage(name), 'upload-received');
      let bytes: Buffer;
      try {
        bytes = await downloadSlackFile(file.id, file.url_private_download, deps.config.SLACK_BOT_TOKEN ?? '', {
          allowedOrigins,
          maxBytes,
        });
      } catch (err) {
        const { sentence } = explainError(err, deps.log, 'the download failed', { fileId: file.id });
        return await reply(
          upload,
          uploadRefusedMessage(name, `${sentence} Share the file again to retry.`),
          'upload-failed',
        );
      }
      await enqueueInvoiceIngest(
        deps.invoiceQueue,
        'upload',
        {
          mode: 'file',
          filename: name,
          bytesBase64: bytes.toString('base64'),
          source: 'upload',
          account,
          replyTo: {
            channel: upload.channel,
            threadTs: upload.threadTs,
            userId: upload.user,
            requestId: upload.requestId,
          },
        },
        `slack-upload-${file.id}`,
      );
      queued = true;
      await deps.redis.expire(claim, QUEUED_CLAIM_SECONDS);
      deps.log.info(
        { fileId: file.id, account, user: upload.user, bytes: bytes.length, requestId: upload.requestId },
        'invoice upload queued',
      );
    } finally {
      if (!queued)
        await deps.redis
          .del(claim)
          .catch((err: unknown) =>
            deps.log.warn(
              { fileId: file.id, err: errorMessage(err) },
              'could not give back an upload claim; it lapses by itself',
            ),
          );
    }
  }

  /**
   * Slack Connect delivers stubs (`mode: "file_access"`) without URLs; the real object comes from
   * files.info. When Slack will not describe it, the uploader is told in the thread, and the
   * message's other files are still handled.
   */
  async function resolveStub(
    shared: SharedFile,
    upload: Omit<Upload, 'file'>,
    client: App['client'],
  ): Promise<SharedFile | null> {
    if (shared.url_private_download || shared.mode !== 'file_access') return shared;
    try {
      const info = await client.files.info({ file: shared.id });
      return (info.file as SharedFile | undefined) ?? shared;
    } catch (err) {
      const code = (err as { data?: { error?: string } }).data?.error ?? errorMessage(err);
      deps.log.warn({ fileId: shared.id, err: code }, 'files.info failed for a shared file');
      if (deps.access.mayUpload(upload.user, upload.channel)) return null;
      await reply(
        { ...upload, file: shared },
        uploadRefusedMessage(
          shared.name ?? shared.id,
          `Slack would not describe the file (files.info: ${code}); if it was shared from another workspace, download it and upload it here`,
        ),
        'upload-refused',
      );
      return null;
    }
  }

  app.event('message', async ({ event, client, context }) => {
    if (event.subtype !== 'file_share' || 'bot_id' in event) return;
    const where = {
      user: event.user,
      channel: event.channel,
      threadTs: event.thread_ts ?? event.ts,
      text: event.text,
      requestId: requestIdOf(context),
    };
    for (const shared of event.files ?? []) {
      try {
        const file = await resolveStub(shared as SharedFile, where, client);
        if (file) await take({ file, ...where });
      } catch (err) {
        deps.log.error({ fileId: shared.id, err: errorMessage(err) }, 'could not handle a shared file');
      }
    }
  });
}
