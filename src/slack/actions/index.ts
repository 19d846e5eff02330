import type { AllMiddlewareArgs, App, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { explainError } from '../../errors.js';
import { actionNameOf } from '../blocks/action-ids.js';
import { noticeMessage } from '../blocks/index.js';
import type { ActionDeps, ActionHandler, Click } from './action-handler.js';
import { anomalyExpected } from './anomaly-expected.js';
import { anomalyInvestigate } from './anomaly-investigate.js';
import { anomalySnooze } from './anomaly-snooze.js';
import { budgetAcknowledge } from './budget-acknowledge.js';
import { budgetRaise } from './budget-raise.js';
import { registerBudgetRaiseSubmission } from './budget-raise-submit.js';
import { budgetShowResources } from './budget-show-resources.js';
import { deprovisionCancel } from './deprovision-cancel.js';
import { deprovisionConfirm } from './deprovision-confirm.js';
import { findingAcknowledge } from './finding-acknowledge.js';
import { findingAssign } from './finding-assign.js';
import { findingOpenInDo } from './finding-open-in-do.js';
import { findingSnooze } from './finding-snooze.js';
import { homeRunCommand } from './home-run-command.js';
import { monthlyFullReport } from './monthly-full-report.js';
import { replaceInvoice } from './replace-invoice.js';
import { sagaApprove } from './saga-approve.js';
import { sagaFinanceApprove } from './saga-finance-approve.js';
import { sagaReject } from './saga-reject.js';
import { forRequest, requestIdOf } from '../request-context.js';

export type { ActionDeps, ActionHandler, Click } from './action-handler.js';

/** Every button Arcadia handles; one line per handler. */
export const ACTION_HANDLERS: readonly ActionHandler[] = [
  sagaApprove,
  sagaFinanceApprove,
  sagaReject,
  deprovisionConfirm,
  deprovisionCancel,
  findingAcknowledge,
  findingSnooze,
  findingAssign,
  findingOpenInDo,
  homeRunCommand,
  monthlyFullReport,
  replaceInvoice,
  anomalyExpected,
  anomalyInvestigate,
  anomalySnooze,
  budgetAcknowledge,
  budgetRaise,
  budgetShowResources,
];

/** The click's fields: which element, whose click, and the message it was on (none for a click in a view). */
export function clickOf(body: BlockAction): Click | undefined {
  const action = body.actions[0];
  if (!action) return undefined;
  const channelId = body.channel?.id ?? (body.container?.channel_id as string | undefined);
  const ts = body.message?.ts ?? (body.container?.message_ts as string | undefined);
  const value = 'value' in action && typeof action.value === 'string' ? action.value : '';
  const threadTs = body.message?.thread_ts;
  const message =
    channelId && ts
      ? {
          channelId,
          ts,
          ephemeral: body.container?.is_ephemeral === true,
          ...(typeof threadTs === 'string' && threadTs !== ts ? { threadTs } : {}),
        }
      : undefined;
  return { actionId: action.action_id, value, userId: body.user.id, message };
}

/**
 * The Bolt listener for one handler (what `registerActions` registers; tests may call it with
 * Bolt's arguments). Acks before any I/O, well inside Slack's 3 seconds; the permission check and
 * the work come after. A refusal or a failure is told to the clicker alone: through the payload's
 * response_url (ephemeral, the message left as it is), or, for a click in a view, which has none,
 * in their DM with Arcadia.
 */
export function actionListener(handler: ActionHandler, deps: ActionDeps) {
  return async ({
    ack,
    ...bolt
  }: SlackActionMiddlewareArgs<BlockAction> &
    Pick<AllMiddlewareArgs, 'client'> &
    Partial<Pick<AllMiddlewareArgs, 'context'>>): Promise<void> => {
    await ack();
    const click = clickOf(bolt.body);
    if (!click) return;
    const scoped = forRequest(deps, requestIdOf(bolt.context));
    const tell = async (sentence: string, label: string) => {
      const message = noticeMessage(sentence);
      if (bolt.body.response_url)
        await bolt.respond({
          response_type: 'ephemeral',
          replace_original: false,
          text: message.text,
          blocks: message.blocks,
        });
      else await scoped.outbox.send({ target: { to: 'channel', channel: click.userId }, ...message, label });
    };

    const refusal =
      scoped.access.mayClick(handler.audience, click.userId, handler.does) ?? handler.refusal?.(click, scoped) ?? null;
    if (refusal) {
      scoped.log.info({ actionId: click.actionId, user: click.userId, value: click.value }, 'button click refused');
      return tell(refusal, 'action-refused');
    }
    try {
      await handler.handle(click, scoped, bolt);
    } catch (err) {
      await tell(
        explainError(err, scoped.log, 'Sorry, that click failed', { actionId: click.actionId, value: click.value })
          .sentence,
        'action-failed',
      );
    }
  };
}

/**
 * Registers every handler on `block_actions` (HTTP on /slack/events, or Socket Mode alike: Bolt has
 * checked the signature and timestamp before any of this runs). One Bolt listener dispatches to
 * them all: Bolt runs every registered listener's middleware for every request, slash commands
 * included, so one listener per button would make each ack pay for every button there is.
 */
export function registerActions(app: App, deps: ActionDeps): void {
  const listeners = new Map(ACTION_HANDLERS.map((handler) => [handler.action, actionListener(handler, deps)]));
  app.action<BlockAction>({ type: 'block_actions' }, async (args) => {
    const actionId = args.body.actions[0]?.action_id ?? '';
    const name = actionNameOf(actionId);
    const listener = name && listeners.get(name);
    if (listener) return listener(args);
    // A button of an older release, or a forged one: acked so Slack shows no error, and logged.
    await args.ack();
    deps.log.warn({ actionId, user: args.body.user.id }, 'click on an unknown button ignored');
  });
  registerBudgetRaiseSubmission(app, deps);
}
