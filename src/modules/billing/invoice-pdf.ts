import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Seller } from '../../config.js';
import type { Invoice, LocalizedText } from '../../db/schema.js';
import { taxOn } from '../../shared/money.js';
import type { BillingProfileView } from './billing-profile.js';
import type { InvoiceLine } from './invoices.repository.js';
import { invoiceWords, type InvoiceLocale, type InvoiceWords } from './invoice-pdf.text.js';
import { amountDueOf, paymentStatusOf } from './invoice-status.js';
import { renderRecord } from '../records/index.js';

/**
 * One font for every language: Noto Sans SC (SIL OFL) from the npm package
 * @expo-google-fonts/noto-sans-sc, the complete font (Latin, Greek, Cyrillic and all of CJK
 * Unified Ideographs), so product names and addresses print whatever the invoice's language.
 * pdfkit embeds only the glyphs a document uses. Read once per process (10 MB each).
 */
const require = createRequire(import.meta.url);
const fontFiles = {
  regular: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
} as const;
const fontCache = new Map<keyof typeof fontFiles, Buffer>();
function font(weight: keyof typeof fontFiles): Buffer {
  let data = fontCache.get(weight);
  if (!data) {
    data = readFileSync(require.resolve(fontFiles[weight]));
    fontCache.set(weight, data);
  }
  return data;
}

export interface InvoicePdfInput {
  invoice: Invoice;
  locale: InvoiceLocale;
  seller: Seller;
  buyer: BillingProfileView;
  /** Names of the products on the lines, by product id, in every catalog language. */
  productNames: Record<string, LocalizedText>;
  /** The tax rate of the buyer's billing country (basis points), to name each line's rate. */
  countryTaxRate: number;
  now: Date;
}

const page = { width: 595.28, height: 841.89, margin: 50 };
const contentWidth = page.width - 2 * page.margin;
const columns = {
  description: { x: 50, width: 215 },
  quantity: { x: 265, width: 40 },
  unitPrice: { x: 310, width: 75 },
  amount: { x: 390, width: 75 },
  tax: { x: 470, width: 75 },
};
const grey = '#555555';

export function formatInvoiceMoney(minor: number, currency: string, locale: string): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  // The font has no narrow no-break space (fr-FR groups with it): a plain no-break one reads the same.
  return format.format(minor / 10 ** digits).replace(/\u202f/g, '\u00a0');
}

export function formatInvoiceDate(value: Date | string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' })
    .format(new Date(value))
    .replace(/\u202f/g, '\u00a0');
}

function formatRate(basisPoints: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 })
    .format(basisPoints / 10_000)
    .replace(/\u202f/g, '\u00a0');
}

/**
 * The rate a line was taxed at. Lines keep amounts, not rates: the buyer country's rate when
 * it gives exactly the line's tax (the normal case), else the rate the amounts imply.
 */
function lineRate(line: InvoiceLine, countryRate: number): number {
  if (taxOn(Math.abs(line.amount), countryRate) === Math.abs(line.tax)) return countryRate;
  if (line.amount === 0) return 0;
  return Math.round((line.tax * 10_000) / line.amount);
}

export function taxByRate(lines: InvoiceLine[], countryRate: number) {
  const byRate = new Map<number, { base: number; tax: number }>();
  for (const line of lines) {
    const rate = lineRate(line, countryRate);
    const entry = byRate.get(rate) ?? { base: 0, tax: 0 };
    entry.base += line.amount;
    entry.tax += line.tax;
    byRate.set(rate, entry);
  }
  return [...byRate.entries()].sort((a, b) => a[0] - b[0]).map(([rate, v]) => ({ rate, ...v }));
}

function statusText(input: InvoicePdfInput, w: InvoiceWords): string {
  const { invoice: i, locale, now } = input;
  const s = paymentStatusOf(i, now);
  const date = (d: Date | null) => formatInvoiceDate(d ?? i.issued_at, locale);
  switch (s) {
    case 'paid':
      return i.kind === 'credit' ? w.status.credited(date(i.paid_at)) : w.status.paid(date(i.paid_at));
    case 'open':
      return w.status.dueBy(date(i.due_at));
    case 'overdue':
      return w.status.overdue(date(i.due_at));
    default:
      return w.status[s];
  }
}

