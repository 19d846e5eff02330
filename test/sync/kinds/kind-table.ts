import { kindScopes, standinPath, type KindSpec } from '../../../src/sync/kind-spec.js';
import { KIND_SPECS } from '../../../src/sync/kinds/index.js';

/** Where a kind comes from, as the README writes it: the stand-in's path with ids as `{id}`. */
function source(spec: KindSpec): string {
  const path = standinPath(spec);
  if (path === '/') return 'Spaces S3 `ListBuckets`, per region';
  return `\`${path.replace(/\/\d+\//g, '/{id}/')}\``;
}

function row(spec: KindSpec): string {
  const scopes = kindScopes(spec).length
    ? kindScopes(spec)
        .map((s) => `\`${s}\``)
        .join(', ')
    : 'none (Spaces keys)';
  const projects = { default: 'yes', explicit: 'when listed', none: 'no' }[spec.projects];
  const billed =
    spec.invoice.patterns.length === 0
      ? 'never'
      : spec.invoice.patterns.every((p) => p.accountLevel)
        ? 'to the account'
        : 'yes';
  return `| \`${spec.kind}\` | ${source(spec)} | ${scopes} | ${projects} | ${billed} |`;
}

/** The README's kind table, from the registry: every kind, where it is listed from and the token scopes it needs. */
export function kindTable(): string {
  return [
    '| kind | listed from | token scopes | in projects | on invoices |',
    '| --- | --- | --- | --- | --- |',
    ...KIND_SPECS.map(row),
  ].join('\n');
}

// `npx tsx test/sync/kinds/kind-table.ts` prints the table to paste between the README's markers.
if (import.meta.url === `file://${process.argv[1]}`) console.log(kindTable());
