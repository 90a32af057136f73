import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestTenant } from './support/harness.js';
import { buy, subscribe } from './support/billing.js';
import { pdfText } from './support/pdf-text.js';

const seller = {
  BILLING_CENTER_SELLER_NAME: 'Example Operator Ltd',
  BILLING_CENTER_SELLER_ADDRESS: '7 Harbour Road|Dublin D02 XY45|IE',
  BILLING_CENTER_SELLER_TAX_ID: 'IE9876543X',
  BILLING_CENTER_SELLER_EMAIL: 'billing@operator.example',
};

/** Whitespace as a reader sees it: no-break spaces and line breaks are just spaces. */
const flat = (s: string) => s.replace(/\s+/g, ' ');
const money = (minor: number, currency: string, locale: string) =>
  flat(new Intl.NumberFormat(locale, { style: 'currency', currency }).format(minor / 100));

async function download(server: TestServer, token: string, id: string, query = '') {
  const res = await fetch(`${server.url}/api/invoices/${id}/pdf${query}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const body = Buffer.from(await res.arrayBuffer());
  return { res, body, text: res.ok ? flat((await pdfText(body)).text) : body.toString('utf8') };
}

describe('invoice PDFs (en-US, fr-FR, de-DE)', () => {
  let server: TestServer;
  let t: TestTenant;
  beforeAll(async () => {
    server = await startTestServer({ env: seller });
    t = await server.createTenant({ name: 'Contoso', country: 'DE' });
    const saved = await server.request('PUT', '/api/billing/profile', {
      token: t.token,
      body: {
        legalName: 'Contoso Deutschland GmbH',
        addressLines: ['Musterstraße 1'],
        postalCode: '10115',
        city: 'Berlin',
        country: 'DE',
        taxId: 'DE123456789',
        billingEmail: 'ap@contoso.example',
      },
    });
    expect(saved.status).toBe(200);
  });
  afterAll(() => server.close());

  it('prints seller, buyer, number, dates, lines, tax per rate, totals and "paid"', async () => {
    server.clock.set('2026-03-02T10:00:00Z');
    await subscribe(server, t, 'o365-e3', { quantity: 4 });
    const invoice = (await server.request('GET', '/api/invoices', { token: t.token })).body.invoices[0];
    const { res, body, text } = await download(server, t.token, invoice.id);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${invoice.number}.pdf"`);
    expect(body.subarray(0, 5).toString()).toBe('%PDF-');
    expect(text).toContain('Invoice');
    expect(text).toContain(invoice.number);
    for (const s of ['Example Operator Ltd', '7 Harbour Road', 'IE9876543X', 'billing@operator.example']) {
      expect(text).toContain(s);
    }
    for (const s of [
      'Contoso Deutschland GmbH',
      'Musterstraße 1',
      '10115 Berlin',
      'DE123456789',
      'ap@contoso.example',
    ]) {
      expect(text).toContain(s);
    }
    expect(text).toContain('Issue date: Mar 2, 2026');
    expect(text).toContain('Paid on Mar 2, 2026');
    const line = invoice.lines[0];
    expect(text).toContain('Office 365 E3');
    const cur = invoice.currency as string;
    expect(cur).toBe('EUR'); // a German buyer on the worldwide cloud pays in euros
    expect(text).toContain(money(line.unitAmount, cur, 'en-US'));
    // Germany's 19 % on the whole subtotal, then the total.
    expect(invoice.tax).toBe(Math.floor((invoice.subtotal * 1900 + 5000) / 10_000));
    expect(text).toContain(
      `Tax 19% on ${money(invoice.subtotal, cur, 'en-US')} ${money(invoice.tax, cur, 'en-US')}`,
    );
    expect(text).toContain(`Total ${money(invoice.total, cur, 'en-US')}`);
    expect(text).not.toContain('Amount due');
  });

  it('speaks French or German when asked, with their number and date formats', async () => {
    const invoice = (await server.request('GET', '/api/invoices', { token: t.token })).body.invoices[0];
    const fr = await download(server, t.token, invoice.id, '?locale=fr-FR');
    expect(fr.text).toContain('Facture');
    expect(fr.text).toContain('Payée le 2 mars 2026');
    expect(fr.text).toContain(`Total TTC ${money(invoice.total, 'EUR', 'fr-FR')}`);
    expect(fr.text).toContain('TVA 19 %');
    const de = await download(server, t.token, invoice.id, '?locale=de-DE');
    expect(de.text).toContain('Rechnung');
    expect(de.text).toContain('Rechnungsempfänger');
    expect(de.text).toContain(`Gesamtbetrag ${money(invoice.total, 'EUR', 'de-DE')}`);
    expect(de.text).toContain('Bezahlt am 02.03.2026');
    const bad = await server.request('GET', `/api/invoices/${invoice.id}/pdf?locale=xx-XX`, {
      token: t.token,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('validation_failed');
  });

  it('an open invoice says when it is due and how much, then that it is overdue', async () => {
    server.clock.set('2026-04-01T09:00:00Z');
    const order = await buy(server, t, 'm365-business-basic', {
      quantity: 3,
      payment: { method: 'invoice' },
    });
    expect(order.status).toBe(201);
    const id = order.body.invoice.id as string;
    const open = await download(server, t.token, id);
    expect(open.text).toContain('Due by May 1, 2026');
    const total = (await server.request('GET', `/api/invoices/${id}`, { token: t.token })).body
      .total as number;
    expect(total).toBeGreaterThan(0);
    expect(open.text).toContain(
      `Amount paid ${money(0, 'EUR', 'en-US')} Amount due ${money(total, 'EUR', 'en-US')}`,
    );
    server.clock.set('2026-05-02T09:00:00Z');
    const late = await download(server, t.token, id);
    expect(late.text).toContain('Overdue since May 1, 2026');
    const view = await server.request('GET', `/api/invoices/${id}`, { token: t.token });
    expect(view.body).toMatchObject({ status: 'overdue', amountDue: total, amountPaid: 0 });
  });

  it('a credit note is titled as one, with negative amounts', async () => {
    server.clock.set('2026-06-01T09:00:00Z');
    const sub = await subscribe(server, t, 'o365-e1', { quantity: 5 });
    server.clock.set('2026-06-03T09:00:00Z');
    const cut = await server.request('POST', `/api/subscriptions/${sub}/quantity`, {
      token: t.token,
      body: { quantity: 2 },
    });
    expect(cut.status).toBe(200);
    const credit = (
      await server.request('GET', `/api/invoices?subscriptionId=${sub}`, { token: t.token })
    ).body.invoices.find((i: { kind: string }) => i.kind === 'credit');
    expect(credit.total).toBeLessThan(0);
    const { text } = await download(server, t.token, credit.id);
    expect(text).toContain('Credit note');
    expect(text).toContain(credit.number);
    expect(text).toContain(`Total ${money(credit.total, 'EUR', 'en-US')}`);
    expect(text).toContain('Credited on Jun 3, 2026');
  });

  it('another tenant, a License admin, or nobody gets nothing', async () => {
    const invoice = (await server.request('GET', '/api/invoices', { token: t.token })).body.invoices[0];
    const other = await server.createTenant();
    const stranger = await download(server, other.token, invoice.id);
    expect(stranger.res.status).toBe(404);
    expect(stranger.res.headers.get('content-type')).toContain('application/problem+json');
    const unknown = await download(server, other.token, 'inv_doesnotexist');
    expect(JSON.parse(unknown.text).code).toBe(JSON.parse(stranger.text).code);
    const licenseAdmin = await t.addUser('license_admin');
    expect((await download(server, licenseAdmin.token, invoice.id)).res.status).toBe(403);
    const billingAdmin = await t.addUser('billing_admin');
    expect((await download(server, billingAdmin.token, invoice.id)).res.status).toBe(200);
    expect((await fetch(`${server.url}/api/invoices/${invoice.id}/pdf`)).status).toBe(401);
  });
});

