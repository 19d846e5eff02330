import { describe, expect, it } from 'vitest';
import {
  stepProgressMessage,
  uploadFailedMessage,
  uploadInvalidMessage,
  uploadReceivedMessage,
  uploadRefusedMessage,
  uploadReplaceRefusedMessage,
  type SagaView,
} from '../../src/slack/index.js';

const HOSTILE = '<!channel> & <@U0BOSS> <https://evil.example|invoice>.csv';
const ESCAPED = '&lt;!channel&gt; &amp; &lt;@U0BOSS&gt; &lt;https://evil.example|invoice&gt;.csv';

/** No markup of the hostile value survives: the notification text mentions, links and notifies nobody. */
const expectInert = (text: string) => {
  expect(text).toContain(ESCAPED);
  expect(text).not.toMatch(/<[!@#h]/);
};

describe("messages' fallback text", () => {
  it('escapes a hostile file name as the blocks do, in every upload message', () => {
    for (const message of [
      uploadReceivedMessage(HOSTILE),
      uploadRefusedMessage(HOSTILE, 'only CSV invoices are taken'),
      uploadInvalidMessage({ filename: HOSTILE, problems: [{ line: 4, problem: 'amount is not a number' }] }),
      uploadFailedMessage(HOSTILE, 'the download failed'),
      uploadReplaceRefusedMessage(HOSTILE, 'it has 40% fewer lines', 'job-1'),
    ]) {
      expectInert(message.text);
      expect(JSON.stringify(message.blocks)).not.toContain('<!channel>');
    }
  });

  it('escapes a hostile blueprint parameter in a saga message', () => {
    const what = `droplet ${HOSTILE} (s-1vcpu-1gb, nyc1)`;
    const step = {
      index: 1,
      name: 'droplet',
      kind: 'droplet',
      what,
      providerId: '4242',
      url: null,
      status: 'done',
      error: null,
    };
    const view: SagaView = {
      id: '3f9a1c0b2e',
      blueprint: 'web-stack',
      tenant: 'acme',
      status: 'running',
      requestedBy: 'UOPS',
      quoteCents: 600,
      quoteLines: [],
      steps: [step],
      error: null,
      leftovers: [],
    } as SagaView;
    expectInert(stepProgressMessage(view, step as SagaView['steps'][number], 'done').text);
  });
});
