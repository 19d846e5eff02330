import { CLI_USER } from '../../../models/audit.js';
import { formatUsd as dollars } from '../../invoice/money.js';
import { fallbackText, type Block, type SlackMessage } from './message.js';
import { context, header, listSections, section } from './limits.js';
import { escapeMrkdwn, formatTime, plural } from './mrkdwn.js';
import { ACTION_IDS } from './action-ids.js';
import { approversNeeded, budgetGateNumbers, type BudgetGate } from '../../budget/provision-gate.js';

export interface SagaStepView {
  /** 1-based position in the plan. */
  index: number;
  name: string;
  kind: string;
  /** "droplet acme-web (s-1vcpu-1gb, nyc1)". */
  what: string;
  status: string;
  providerId: string | null;
  /** The DO control panel page for it, once it exists. */
  url: string | null;
  error: string | null;
}

export interface SagaView {
  id: string;
  /** The DO team it creates in, when not the default one. */
  account?: string;
  blueprint: string;
  tenant: string;
  status: string;
  requestedBy: string;
  quoteCents: number;
  /** When the quote would push the tenant's forecast past its budget: the numbers, and who approved so far. */
  budgetGate?: BudgetGate & { adminApprovedBy: string | null; financeApprovedBy: string | null };
  quoteLines: { label: string; cents: number }[];
  steps: SagaStepView[];
  error: string | null;
  leftovers: { step: string; kind: string; providerId: string; what: string }[];
  /** What people reach it by once done: a DNS name and the IP it points at. */
  addresses?: { name: string; points_to: string }[];
}

export { CLI_USER };

export interface Decision {
  /** A Slack user id, or CLI_USER. */
  by: string;
  at: Date;
}

/** A Slack user id as a mention; anything else (`cli`) as plain text. */
const who = (id: string) => (/^[UW][A-Z0-9]{2,}$/.test(id) ? `<@${id}>` : `\`${escapeMrkdwn(id)}\``);
/** Shown in each reader's time zone; the fallback is fixed UTC. */
const when = (at: Date) => `<!date^${Math.floor(at.getTime() / 1000)}^{date_short_pretty} at {time}|${formatTime(at)}>`;
const title = (v: SagaView) => `${v.blueprint} for ${v.tenant}`;
const stepLine = (s: SagaStepView) => `${s.index}. ${escapeMrkdwn(s.what)}`;
const idAndLink = (s: { providerId: string | null; url: string | null }) =>
  [s.providerId ? `\`${escapeMrkdwn(s.providerId)}\`` : '', s.url ? `<${s.url}|open in DigitalOcean>` : '']
    .filter(Boolean)
    .join(' · ');

function button(
  text: string,
  actionId: string,
  value: string,
  style?: 'primary' | 'danger',
  confirm?: { title: string; text: string; yes: string },
) {
  return {
    type: 'button' as const,
    text: { type: 'plain_text' as const, text, emoji: false },
    action_id: actionId,
    value,
    ...(style ? { style } : {}),
    ...(confirm
      ? {
          confirm: {
            title: { type: 'plain_text' as const, text: confirm.title },
            text: { type: 'mrkdwn' as const, text: confirm.text },
            confirm: { type: 'plain_text' as const, text: confirm.yes },
            deny: { type: 'plain_text' as const, text: 'Keep it' },
            style: 'danger' as const,
          },
        }
      : {}),
  };
}

/** The plan and its monthly quote: the part every approval message shares, before and after the decision. */
function planBlocks(v: SagaView): Block[] {
  const plan = listSections(v.steps.map(stepLine), { maxRows: 30, maxBlocks: 3 });
  const quote = v.quoteLines.map((l) => `${escapeMrkdwn(l.label)}: ${dollars(l.cents)}`).join(' · ');
  return [
    section(
      `*${dollars(v.quoteCents)}/month* for *${escapeMrkdwn(v.tenant)}*${v.account ? ` in the *${escapeMrkdwn(v.account)}* team` : ''}, requested by ${who(v.requestedBy)}. It creates, in order:`,
    ),
    ...plan.blocks,
    ...(plan.omitted
      ? [context(`…and ${plural(plan.omitted, 'more step')}: \`arcadia saga show ${v.id}\` lists them all.`)]
      : []),
    ...(quote ? [context(`Quote: ${quote}`)] : []),
  ];
}

