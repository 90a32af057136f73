import { cloudProfiles, type Cloud } from '../../config.js';
import { renderRecord } from '../records/index.js';
import type { LocalizedText } from '../../db/schema.js';
import { eventEmail, type EventData, type EventType } from './events.catalog.js';
import { mailTexts, type Fmt, type Links, type MailBody, type MailLocale } from './mail.texts.js';

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

export interface RenderInput {
  type: EventType;
  data: Record<string, unknown>;
  locale: MailLocale;
  recipientName: string;
  tenantName: string;
  /** Product names by id, as the catalog keeps them (keys en-US, fr-FR…). */
  products: ReadonlyMap<string, LocalizedText>;
  publicUrl: string;
  cloud: Cloud;
}

function productName(names: LocalizedText | undefined, locale: MailLocale, id: string): string {
  if (!names) return id;
  return (
    names[locale] ?? names[locale.slice(0, 2)] ?? names['en-US'] ?? names.en ?? Object.values(names)[0] ?? id
  );
}

/** Currency digits come from Intl (0 for JPY, 2 for EUR), so minor units print right everywhere. */
export function formatMoney(amount: number, currency: string, locale: string): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amount / 10 ** digits);
}

export function formatDate(iso: string | null, locale: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(iso));
}

export function mailLinks(publicUrl: string, cloud: Cloud): Links {
  const subscriptions =
    cloudProfiles[cloud].navigation === 'subscriptions' ? '/billing/subscriptions' : '/billing/products';
  const sub = (id: string) => `${publicUrl}${subscriptions}/${encodeURIComponent(id)}`;
  return {
    subscription: sub,
    changeQuantity: (id) => `${sub(id)}?action=change-quantity`,
    recurringBilling: (id) => `${sub(id)}?action=recurring-billing`,
    invoice: (id) => `${publicUrl}/billing/bills/${encodeURIComponent(id)}`,
    bills: `${publicUrl}/billing/bills`,
    paymentMethods: `${publicUrl}/billing/payment-methods`,
    supportRequest: (id) => `${publicUrl}/support/requests/${encodeURIComponent(id)}`,
    preferences: `${publicUrl}/settings/notifications`,
    myAccount: `${publicUrl}/`,
  };
}

function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export function mailBody(input: RenderInput): MailBody {
  const texts = mailTexts[input.locale];
  const fmt: Fmt = {
    money: (amount, currency) => formatMoney(amount, currency, input.locale),
    date: (iso) => formatDate(iso, input.locale),
    product: (id) => productName(input.products.get(id), input.locale, id),
    record: (rec, fallback) => renderRecord(rec, input.locale, input.products, fallback),
  };
  const build = texts.events[input.type] as (d: EventData<EventType>, f: Fmt, l: Links) => MailBody;
  return build(input.data as EventData<EventType>, fmt, mailLinks(input.publicUrl, input.cloud));
}

/**
 * One email, in HTML and plain text from the same parts. Inline styles only: mail clients
 * ignore style sheets. Every value is escaped: product names and support replies are data.
 */
export function renderMail(input: RenderInput): RenderedMail {
  const texts = mailTexts[input.locale];
  const body = mailBody(input);
  const audience = eventEmail[input.type];
  const footer =
    audience.audience === 'user'
      ? texts.footerUser
      : audience.essential
        ? texts.footerEssential
        : texts.footerOptional;
  const links = mailLinks(input.publicUrl, input.cloud);
  const facts: [string, string][] = [[texts.tenant, input.tenantName], ...body.facts];

  const text = [
    texts.greeting(input.recipientName),
    '',
    body.heading,
    '',
    ...body.paragraphs.flatMap((p) => [p, '']),
    ...facts.map(([k, v]) => `${k}: ${v}`),
    '',
    ...body.actions.map((a) => `${a.label}: ${a.url}`),
    '',
    '--',
    footer,
    ...(audience.audience === 'admins' && !audience.essential
      ? [`${texts.preferences}: ${links.preferences}`]
      : []),
    '',
  ].join('\n');

  const e = escapeHtml;
  const html = `<!doctype html>
<html lang="${input.locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${e(body.subject)}</title></head>
<body style="margin:0;padding:24px;background:#f5f5f5;font-family:'Segoe UI',Arial,sans-serif;color:#242424">
<table role="presentation" width="100%" style="max-width:600px;margin:0 auto;background:#ffffff;border-radius:4px;padding:24px">
<tr><td>
<p style="margin:0 0 16px">${e(texts.greeting(input.recipientName))}</p>
<h1 style="font-size:20px;font-weight:600;margin:0 0 16px">${e(body.heading)}</h1>
${body.paragraphs.map((p) => `<p style="margin:0 0 12px;line-height:1.5">${e(p)}</p>`).join('\n')}
<table role="presentation" style="border-collapse:collapse;margin:16px 0;width:100%">
${facts.map(([k, v]) => `<tr><th scope="row" style="text-align:start;padding:4px 12px 4px 0;font-weight:600;color:#616161">${e(k)}</th><td style="padding:4px 0">${e(v)}</td></tr>`).join('\n')}
</table>
<p style="margin:16px 0">${body.actions
    .map(
      (a) =>
        `<a href="${e(a.url)}" style="display:inline-block;margin:0 8px 8px 0;padding:8px 16px;background:#0f6cbd;color:#ffffff;text-decoration:none;border-radius:4px">${e(a.label)}</a>`,
    )
    .join('')}</p>
<hr style="border:none;border-top:1px solid #e0e0e0;margin:24px 0 12px">
<p style="font-size:12px;color:#616161;margin:0">${e(footer)}${
    audience.audience === 'admins' && !audience.essential
      ? ` <a href="${e(links.preferences)}" style="color:#0f6cbd">${e(texts.preferences)}</a>`
      : ''
  }</p>
</td></tr></table>
</body></html>
`;
  return { subject: body.subject, html, text };
}
