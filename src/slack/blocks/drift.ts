import { DEFAULT_ACCOUNT, inAccount } from '../../digitalocean/accounts.js';
import type { DriftCheck, DriftItem } from '../../invoice/index.js';
import { formatUsd } from '../../invoice/money.js';
import { fallbackText, type SlackMessage } from './message.js';
import { context, csvAttachment, header, listSections, omittedNote } from './limits.js';
import { escapeMrkdwn, plural } from './mrkdwn.js';

function line(d: DriftItem): string {
  const kind = d.kind ? `${d.kind} · ` : '';
  const amount = d.amountCents !== null ? ` · ${formatUsd(d.amountCents)} so far` : '';
  return `• ${kind}${escapeMrkdwn(d.label)}${amount}`;
}

/** The daily drift alert: only differences the previous check did not find, both ways, new ones first by direction. */
export function driftAlertMessage(check: DriftCheck, asOf: string): SlackMessage {
  const billed = check.fresh.filter((d) => d.direction === 'billed_not_in_inventory');
  const unbilled = check.fresh.filter((d) => d.direction === 'in_inventory_not_billed');
  const billedCents = billed.reduce((s, d) => s + (d.amountCents ?? 0), 0);
  const rows = [
    ...(billed.length
      ? [`*Billed but not in the inventory: ${billed.length} (${formatUsd(billedCents)} so far)*`, ...billed.map(line)]
      : []),
    ...(unbilled.length ? [`*In the inventory but not billed: ${unbilled.length}*`, ...unbilled.map(line)] : []),
  ];
  const { blocks, omitted } = listSections(rows);
  // With several DO teams each alerts on its own; the header says which.
  const when = inAccount(check.period, check.account);
  return {
    text: fallbackText(
      `Billing drift ${when}: ${plural(check.fresh.length, 'new difference')} between DigitalOcean's month-to-date invoice and the inventory`,
    ),
    blocks: [
      header(`Billing drift, ${when}: ${check.fresh.length} new`),
      ...blocks,
      ...(omitted ? [omittedNote(omitted, 'row')] : []),
      context(
        `DO's invoice preview as of ${escapeMrkdwn(asOf)}. ${plural(check.all.length, 'difference')} in all; only new ones are listed` +
          (check.resolved ? `; ${check.resolved} resolved since the last check` : '') +
          `. \`arcadia invoice fetch current${check.account === DEFAULT_ACCOUNT ? '' : ` --account ${check.account}`}\` shows the whole reconciliation.`,
      ),
    ],
    ...(omitted
      ? {
          csv: csvAttachment(
            `drift-${check.period}`,
            `Billing drift ${check.period}`,
            ['direction', 'kind', 'resource', 'amount'],
            check.fresh.map((d) => [d.direction, d.kind, d.label, d.amountCents]),
          ),
        }
      : {}),
  };
}