/**
 * The ephemeral answer to `/cloud provision`: the quote, whose approval it waits for and where; past
 * its tenant's budget, the gate's numbers as the approval request shows them.
 */
export function provisionRequestedMessage(v: SagaView): SlackMessage {
  const needs = approversNeeded(Boolean(v.budgetGate));
  return {
    text: fallbackText(`Provisioning ${title(v)} requested: ${dollars(v.quoteCents)}/month, waiting for ${needs}`),
    blocks: [
      section(
        `:hourglass_flowing_sand: *${dollars(v.quoteCents)}/month*: ${escapeMrkdwn(title(v))} is waiting for ${needs} in the message below (${plural(v.steps.length, 'step')}).`,
      ),
      ...(v.budgetGate
        ? [context(`:warning: It passes ${escapeMrkdwn(v.tenant)}'s budget: ${budgetGateNumbers(v.budgetGate)}.`)]
        : []),
      context(`Saga \`${v.id}\` · progress goes to that message's thread`),
    ],
  };
}

/** The approval request posted in the channel, with Approve / Reject buttons for admins. */
export function approvalRequestMessage(v: SagaView): SlackMessage {
  return {
    text: fallbackText(`Approve provisioning ${title(v)}? ${dollars(v.quoteCents)}/month`),
    blocks: [
      header(`Approve provisioning ${title(v)}?`),
      ...planBlocks(v),
      {
        type: 'actions',
        elements: [
          button('Approve', ACTION_IDS.sagaApprove, v.id, 'primary'),
          ...(v.budgetGate ? [button('Approve for finance', ACTION_IDS.sagaFinanceApprove, v.id, 'primary')] : []),
          button('Reject', ACTION_IDS.sagaReject, v.id, 'danger'),
        ],
      },
      ...(v.budgetGate ? [budgetGateBlock(v)] : []),
      context(
        v.budgetGate
          ? `An Arcadia admin and a finance user must both approve; admins may reject. Saga \`${v.id}\``
          : `Only Arcadia admins may approve or reject. Saga \`${v.id}\``,
      ),
    ],
  };
}

/** Why a request needs finance too: the tenant's forecast, what the request adds this month, the budget. */
function budgetGateBlock(v: SagaView): Block {
  const g = v.budgetGate!;
  const given = [
    g.adminApprovedBy ? `approved by admin <@${g.adminApprovedBy}>` : null,
    g.financeApprovedBy ? `approved by finance <@${g.financeApprovedBy}>` : null,
  ].filter(Boolean);
  return section(
    `:warning: *Passes ${escapeMrkdwn(v.tenant)}'s budget:* ${budgetGateNumbers(g)}. It needs a finance user's approval besides an admin's${given.length ? ` (so far ${given.join(', ')})` : ''}.`,
  );
}

/** The approval request once decided, replacing it in place: who decided and when, no buttons. */
export function approvalDecidedMessage(v: SagaView, decision: Decision & { approved: boolean }): SlackMessage {
  // `arcadia saga approve` decides as `cli`: there is no one to mention.
  const fromCli = decision.by === CLI_USER;
  // A saga a budget gates starts on its second approval: the message names both people, not the last.
  const pair =
    decision.approved && v.budgetGate?.adminApprovedBy && v.budgetGate.financeApprovedBy ? v.budgetGate : null;
  const byWhom = fromCli
    ? 'from the command line'
    : pair
      ? `by ${who(pair.adminApprovedBy!)} (admin) and ${who(pair.financeApprovedBy!)} (finance)`
      : `by ${who(decision.by)}`;
  const byText = fromCli
    ? 'from the command line'
    : pair
      ? `by ${pair.adminApprovedBy} (admin) and ${pair.financeApprovedBy} (finance)`
      : `by ${decision.by}`;
  const verdict = decision.approved
    ? `:white_check_mark: *Approved* ${byWhom} on ${when(decision.at)}. Progress follows in this thread.`
    : `:no_entry_sign: *Rejected* ${byWhom} on ${when(decision.at)}. Nothing was created.`;
  return {
    text: fallbackText(`Provisioning ${title(v)} ${decision.approved ? 'approved' : 'rejected'} ${byText}`),
    blocks: [
      header(`Provisioning ${title(v)}: ${decision.approved ? 'approved' : 'rejected'}`),
      ...planBlocks(v),
      section(verdict),
      context(`Saga \`${v.id}\``),
    ],
  };
}

