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
    await deps.outbox.send({
      target: { to: 'channel', channel: channelId },
      ...deprovisionConfirmMessage(sagaView(saga), userId),
      label: 'saga-deprovision-confirm',
    });
    const text = `Confirm the teardown of ${saga.blueprint} for ${saga.tenant} with the button in the message below.`;
    return { text: fallbackText(text), blocks: [section(escapeMrkdwn(text))] };
  },
});
