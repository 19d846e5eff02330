import type { ResourceKind } from '../../models/resource.js';
import type { IndexedResource } from '../../src/invoice/inventory-index.js';
import type { MatchedLine } from '../../src/invoice/match-lines.js';
import type { ParsedLine } from '../../src/invoice/parsed-invoice.js';
import type { InvoiceMeta, InvoiceReportItem } from '../../src/invoice/report.js';

/** A stored June 2025 invoice read from a CSV, so each test names only the fields it is about. */
export function invoiceMeta(over: Partial<InvoiceMeta> = {}): InvoiceMeta {
  return {
    id: 'inv',
    account: 'default',
    period: '2025-06',
    number: null,
    source: 'cli',
    format: 'csv',
    filename: null,
    ingestedAt: '',
    matchedAt: '',
    ...over,
  };
}

/** What matching says of a droplet line no resource stands behind: the default of the line factories below. */
function neverSeen() {
  return {
    kind: 'droplet' as const,
    match: null,
    reason: 'resource_never_seen' as const,
    detail: null,
    candidates: [],
  };
}

/** A report item for an unmatched droplet line (a resource never seen), the drift tests' usual case. */
export function reportItem(over: Partial<InvoiceReportItem> = {}): InvoiceReportItem {
  return {
    invoiceId: 'preview',
    line: 1,
    product: 'Droplets',
    groupDescription: '',
    description: 'web-9 (s-1vcpu-1gb)',
    amount: 250,
    amountUsd: '2.50',
    project: '',
    start: null,
    end: null,
    ...neverSeen(),
    ...over,
  };
}

/** A full-month June 2025 droplet line as parsed from a file, before matching. */
export function parsedLine(over: Partial<ParsedLine> = {}): ParsedLine {
  return {
    line: 1,
    product: 'Droplets',
    groupDescription: '',
    description: 'web-1',
    amountCents: 600,
    hours: 720,
    start: new Date('2025-06-01T00:00:00Z'),
    end: new Date('2025-07-01T00:00:00Z'),
    projectName: '',
    category: '',
    resourceId: '',
    resourceUuid: '',
    ...over,
  };
}

/** A parsed line after matching found no resource for it (a droplet never seen). */
export function matchedLine(over: Partial<MatchedLine> = {}): MatchedLine {
  return {
    ...parsedLine(),
    ...neverSeen(),
    ...over,
  };
}

/** A live resource as the invoice matcher indexes it, first seen before any invoice under test. */
export function indexedResource(
  kind: string,
  providerId: string,
  over: Partial<IndexedResource> = {},
): IndexedResource {
  return {
    kind: kind as ResourceKind,
    providerId,
    name: '',
    region: null,
    projectId: null,
    status: null,
    tags: [],
    stale: false,
    staleSince: null,
    firstSeenAt: new Date('2025-01-01T00:00:00Z'),
    attrs: {},
    ...over,
  };
}
