import PDFDocument from 'pdfkit';
import { formatUsd } from '../invoice/money.js';
import type { Statement } from './statement-rows.js';

const MAX_PRODUCTS = 18;

/**
 * A one-page statement a customer can be sent: the period, the amount due, and the cost by product.
 * Lines are summed by product so any invoice fits one page; the CSV statement lists every line.
 */
export function statementPdf(s: Statement, issuer = 'Arcadia'): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: { Title: `Statement ${s.tenant.tenant} ${s.period}`, Author: issuer },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const t = s.tenant;

  doc.font('Helvetica-Bold').fontSize(20).text(`Statement for ${t.tenant}`);
  doc
    .font('Helvetica')
    .fontSize(11)
    .fillColor('#444')
    .text(`Period ${s.period}${s.estimate ? ' (estimate: month to date)' : ''} · cloud costs in USD`);
  doc
    .moveDown(1.2)
    .fillColor('#000')
    .font('Helvetica-Bold')
    .fontSize(16)
    .text(`Amount due: ${formatUsd(t.total)}`);
  doc.moveDown(1);

  const byProduct = new Map<string, number>();
  for (const r of s.rows)
    if (r.via !== 'tax') byProduct.set(r.product, (byProduct.get(r.product) ?? 0) + r.direct + r.shared + r.markup);
  let products = [...byProduct].sort((a, b) => b[1] - a[1]);
  if (products.length > MAX_PRODUCTS) {
    const rest = products.slice(MAX_PRODUCTS - 1).reduce((a, [, c]) => a + c, 0);
    products = [...products.slice(0, MAX_PRODUCTS - 1), ['Other products', rest]];
  }
  const left = doc.page.margins.left;
  const right = doc.page.width - doc.page.margins.right;
  const row = (label: string, cents: number, bold = false) => {
    const y = doc.y;
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(11);
    doc.text(label, left, y, { width: right - left - 120, lineBreak: false, ellipsis: true });
    doc.text(formatUsd(cents), right - 120, y, { width: 120, align: 'right' });
    doc.moveDown(0.3);
  };
  doc.font('Helvetica-Bold').fontSize(12).text('By product (markup included)');
  doc.moveDown(0.4);
  for (const [product, cents] of products) row(product, cents);
  doc.moveTo(left, doc.y).lineTo(right, doc.y).stroke('#999');
  doc.moveDown(0.5);
  row('Direct', t.direct);
  row('Shared costs', t.shared);
  row(`Markup (${t.markupPct}%)`, t.markup);
  row('Tax', t.tax);
  row('Total', t.total, true);
  doc.moveDown(1.5).font('Helvetica').fontSize(9).fillColor('#666');
  doc.text(
    `${s.rows.length} invoice line(s). Shared costs split by the shared-cost policy; tax in proportion to direct and shared cost.`,
    left,
  );
  doc.end();
  return done;
}
