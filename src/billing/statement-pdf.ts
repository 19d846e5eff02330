import PDFDocument from 'pdfkit';
import { formatUsd } from '../invoice/money.js';
import { describeOwnAndSpread } from './allocation-shares.js';
import type { Statement } from './statement-rows.js';

const MAX_PRODUCTS = 18;
/** Height of one line row, and the room kept at the foot of each page for its page number. */
const ROW = 15;
const FOOTER = 28;

/** Who a statement is from or to: a name, postal address lines and a tax id, as printed. */
export interface StatementParty {
  name: string;
  address?: readonly string[];
  taxId?: string;
}

export interface StatementPdfOptions {
  /** Who issues it (ARCADIA_STATEMENT_ISSUER_*). @defaultValue Arcadia, with no address or tax id */
  issuer?: StatementParty;
  /** Who it is addressed to (the tenant's legal name, address and tax id). @defaultValue the tenant's name */
  customer?: StatementParty;
  /** The statement's date. @defaultValue today */
  issuedOn?: Date;
}

/** A statement's number: one per tenant and period, so a statement sent again carries the same one. */
export function statementNumber(tenant: string, period: string, estimate = false): string {
  return `ST-${period.replace('-', '')}-${tenant.toUpperCase()}${estimate ? '-EST' : ''}`;
}

/**
 * A statement a customer can be sent: who issues it and who it is for (names, addresses, tax ids),
 * its number and date, the period, the amount due and the cost by product on the first page, then
 * every invoice line with its amount, on as many pages as they take (each page numbered).
 */
export function statementPdf(s: Statement, options: StatementPdfOptions = {}): Promise<Buffer> {
  const issuer = options.issuer ?? { name: 'Arcadia' };
  const t = s.tenant;
  const customer = options.customer ?? { name: t.tenant };
  const number = statementNumber(t.tenant, s.period, s.estimate);
  const date = (options.issuedOn ?? new Date()).toISOString().slice(0, 10);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    bufferPages: true,
    info: { Title: `Statement ${t.tenant} ${s.period}`, Author: issuer.name, Subject: number },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const left = doc.page.margins.left;
  const right = doc.page.width - doc.page.margins.right;

  const party = (p: StatementParty) => {
    doc.font('Helvetica').fontSize(10).fillColor('#000');
    for (const line of p.address ?? []) doc.text(line, left);
    if (p.taxId) doc.text(`Tax ID ${p.taxId}`, left);
  };

  doc.font('Helvetica-Bold').fontSize(12).text(issuer.name, left);
  party(issuer);
  doc.moveDown(1.5);
  doc.font('Helvetica-Bold').fontSize(20).text(`Statement for ${customer.name}`, left);
  doc
    .font('Helvetica')
    .fontSize(11)
    .fillColor('#444')
    .text(`Statement ${number} · Date ${date}`, left)
    .text(`Period ${s.period}${s.estimate ? ' (estimate: month to date)' : ''} · cloud costs in USD`, left);
  doc.moveDown(0.8).fillColor('#000').font('Helvetica-Bold').fontSize(10).text('Bill to', left);
  doc.font('Helvetica').fontSize(10).text(customer.name, left);
  party(customer);
  doc
    .moveDown(1)
    .font('Helvetica-Bold')
    .fontSize(16)
    .text(`Amount due: ${formatUsd(t.total)}`, left);
  doc.moveDown(1);

  const byProduct = new Map<string, number>();
  for (const r of s.rows)
    if (r.via !== 'tax') byProduct.set(r.product, (byProduct.get(r.product) ?? 0) + r.direct + r.shared + r.markup);
  let products = [...byProduct].sort((a, b) => b[1] - a[1]);
  if (products.length > MAX_PRODUCTS) {
    const rest = products.slice(MAX_PRODUCTS - 1).reduce((a, [, c]) => a + c, 0);
    products = [...products.slice(0, MAX_PRODUCTS - 1), ['Other products', rest]];
  }
  const row = (label: string, cents: number, bold = false) => {
    const y = doc.y;
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(11);
    doc.text(label, left, y, { width: right - left - 120, lineBreak: false, ellipsis: true });
    doc.text(formatUsd(cents), right - 120, y, { width: 120, align: 'right' });
    doc.moveDown(0.3);
  };
  doc.font('Helvetica-Bold').fontSize(12).text('By product (markup included)', left);
  doc.moveDown(0.4);
  for (const [product, cents] of products) row(product, cents);
  doc.moveTo(left, doc.y).lineTo(right, doc.y).stroke('#999');
  doc.moveDown(0.5);
  row('Direct', t.direct);
  row('Shared costs', t.shared);
  row(`Markup (${t.markupPct}%)`, t.markup);
  row('Tax', t.tax);
  row('Total', t.total, true);
  doc.moveDown(0.6).font('Helvetica').fontSize(10);
  doc.text(`${describeOwnAndSpread(s.allocatedBy)}.`, left);
  doc.moveDown(1).font('Helvetica').fontSize(9).fillColor('#666');
  doc.text(
    `${s.rows.length} invoice line(s), listed below. Shared costs split by the shared-cost policy; tax in proportion to direct and shared cost.`,
    left,
  );
  doc.fillColor('#000');

  // Every line, continued on new pages as needed, each page with its own column heads.
  const bottom = () => doc.page.height - doc.page.margins.bottom - FOOTER;
  const heads = (title: string) => {
    doc.font('Helvetica-Bold').fontSize(12).text(title, left);
    doc.moveDown(0.3);
    const y = doc.y;
    doc.font('Helvetica-Bold').fontSize(9).fillColor('#444');
    doc.text('Line', left, y, { width: 40, lineBreak: false });
    doc.text('Product and description', left + 44, y, { width: right - left - 44 - 90, lineBreak: false });
    doc.text('Amount', right - 90, y, { width: 90, align: 'right', lineBreak: false });
    doc.fillColor('#000');
    doc.y = y + ROW;
  };
  doc.moveDown(1.2);
  if (doc.y + 3 * ROW + 40 > bottom()) doc.addPage();
  heads('Lines');
  for (const r of s.rows) {
    if (doc.y + ROW > bottom()) {
      doc.addPage();
      heads('Lines (continued)');
    }
    const y = doc.y;
    doc.font('Helvetica').fontSize(9);
    doc.text(String(r.line), left, y, { width: 40, lineBreak: false });
    doc.text([r.product, r.description].filter(Boolean).join(' · '), left + 44, y, {
      width: right - left - 44 - 90,
      lineBreak: false,
      ellipsis: true,
    });
    doc.text(formatUsd(r.total), right - 90, y, { width: 90, align: 'right', lineBreak: false });
    doc.y = y + ROW;
  }
  if (doc.y + ROW > bottom()) doc.addPage();
  const y = doc.y + 4;
  doc.font('Helvetica-Bold').fontSize(9);
  doc.text('Lines total', left + 44, y, { width: right - left - 44 - 90, lineBreak: false });
  doc.text(formatUsd(s.rows.reduce((a, r) => a + r.total, 0)), right - 90, y, {
    width: 90,
    align: 'right',
    lineBreak: false,
  });

  const pages = doc.bufferedPageRange();
  for (let i = 0; i < pages.count; i++) {
    doc.switchToPage(pages.start + i);
    // Written inside the bottom margin: with the margin at 0, PDFKit does not start a new page for it.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor('#666')
      .text(`${issuer.name} · Statement ${number} · Page ${i + 1} of ${pages.count}`, left, doc.page.height - 40, {
        width: right - left,
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = margin;
  }
  doc.end();
  return done;
}