/** The line in the invoice's language, from its record (the stored text for a line without one). */
function lineDescription(line: InvoiceLine, input: InvoicePdfInput): string {
  const names = new Map(Object.entries(input.productNames));
  // The font has no narrow no-break space (French puts one before a colon), and its no-break
  // space copies out of the PDF as NUL: a plain space reads and copies right.
  return renderRecord(line.record, input.locale, names, line.description).replace(/\u202f/g, ' ');
}

/**
 * Renders an invoice or credit note as a PDF (A4), in the given language and its currency.
 * pdfkit is loaded on the first PDF: it takes most of a second to import, which every CLI
 * command and server start would otherwise pay.
 */
export async function renderInvoicePdf(input: InvoicePdfInput): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  const { invoice: i, locale, seller, buyer } = input;
  const w = invoiceWords[locale];
  const money = (n: number) => formatInvoiceMoney(n, i.currency, locale);
  const title = i.kind === 'credit' ? w.creditNote : w.invoice;
  const doc = new PDFDocument({
    size: 'A4',
    margin: page.margin,
    bufferPages: true,
    lang: locale,
    displayTitle: true,
    info: { Title: `${title} ${i.number}`, Author: seller.legalName, CreationDate: i.issued_at },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', font('regular'));
  doc.registerFont('bold', font('bold'));

  // Header: seller on the left, title and number on the right.
  const top = page.margin;
  doc.font('bold').fontSize(11).fillColor('black').text(seller.legalName, page.margin, top, { width: 260 });
  doc.font('regular').fontSize(9).fillColor(grey);
  for (const line of seller.addressLines) doc.text(line, { width: 260 });
  if (seller.taxId) doc.text(`${w.taxId}: ${seller.taxId}`, { width: 260 });
  if (seller.email) doc.text(seller.email, { width: 260 });
  const sellerBottom = doc.y;

  doc.font('bold').fontSize(22).fillColor('black').text(title, 330, top, { width: 215, align: 'right' });
  doc.font('regular').fontSize(10);
  const facts: [string, string][] = [
    [w.number, i.number],
    [w.issued, formatInvoiceDate(i.issued_at, locale)],
    [w.due, formatInvoiceDate(i.due_at, locale)],
  ];
  for (const [label, value] of facts) {
    doc.fillColor(grey).text(`${label}: `, 330, doc.y, { width: 215, align: 'right', continued: true });
    doc.fillColor('black').text(value);
  }
  doc
    .font('bold')
    .fontSize(11)
    .fillColor('black')
    .text(statusText(input, w), 330, doc.y + 4, {
      width: 215,
      align: 'right',
    });

  // Buyer.
  let y = Math.max(sellerBottom, doc.y) + 24;
  doc.font('regular').fontSize(9).fillColor(grey).text(w.billTo, page.margin, y);
  doc.font('bold').fontSize(11).fillColor('black').text(buyer.legalName, { width: 300 });
  doc.font('regular').fontSize(10);
  for (const line of buyer.addressLines) doc.text(line, { width: 300 });
  const cityLine = [buyer.postalCode, buyer.city].filter((p) => p !== '').join(' ');
  if (cityLine) doc.text(cityLine, { width: 300 });
  doc.text(buyer.country, { width: 300 });
  if (buyer.taxId) doc.text(`${w.taxId}: ${buyer.taxId}`, { width: 300 });
  if (buyer.billingEmail) doc.fillColor(grey).text(buyer.billingEmail, { width: 300 });

  // Lines.
  y = doc.y + 24;
  const header = () => {
    doc.font('bold').fontSize(9).fillColor('black');
    doc.text(w.description, columns.description.x, y, { width: columns.description.width });
    doc.text(w.quantity, columns.quantity.x, y, { width: columns.quantity.width, align: 'right' });
    doc.text(w.unitPrice, columns.unitPrice.x, y, { width: columns.unitPrice.width, align: 'right' });
    doc.text(w.amount, columns.amount.x, y, { width: columns.amount.width, align: 'right' });
    doc.text(w.tax, columns.tax.x, y, { width: columns.tax.width, align: 'right' });
    y = doc.y + 4;
    doc
      .moveTo(page.margin, y)
      .lineTo(page.margin + contentWidth, y)
      .strokeColor('#999999')
      .lineWidth(0.5)
      .stroke();
    y += 6;
  };
  header();
  const bottom = page.height - page.margin - 30;
  for (const line of i.lines as InvoiceLine[]) {
    const description = lineDescription(line, input);
    let period = `${formatInvoiceDate(line.periodStart, locale)} – ${formatInvoiceDate(line.periodEnd, locale)}`;
    if (
      line.proratedDays !== undefined &&
      line.periodDays !== undefined &&
      line.proratedDays !== line.periodDays
    ) {
      period += ` (${w.prorated(line.proratedDays, line.periodDays)})`;
    }
    doc.font('regular').fontSize(10);
    const height =
      doc.heightOfString(description, { width: columns.description.width }) +
      doc.fontSize(8).heightOfString(period, { width: columns.description.width }) +
      8;
    if (y + height > bottom) {
      doc.addPage();
      y = page.margin;
      header();
    }
    doc.font('regular').fontSize(10).fillColor('black');
    doc.text(description, columns.description.x, y, { width: columns.description.width });
    const afterDescription = doc.y;
    doc.text(String(line.quantity), columns.quantity.x, y, { width: columns.quantity.width, align: 'right' });
    doc.text(money(line.unitAmount), columns.unitPrice.x, y, {
      width: columns.unitPrice.width,
      align: 'right',
    });
    doc.text(money(line.amount), columns.amount.x, y, { width: columns.amount.width, align: 'right' });
    doc.text(money(line.tax), columns.tax.x, y, { width: columns.tax.width, align: 'right' });
    doc.fontSize(8).fillColor(grey).text(`${w.period}: ${period}`, columns.description.x, afterDescription, {
      width: columns.description.width,
    });
    y = doc.y + 8;
  }

  // Totals, tax per rate, and what is left to pay.
  const rows: [string, string, boolean][] = [[w.subtotal, money(i.subtotal), false]];
  for (const r of taxByRate(i.lines as InvoiceLine[], input.countryTaxRate)) {
    rows.push([w.taxAt(formatRate(r.rate, locale), money(r.base)), money(r.tax), false]);
  }
  rows.push([w.total, money(i.total), true]);
  const status = paymentStatusOf(i, input.now);
  if (i.kind !== 'credit' && (status === 'open' || status === 'overdue')) {
    if (i.amount_credited > 0) rows.push([w.amountCredited, money(-i.amount_credited), false]);
    rows.push([w.amountPaid, money(i.amount_paid), false]);
    rows.push([w.amountDue, money(amountDueOf(i)), true]);
  }
  if (y + rows.length * 16 + 10 > bottom) {
    doc.addPage();
    y = page.margin;
  }
  doc
    .moveTo(300, y)
    .lineTo(page.margin + contentWidth, y)
    .strokeColor('#999999')
    .lineWidth(0.5)
    .stroke();
  y += 6;
  for (const [label, value, strong] of rows) {
    doc
      .font(strong ? 'bold' : 'regular')
      .fontSize(10)
      .fillColor('black');
    doc.text(label, 300, y, { width: 165 });
    const labelBottom = doc.y;
    doc.text(value, columns.tax.x - 30, y, { width: columns.tax.width + 30, align: 'right' });
    y = Math.max(labelBottom, doc.y) + 4;
  }

  // Page numbers, once the number of pages is known.
  const range = doc.bufferedPageRange();
  for (let n = 0; n < range.count; n++) {
    doc.switchToPage(range.start + n);
    doc.page.margins.bottom = 0;
    doc
      .font('regular')
      .fontSize(8)
      .fillColor(grey)
      .text(`${i.number} · ${w.page(n + 1, range.count)}`, page.margin, page.height - page.margin + 10, {
        width: contentWidth,
        align: 'center',
      });
  }
  doc.end();
  return done;
}