const STEP_EVENTS: Record<string, { icon: string; done: string }> = {
  done: { icon: ':white_check_mark:', done: 'done' },
  failed: { icon: ':x:', done: 'failed' },
  compensated: { icon: ':leftwards_arrow_with_hook:', done: 'undone' },
  compensation_failed: { icon: ':warning:', done: 'could not be undone' },
  removed: { icon: ':wastebasket:', done: 'removed' },
  left_alone: { icon: ':raised_hand:', done: 'left alone' },
};

/** What the saga left alone as no longer its own (and why), apart from what it failed to remove. */
function leftoversOf(v: SagaView): { alone: SagaView['leftovers']; failed: SagaView['leftovers'] } {
  const isAlone = (l: SagaView['leftovers'][number]) => v.steps.find((s) => s.name === l.step)?.status === 'left_alone';
  return { alone: v.leftovers.filter(isAlone), failed: v.leftovers.filter((l) => !isAlone(l)) };
}

const leftoverLine = (v: SagaView, l: SagaView['leftovers'][number]) => {
  const step = v.steps.find((s) => s.name === l.step);
  return `• *${escapeMrkdwn(l.kind)}* \`${escapeMrkdwn(l.providerId)}\`${step?.url ? ` <${step.url}|open in DigitalOcean>` : ''}: ${escapeMrkdwn(l.what)}`;
};

/** The section listing what was left alone; none when nothing was. */
function leftAloneBlocks(v: SagaView): Block[] {
  const { alone } = leftoversOf(v);
  if (!alone.length) return [];
  return [
    section(":raised_hand: Left alone, since they are no longer the saga's:"),
    ...listSections(
      alone.map((l) => leftoverLine(v, l)),
      { maxRows: 30, maxBlocks: 2 },
    ).blocks,
  ];
}

/** One line in the thread per step event. */
export function stepProgressMessage(v: SagaView, step: SagaStepView, event: string): SlackMessage {
  const e = STEP_EVENTS[event] ?? { icon: ':small_blue_diamond:', done: event };
  const why = event === 'left_alone' ? v.leftovers.find((l) => l.step === step.name)?.what : undefined;
  const detail =
    event === 'failed' || event === 'compensation_failed'
      ? `: ${escapeMrkdwn(step.error ?? 'unknown error')}`
      : why
        ? `: ${escapeMrkdwn(why)}`
        : '';
  const next = event === 'failed' ? ' Undoing the earlier steps.' : '';
  const where = idAndLink(step);
  return {
    text: fallbackText(`${step.index}/${v.steps.length} ${step.what}: ${e.done}`),
    blocks: [
      section(
        `${e.icon} *${step.index}/${v.steps.length}* ${escapeMrkdwn(step.what)}: ${e.done}${detail}${where ? ` · ${where}` : ''}.${next}`,
      ),
    ],
  };
}

