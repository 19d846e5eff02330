import { MissingDoTokenError, UsageError } from '../src/errors.js';
import { createSaga } from '../src/saga/saga-service.js';
import { approvalRequestMessage, provisionRequestedMessage } from '../src/slack/blocks/index.js';
import { APPROVAL_REQUEST_RECORDER } from '../src/slack/approval-request.js';
import { sagaView } from '../src/slack/saga-view.js';
import { subcommand } from './subcommand.js';
import { accountFlag, keyValuePairs, words, zodArgument } from '../src/arguments.js';

export interface ProvisionArgs {
  blueprint: string;
  tenant: string;
  params: Record<string, string>;
}

/** `BLUEPRINT TENANT [key=value ...] [--account team]`. */
export const schema = zodArgument((text) => {
  const { account, rest } = accountFlag(text);
  const [blueprint = '', tenant = '', ...pairs] = words(rest);
  if (!tenant) throw new UsageError('Give a blueprint and a tenant.');
  return {
    account,
    value: { blueprint: blueprint.toLowerCase(), tenant, params: keyValuePairs(pairs) } satisfies ProvisionArgs,
  };
});

export const provision = subcommand({
  name: 'provision',
  audience: 'everyone',
  schema,
  help: {
    usage: 'provision BLUEPRINT TENANT [key=value…] [--account team]',
    summary:
      'Plan and quote a stack from a blueprint; an admin approves it with a button, and progress follows in the thread.',
    examples: ['/cloud provision web-stack acme domain=example.com firewall=web-fw'],
  },
  async handle({ args: { account, value: args }, userId, channelId }, deps) {
    const accounts = deps.provision.accounts;
    if (!accounts) throw new MissingDoTokenError('Provisioning');
    // The team named (an unknown one is refused with the list), else the first configured.
    const team = accounts.chosen(account);
    // Bad blueprints, bad parameters and quotes over the limit throw errors whose sentence says what to change.
    const saga = await createSaga(
      { ...args, account: team, requestedBy: userId, slack: { channel: channelId } },
      { config: deps.config, client: accounts.client(team), queue: deps.provision.queue },
    );
    const view = sagaView(saga);
    deps.log.info(
      { sagaId: saga.sagaId, blueprint: saga.blueprint, tenant: saga.tenant, quoteCents: saga.quoteCents, userId },
      'provision requested from Slack',
    );
    // Where it lands is recorded on the saga once posted, so an approval from the command line updates it too.
    await deps.outbox.send({
      target: { to: 'channel', channel: channelId },
      ...approvalRequestMessage(view),
      label: 'saga-approval',
      record: { as: APPROVAL_REQUEST_RECORDER, id: saga.sagaId },
    });
    return provisionRequestedMessage(view);
  },
});
