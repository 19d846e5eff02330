import { describe, expect, it } from 'vitest';
import { DELIVERY_PARTS, type OutboxJob } from '../../src/outbox/message.js';
import { upgradeJob, type LegacyOutboxJob } from '../../src/outbox/upgrade.js';
import { PARTS } from '../../src/slack/outbox/delivery.js';

const content = { text: 'hello', blocks: [], label: 'test' };
const legacy = (
  message: Partial<LegacyOutboxJob['message']>,
  flags: Omit<LegacyOutboxJob, 'message'> = {},
): LegacyOutboxJob => ({ message: { ...content, channel: 'C1', ...message }, ...flags });

describe('a job stored in the old shape', () => {
  it('goes where the old worker sent it: response_url, then update, then ephemeral, else the channel', () => {
    expect(upgradeJob(legacy({ threadTs: '1.1' })).message.target).toEqual({
      to: 'channel',
      channel: 'C1',
      threadTs: '1.1',
    });
    expect(upgradeJob(legacy({ ephemeralUser: 'U1' })).message.target).toEqual({
      to: 'ephemeral',
      channel: 'C1',
      user: 'U1',
      threadTs: undefined,
    });
    expect(upgradeJob(legacy({ updateTs: '2.2', ephemeralUser: 'U1' })).message.target).toEqual({
      to: 'update',
      channel: 'C1',
      ts: '2.2',
      threadTs: undefined,
    });
    expect(upgradeJob(legacy({ responseUrl: 'https://hooks.slack.com/x', updateTs: '2.2' })).message.target).toEqual({
      to: 'response-url',
      url: 'https://hooks.slack.com/x',
      channel: 'C1',
      threadTs: undefined,
    });
    expect(
      upgradeJob(legacy({ responseUrl: 'https://hooks.slack.com/x', ephemeralUser: 'U1' })).message.target,
    ).toMatchObject({ to: 'response-url', ephemeral: true });
    expect(
      upgradeJob(legacy({ channel: 'U2', text: '', directFile: { user: 'U2', file: { of: 'waste' } } })).message.target,
    ).toEqual({ to: 'direct-file', user: 'U2', file: { of: 'waste' } });
  });

  it('keeps its content and drops the old fields', () => {
    const thread = { text: 'more', blocks: [] };
    const { message } = upgradeJob(
      legacy({
        updateTs: '2.2',
        thread,
        record: { as: 'r', id: 's1' },
        csv: { filename: 'a.csv', title: 'A', content: 'a\n' },
      }),
    );
    expect(message).toEqual({
      ...content,
      thread,
      record: { as: 'r', id: 's1' },
      csv: { filename: 'a.csv', title: 'A', content: 'a\n' },
      target: { to: 'update', channel: 'C1', ts: '2.2', threadTs: undefined },
    });
  });

  it('resumes where it was: each flag set becomes a part done, with the posted ts', () => {
    const job = upgradeJob(
      legacy(
        {},
        {
          posted: true,
          postedTs: '3.3',
          recorded: true,
          imagePosted: true,
          threadPosted: true,
          threadCsvPosted: false,
        },
      ),
    );
    expect(job.done).toEqual(['message', 'record', 'image', 'thread']);
    expect(job.postedTs).toBe('3.3');
    expect(upgradeJob(legacy({})).done).toEqual([]);
  });

  it('leaves a job in the current shape as it is', () => {
    const current: OutboxJob = {
      message: { ...content, target: { to: 'channel', channel: 'C1' } },
      done: ['message'],
      postedTs: '4.4',
    };
    expect(upgradeJob(current)).toBe(current);
  });
});

describe('delivery parts', () => {
  it('has a delivery for every part, in the order DELIVERY_PARTS lists them', () => {
    expect(Object.keys(PARTS)).toEqual([...DELIVERY_PARTS]);
  });
});
