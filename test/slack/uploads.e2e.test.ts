import { describe, expect, it } from 'vitest';
import { fixtureText } from '../../testkit/digitalocean/account.js';
import { isolation } from '../helpers/context.js';
import { textOf } from '../helpers/slack-requests.js';
import { useSlackHarness } from '../helpers/slack-harness.js';

const FINANCE = { user: 'UFIN', channel: 'CFIN' };
const { slack, sim } = useSlackHarness(isolation(), {
  env: { ARCADIA_FINANCE_USERS: 'UFIN', ARCADIA_FINANCE_CHANNEL: 'CFIN' },
});
const inThread = (ts: string, contains: string) =>
  slack.waitFor('chat.postMessage', (c) => c.params.thread_ts === ts && textOf(c.params).includes(contains));

describe('invoice uploads Slack stores in other ways', () => {
  it('a CSV pasted as a snippet is hosted by Slack: downloaded and reconciled', async () => {
    const snippet = slack.addFile({
      name: 'Untitled',
      content: fixtureText('invoice.csv'),
      user: FINANCE.user,
      mode: 'snippet',
      filetype: 'csv',
      mimetype: 'text/plain',
    });
    const event = sim.fileShare([snippet], FINANCE);
    await sim.event(event);
    const summary = await inThread(event.ts, 'Invoice 2025-06');
    expect(textOf(summary.params)).toMatch(/lines of 24 matched/);
    expect(slack.callsTo('file.download').filter((d) => d.params.fileId === snippet.id)).toHaveLength(1);
  });

  it('Slack Connect stubs are read through files.info; one that fails is answered in the thread and the other files are still handled', async () => {
    const shared = slack.addFile({ name: 'june-connect.csv', content: fixtureText('invoice.csv'), user: FINANCE.user });
    const plain = slack.addFile({ name: 'june-plain.csv', content: fixtureText('invoice.csv'), user: FINANCE.user });
    const gone = {
      id: 'FGONE00001',
      mode: 'file_access',
      file_access: 'check_file_info',
      created: 0,
      timestamp: 0,
      user: FINANCE.user,
    };
    const event = sim.fileShare([gone, slack.connectStub(shared), plain], FINANCE);
    await sim.event(event);

    const failure = await inThread(event.ts, 'files.info: file_not_found');
    expect(textOf(failure.params)).toContain('FGONE00001');
    await inThread(event.ts, 'june-connect.csv');
    const answers = await Promise.all([
      slack.waitFor('file.download', (c) => c.params.fileId === shared.id),
      slack.waitFor('file.download', (c) => c.params.fileId === plain.id),
    ]);
    expect(answers).toHaveLength(2);
    expect(slack.callsTo('files.info').map((c) => c.params.file)).toEqual(
      expect.arrayContaining(['FGONE00001', shared.id]),
    );
    // Each readable file gets its summary in the thread (the second is the same invoice, recognised).
    await slack.waitFor(
      'chat.postMessage',
      () =>
        slack
          .callsTo('chat.postMessage')
          .filter((c) => c.params.thread_ts === event.ts && textOf(c.params).includes('Invoice 2025-06')).length === 2,
    );
  });
});