/** The last message of a saga phase, in its thread: what was created, what was undone and why, or what is left. */
export function sagaFinishedMessage(v: SagaView): SlackMessage {
  // Undone and removed steps are listed last first, the order they were taken down in.
  const lines = (filter: (s: SagaStepView) => boolean, withLink: boolean) =>
    listSections(
      (withLink ? v.steps : [...v.steps].reverse())
        .filter(filter)
        .map(
          (s) =>
            `• ${escapeMrkdwn(s.what)}${withLink && idAndLink(s) ? ` · ${idAndLink(s)}` : s.providerId ? ` \`${escapeMrkdwn(s.providerId)}\`` : ''}`,
        ),
      { maxRows: 30, maxBlocks: 3 },
    ).blocks;
  const reason = v.error ? section(`*Why:* ${escapeMrkdwn(v.error)}`) : undefined;
  const footer = context(`Saga \`${v.id}\``);
  const alone = leftoversOf(v).alone.length;
  const aloneNote = alone ? `, ${alone} left alone as no longer the saga's` : '';
  const addresses = v.addresses ?? [];
  switch (v.status) {
    case 'succeeded':
      return {
        text: fallbackText(
          `Created ${title(v)}${addresses.length ? `: ${addresses.map((a) => `${a.name} → ${a.points_to}`).join(', ')}` : ''}; ${plural(v.steps.length, 'step')} done, ${dollars(v.quoteCents)}/month`,
        ),
        blocks: [
          header(`Created ${title(v)}`),
          ...(addresses.length
            ? [
                section(
                  addresses
                    .map((a) => `:globe_with_meridians: *${escapeMrkdwn(a.name)}* → \`${escapeMrkdwn(a.points_to)}\``)
                    .join('\n'),
                ),
              ]
            : []),
          section(
            `:tada: ${who(v.requestedBy)}, it is ready: *${dollars(v.quoteCents)}/month*. Everything in the plan exists:`,
          ),
          ...lines((s) => s.status === 'done', true),
          context(`Saga \`${v.id}\` · \`/cloud deprovision ${v.id}\` tears it down`),
        ],
      };
    case 'compensated':
      return {
        text: fallbackText(
          alone
            ? `Provisioning ${title(v)} failed; every step was undone${aloneNote}`
            : `Provisioning ${title(v)} failed; every step was undone, nothing is left behind`,
        ),
        blocks: [
          header(`Provisioning ${title(v)} failed: ${alone ? 'undone' : 'nothing left behind'}`),
          ...(reason ? [reason] : []),
          section(alone ? 'Undone, last first:' : 'Every step that had run was undone, last first:'),
          ...lines((s) => s.status === 'compensated', false),
          ...leftAloneBlocks(v),
          footer,
        ],
      };
    case 'deprovisioned':
      return {
        text: fallbackText(
          `Removed ${title(v)}: ${plural(v.steps.filter((s) => s.status === 'removed').length, 'step')} undone${aloneNote}`,
        ),
        blocks: [
          header(`Removed ${title(v)}`),
          section(
            alone
              ? ':wastebasket: Removed, last first:'
              : ':wastebasket: Everything the saga created is gone, last first:',
          ),
          ...lines((s) => s.status === 'removed', false),
          ...leftAloneBlocks(v),
          footer,
        ],
      };
    default:
      return leftoversMessage(v);
  }
}

/** A saga that could not clean up after itself: every leftover with its DO id. Posted in the thread and to the alerts channel. */
export function leftoversMessage(v: SagaView): SlackMessage {
  const { failed } = leftoversOf(v);
  const left = listSections(
    failed.map((l) => leftoverLine(v, l)),
    { maxRows: 30, maxBlocks: 4 },
  );
  return {
    text: fallbackText(
      `Saga ${v.id} (${title(v)}) failed and left ${plural(failed.length, 'resource')} to clean up by hand`,
    ),
    blocks: [
      header(`${title(v)}: ${plural(failed.length, 'leftover')} to clean up`),
      ...(v.error ? [section(`*Why it stopped:* ${escapeMrkdwn(v.error)}`)] : []),
      section(`:rotating_light: These could not be removed after retries; delete them in DigitalOcean:`),
      ...left.blocks,
      ...leftAloneBlocks(v),
      context(`Saga \`${v.id}\` · \`arcadia saga show ${v.id}\` has every step`),
    ],
  };
}

/**
 * To the alerts channel: the job driving a saga failed all its attempts with the saga unfinished
 * (MongoDB or Redis away). What it made so far stands, billed, until a worker re-drives it.
 * `v` is null when the saga could not be read.
 */