describe('invoice PDFs in Chinese (21Vianet, CNY)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ cloud: '21vianet', env: seller });
  });
  afterAll(() => server.close());

  it('shows the Chinese title, words, buyer and yuan amounts with an embedded font', async () => {
    const t = await server.createTenant({ name: '示例', country: 'CN' });
    const saved = await server.request('PUT', '/api/billing/profile', {
      token: t.token,
      body: {
        legalName: '北京示例科技有限公司',
        addressLines: ['朝阳区建国路88号'],
        postalCode: '100022',
        city: '北京市',
        country: 'CN',
        taxId: '91110105MA01ABCD2X',
      },
    });
    expect(saved.status).toBe(200);
    await subscribe(server, t, 'o365-e3', { quantity: 2 });
    const invoice = (await server.request('GET', '/api/invoices', { token: t.token })).body.invoices[0];
    expect(invoice.currency).toBe('CNY');
    const { res, body, text } = await download(server, t.token, invoice.id);
    expect(res.status).toBe(200);
    expect(text).toContain('发票');
    expect(text).toContain('付款方');
    expect(text).toContain('北京示例科技有限公司');
    expect(text).toContain('朝阳区建国路88号');
    expect(text).toContain('100022 北京市');
    expect(text).toContain(`总计 ${money(invoice.total, 'CNY', 'zh-CN')}`);
    expect(text).toContain('税率 6%');
    expect(text).toContain('已于 2026年3月2日 付款');
    // The glyphs travel with the document: a font is embedded, none is assumed on the reader's machine.
    expect(body.toString('latin1')).toMatch(/\/FontFile2/);
  });
});
