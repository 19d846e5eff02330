import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureText } from '../../testkit/digitalocean/account.js';
import type { TranscriptEntry } from '../../testkit/slack/transcript.js';
import { isolation } from '../helpers/context.js';
import { textOf } from '../helpers/slack-requests.js';
import { useSlackHarness } from '../helpers/slack-harness.js';

const FINANCE = { user: 'UFINANCE', channel: 'CFINANCE' };
const { slack } = useSlackHarness(isolation(), {
  env: { ARCADIA_FINANCE_USERS: FINANCE.user, ARCADIA_FINANCE_CHANNEL: FINANCE.channel },
});

describe('the Slack stand-in, as a person trying Arcadia sees it', () => {
  it('hosts a file uploaded through POST /share-file, sends Arcadia the signed file_share event, and transcribes the answer', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'arcadia-transcript-')), 'slack.log');
    slack.recordTo(file);

    const res = await fetch(`${slack.url}/share-file?name=june.csv`, {
      method: 'POST',
      body: fixtureText('invoice.csv'),
    });
    const shared = (await res.json()) as { ok: boolean; ts: string; file: { id: string }; arcadia_status: number };
    expect(shared).toMatchObject({ ok: true, arcadia_status: 200 });

    // Arcadia took the event (its signature checked), downloaded the hosted file with the bot token, and answered in the thread.
    const summary = await slack.waitFor(
      'chat.postMessage',
      (c) => c.params.thread_ts === shared.ts && textOf(c.params).includes('Invoice 2025-06'),
    );
    expect(textOf(summary.params)).toMatch(/lines of 24 matched/);
    const download = slack.callsTo('file.download').find((c) => c.params.fileId === shared.file.id);
    expect(download?.token).toBe(slack.token);

    const transcript = (await (await fetch(`${slack.url}/transcript`)).json()) as TranscriptEntry[];
    expect(transcript[0]).toMatchObject({
      method: 'file_share',
      channel: '#CFINANCE',
      from: 'UFINANCE',
      ts: shared.ts,
      text: '[shared: june.csv]',
    });
    const answer = transcript.find((e) => e.thread_ts === shared.ts && e.text.includes('Invoice 2025-06'));
    expect(answer).toMatchObject({ method: 'chat.postMessage', channel: '#CFINANCE', from: 'arcadia' });
    expect(answer?.at).toMatch(/^\d{4}-\d\d-\d\dT/);

    const text = await (await fetch(`${slack.url}/transcript.txt`)).text();
    expect(text).toContain('┌ #CFINANCE (UFINANCE shared a file)');
    expect(text).toContain(`┌ #CFINANCE (thread ${shared.ts})`);
    expect(text).toContain('Invoice 2025-06');

    // The file: one line per message, in the order they came, each with its time, channel and text.
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(transcript.length);
    expect(lines[0]).toBe(`${transcript[0]!.at} #CFINANCE UFINANCE: [shared: june.csv]`);
    expect(
      lines.some((l) => l.includes(`#CFINANCE (thread ${shared.ts}) arcadia: `) && l.includes('Invoice 2025-06')),
    ).toBe(true);
  });

  it('refuses a share with no file name, in a sentence', async () => {
    const res = await fetch(`${slack.url}/share-file`, { method: 'POST', body: 'x' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ ok: false, error: 'give the file a name: /share-file?name=invoice.csv' });
  });
});