export function sagaJobFailedMessage(
  sagaId: string,
  v: SagaView | null,
  why: string,
  redriveSchedule: string,
): SlackMessage {
  const made = v ? v.steps.filter((s) => s.providerId) : [];
  const list = listSections(
    made.map((s) => `• ${escapeMrkdwn(s.what)}${idAndLink(s) ? ` · ${idAndLink(s)}` : ''}`),
    { maxRows: 30, maxBlocks: 3 },
  );
  const name = v ? `${title(v)} (saga ${sagaId})` : `Saga ${sagaId}`;
  return {
    text: fallbackText(`${name} stopped unfinished: its job failed; Arcadia will queue it again`),
    blocks: [
      header(`${v ? title(v) : `Saga ${sagaId}`}: stopped unfinished`),
      section(
        `:rotating_light: The job driving saga \`${sagaId}\`${v ? ` (*${v.status}*)` : ''} failed all its attempts. ${escapeMrkdwn(why)}`,
      ),
      ...(v === null
        ? [
            section(
              'Its state could not be read, so what it created is not listed here; `arcadia saga show` lists it once MongoDB answers.',
            ),
          ]
        : made.length
          ? [section('What it created so far, billed while it stands:'), ...list.blocks]
          : [section('It had created nothing yet.')]),
      section(
        `*What to do:* fix the cause above (the log has the details). A worker queues the saga again when it starts and on \`${escapeMrkdwn(redriveSchedule)}\` (ARCADIA_SAGA_REDRIVE_SCHEDULE, UTC); it resumes where it stopped and creates nothing twice. Its thread, when it has one, says how it ends.`,
      ),
      context(`Saga \`${sagaId}\` · \`arcadia saga show ${sagaId}\` has every step`),
    ],
  };
}

/** `/cloud deprovision`: what would be removed, and a button (with Slack's own confirmation dialog) to do it. */
export function deprovisionConfirmMessage(v: SagaView, requestedBy: string): SlackMessage {
  const plan = listSections(
    v.steps
      .filter((s) => s.status === 'done')
      .reverse()
      .map((s) => `• ${escapeMrkdwn(s.what)}${s.providerId ? ` \`${escapeMrkdwn(s.providerId)}\`` : ''}`),
    { maxRows: 30, maxBlocks: 3 },
  );
  const volumes = v.steps.filter((s) => s.status === 'done' && s.kind === 'volume').length;
  const dataWarning = volumes
    ? `The data on ${volumes === 1 ? 'its volume is' : `its ${volumes} volumes is`} deleted with ${volumes === 1 ? 'it' : 'them'} and cannot be recovered: copy what you need first.`
    : '';
  return {
    text: fallbackText(
      `Tear down ${title(v)}? It costs ${dollars(v.quoteCents)}/month now${volumes ? '; volume data is deleted' : ''}`,
    ),
    blocks: [
      header(`Tear down ${title(v)}?`),
      section(
        `${who(requestedBy)} asks to remove everything saga \`${v.id}\` created (*${dollars(v.quoteCents)}/month*), last first:`,
      ),
      ...plan.blocks,
      ...(volumes ? [section(`:warning: *${dataWarning}*`)] : []),
      {
        type: 'actions',
        elements: [
          button('Tear down', ACTION_IDS.sagaDeprovision, v.id, 'danger', {
            title: 'Tear it down?',
            text: `This deletes ${escapeMrkdwn(title(v))} in DigitalOcean.${volumes ? ` ${dataWarning}` : ''}`,
            yes: 'Tear down',
          }),
          button('Cancel', ACTION_IDS.sagaDeprovisionCancel, v.id),
        ],
      },
      context('Only Arcadia admins may confirm.'),
    ],
  };
}

/** The confirmation once decided, replacing it in place. */
export function deprovisionDecidedMessage(v: SagaView, decision: Decision & { confirmed: boolean }): SlackMessage {
  return {
    text: fallbackText(`Teardown of ${title(v)} ${decision.confirmed ? 'confirmed' : 'cancelled'} by ${decision.by}`),
    blocks: [
      header(`Tear down ${title(v)}: ${decision.confirmed ? 'confirmed' : 'cancelled'}`),
      section(
        decision.confirmed
          ? `:wastebasket: *Confirmed* by ${who(decision.by)} on ${when(decision.at)}. Progress follows in this thread.`
          : `:leftwards_arrow_with_hook: *Cancelled* by ${who(decision.by)} on ${when(decision.at)}. Nothing was removed.`,
      ),
      context(`Saga \`${v.id}\``),
    ],
  };
}
