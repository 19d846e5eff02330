import { z } from 'zod';
import { SagaStateError } from '../src/saga/errors.js';
import { getSaga } from '../src/saga/saga-service.js';
import { deprovisionConfirmMessage, fallbackText } from '../src/slack/blocks/index.js';
import { section } from '../src/slack/blocks/limits.js';
import { escapeMrkdwn } from '../src/slack/blocks/mrkdwn.js';
import { sagaView } from '../src/slack/saga-view.js';
import { subcommand } from './subcommand.js';

export const schema = z.string().transform((text, ctx): string => {
  const [id = '', ...extra] = text.trim().split(/\s+/).filter(Boolean);
  if (!/^[a-z0-9]+$/i.test(id) || extra.length)
    ctx.addIssue({ code: 'custom', message: 'Give one saga id (from the approval message or `arcadia saga list`).' });
  return id.toLowerCase();
});

export const deprovision = subcommand({
  name: 'deprovision',
  audience: 'admin',
  schema,
  help: {
    usage: 'deprovision SAGA_ID',
    summary: 'Tear down what a provisioning saga created, after a confirmation button; progress follows in the thread.',
    examples: ['/cloud deprovision 3f9a1c0b2e'],
  },
  async handle({ args: sagaId, userId, channelId }, deps) {
    const saga = await getSaga(sagaId);
    if (saga.status !== 'succeeded')
      throw new SagaStateError(sagaId, saga.status, 'deprovisioned (only a succeeded saga can be)');
    // In the saga's thread, beside its approval and progress, when it was provisioned from Slack.
    const thread =
      saga.slack?.channel && saga.slack.messageTs
        ? { channel: saga.slack.channel, messageTs: saga.slack.messageTs }
        : null;
    await deps.outbox.send({
      target: thread
        ? { to: 'channel', channel: thread.channel, threadTs: thread.messageTs }
        : { to: 'channel', channel: channelId },
      ...deprovisionConfirmMessage(sagaView(saga), userId),
      label: 'saga-deprovision-confirm',
    });
    const what = `Confirm the teardown of ${saga.blueprint} for ${saga.tenant} with the button`;
    return {
      text: fallbackText(`${what} ${thread ? "in the saga's thread" : 'in the message below'}.`),
      blocks: [
        section(
          `${escapeMrkdwn(what)} ${thread ? `in the saga's thread in <#${thread.channel}>` : 'in the message below'}.`,
        ),
      ],
    };
  },
});
