import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchEvent } from '../src/modules/notifications/index.js';
import { cards, subscribe } from './support/billing.js';
import { operatorToken, startTestServer, type TestServer, type TestTenant } from './support/harness.js';
import { parseMail, startSmtpCapture, type ReceivedMail } from './support/mail-and-webhooks.js';

const START = '2026-03-02T10:00:00Z';

describe('email notifications through a real SMTP server', () => {
  let server: TestServer;
  let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
  beforeAll(async () => {
    smtp = await startSmtpCapture();
    server = await startTestServer({
      now: START,
      env: {
        BILLING_CENTER_SMTP_URL: smtp.url,
        BILLING_CENTER_PUBLIC_URL: 'https://billing.example.com',
        BILLING_CENTER_MAIL_RETRY_SECONDS: '1',
      },
    });
  });
  afterAll(async () => {
    await server.close();
    await smtp.close();
  });

  const mailTo = (email: string) => smtp.mail.filter((m) => m.to.includes(email));
  const settle = () => server.drainJobs();
  const sweep = async () =>
    (await server.request('POST', '/api/operator/notifications/sweep', { token: operatorToken })).body;

  async function tenantWithAdmins(country = 'US'): Promise<{
    t: TestTenant;
    billing: { id: string; token: string; email: string };
    license: { email: string };
  }> {
    const t = await server.createTenant({ country });
    const billing = await t.addUser('billing_admin');
    const license = await t.addUser('license_admin');
    return { t, billing, license };
  }

  it('tells Global and Billing admins of an order and its invoice, with the amounts in the tenant currency', async () => {
    server.clock.set(START);
    const { t, billing, license } = await tenantWithAdmins();
    const order = await server.request('POST', '/api/orders', {
      token: t.token,
      body: {
        items: [{ productId: 'o365-e3', quantity: 3, commitment: 'annual', billingFrequency: 'annual' }],
        payment: { method: 'card', paymentMethodId: cards.ok },
      },
    });
    expect(order.status).toBe(201);
    await settle();
    const total = (order.body.totalDueToday / 100).toLocaleString('en-US', {
      style: 'currency',
      currency: 'USD',
    });
    for (const email of [t.adminEmail, billing.email]) {
      const subjects = mailTo(email).map((m) => m.subject);
      expect(subjects).toContain(`Order confirmed: ${total} — invoice ${order.body.invoice.number}`);
      expect(subjects).toContain(`Invoice ${order.body.invoice.number}: ${total} (paid)`);
    }
    // License admins are not billing people: they get nothing.
    expect(mailTo(license.email)).toEqual([]);
    const confirmation = mailTo(t.adminEmail).find((m) => m.subject.startsWith('Order confirmed'))!;
    expect(confirmation.headers['content-language']).toBe('en-US');
    expect(confirmation.text).toContain('Office 365 E3');
    expect(confirmation.text).toContain(`https://billing.example.com/billing/bills/${order.body.invoice.id}`);
    expect(confirmation.html).toContain('<h1');
    expect(confirmation.html).toContain(total);
  });

  it('writes each admin’s mail in the language they chose, with the tenant’s currency and dates', async () => {
    server.clock.set(START);
    const { t, billing } = await tenantWithAdmins('FR');
    expect(
      (
        await server.request('PUT', '/api/notification-preferences', {
          token: t.token,
          body: { locale: 'fr-FR' },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await server.request('PUT', '/api/notification-preferences', {
          token: billing.token,
          body: { locale: 'zh-CN' },
        })
      ).body.locale,
    ).toBe('zh-CN');
    const id = await subscribe(server, t, 'o365-e3', {
      quantity: 2,
      commitment: 'annual',
      billingFrequency: 'annual',
    });
    await server.request('PATCH', `/api/subscriptions/${id}`, {
      token: t.token,
      body: { recurringBilling: false },
    });
    await settle();
    const fr = mailTo(t.adminEmail).find((m) => m.subject.startsWith('Facturation périodique désactivée'))!;
    expect(fr.subject).toBe(
      'Facturation périodique désactivée : Office 365 Entreprise E3 prend fin le 2 mars 2027',
    );
    expect(fr.headers['content-language']).toBe('fr-FR');
    const frOrder = mailTo(t.adminEmail).find((m) => m.subject.startsWith('Commande confirmée'))!;
    // Euros, French style: a comma for decimals and the sign after the amount.
    expect(frOrder.subject).toMatch(/^Commande confirmée : \d[\d\s]*,\d\d\s€ — facture INV-/);
    const zh = mailTo(billing.email).find((m) => m.subject.startsWith('已关闭定期计费'))!;
    expect(zh.subject).toBe('已关闭定期计费：Office 365 E3 将于 2027年3月2日 结束');
    expect(zh.text).toContain('组织');
  });

  it('lets an admin turn optional mail off, but never mail about money owed', async () => {
    server.clock.set(START);
    const { t, billing } = await tenantWithAdmins();
    const refused = await server.request('PUT', '/api/notification-preferences', {
      token: billing.token,
      body: { optedOut: ['order.placed', 'payment.failed'] },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('validation_failed');
    expect(
      (await server.request('GET', '/api/notification-preferences', { token: billing.token })).body.optedOut,
    ).toEqual([]);
    const ok = await server.request('PUT', '/api/notification-preferences', {
      token: billing.token,
      body: { optedOut: ['order.placed'] },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.eventTypes.find((e: { type: string }) => e.type === 'order.placed')).toMatchObject({
      optional: true,
      enabled: false,
    });
    expect(ok.body.eventTypes.find((e: { type: string }) => e.type === 'payment.failed')).toMatchObject({
      optional: false,
      enabled: true,
    });
    await subscribe(server, t, 'o365-e1', { quantity: 1 });
    await settle();
    // The Billing admin turned order confirmations off but still gets the invoice.
    expect(mailTo(billing.email).map((m) => m.subject)).toEqual([
      expect.stringMatching(/^Invoice INV-\d+: \$[\d.,]+ \(paid\)$/),
    ]);
    expect(mailTo(t.adminEmail).some((m) => m.subject.startsWith('Order confirmed'))).toBe(true);
    // A License admin has no billing mail to configure.
    const license = await t.addUser('license_admin');
    expect(
      (await server.request('GET', '/api/notification-preferences', { token: license.token })).status,
    ).toBe(403);
  });

  it('announces added licenses once the card paid, and nothing for an increase the card declined', async () => {
    server.clock.set(START);
    const { t } = await tenantWithAdmins();
    const id = await subscribe(server, t, 'o365-e1', { quantity: 1 });
    const added = await server.request('POST', `/api/subscriptions/${id}/quantity`, {
      token: t.token,
      body: { quantity: 3 },
    });
    expect(added.status).toBe(200);
    await server.request('POST', '/api/payment-methods', {
      token: t.token,
      body: { type: 'card', paymentMethodId: cards.declined, makeDefault: true },
    });
    const declined = await server.request('POST', `/api/subscriptions/${id}/quantity`, {
      token: t.token,
      body: { quantity: 5 },
    });
    expect(declined.status).toBe(402);
    await settle();
    const subjects = mailTo(t.adminEmail).map((m) => m.subject);
    expect(subjects.filter((x) => x.includes('license quantity changed'))).toEqual([
      'Office 365 E1: license quantity changed from 1 to 3',
    ]);
    const charged = (added.body.change.total / 100).toLocaleString('en-US', {
      style: 'currency',
      currency: 'USD',
    });
    const mail = mailTo(t.adminEmail).find((m) => m.subject.includes('from 1 to 3'))!;
    expect(mail.text).toContain(`Charged now: ${charged}`);
  });

  it('reminds 30 and 7 days before an annual term ends, once each, with the links to change it', async () => {
    server.clock.set(START);
    const { t } = await tenantWithAdmins();
    const id = await subscribe(server, t, 'o365-e3', {
      quantity: 5,
      commitment: 'annual',
      billingFrequency: 'annual',
    });
    await settle();
    await sweep();
    await settle();
    expect(mailTo(t.adminEmail).filter((m) => m.subject.includes('renews in'))).toEqual([]);
    server.clock.set('2027-01-31T10:00:01Z');
    expect((await sweep()).reminders).toBeGreaterThanOrEqual(1);
    expect((await sweep()).reminders).toBe(0);
    await settle();
    const thirty = mailTo(t.adminEmail).filter((m) => m.subject.includes('renews in'));
    expect(thirty.map((m) => m.subject)).toEqual(['Office 365 E3 renews in 30 days, on March 2, 2027']);
    expect(thirty[0]!.text).toContain(
      `Schedule a decrease: https://billing.example.com/billing/products/${id}?action=change-quantity`,
    );
    expect(thirty[0]!.text).toContain(
      `Turn recurring billing off: https://billing.example.com/billing/products/${id}?action=recurring-billing`,
    );
    server.clock.set('2027-02-23T10:00:01Z');
    await sweep();
    await sweep();
    await settle();
    expect(
      mailTo(t.adminEmail)
        .filter((m) => m.subject.includes('renews in'))
        .map((m) => m.subject),
    ).toEqual([
      'Office 365 E3 renews in 30 days, on March 2, 2027',
      'Office 365 E3 renews in 7 days, on March 2, 2027',
    ]);
  });

  it('says what to do when a renewal payment fails, then that the subscription expired', async () => {
    server.clock.set(START);
    const { t } = await tenantWithAdmins();
    await subscribe(server, t, 'o365-e1', {
      quantity: 1,
      commitment: 'monthly',
      billingFrequency: 'monthly',
    });
    await server.request('POST', '/api/payment-methods', {
      token: t.token,
      body: { type: 'card', paymentMethodId: cards.noFunds, makeDefault: true },
    });
    server.clock.set('2026-04-02T10:00:01Z');
    await server.request('POST', '/api/operator/billing/run', { token: operatorToken });
    await settle();
    const failed = mailTo(t.adminEmail).find((m) => m.subject.startsWith('Action needed'))!;
    expect(failed.subject).toMatch(/^Action needed: payment of \$[\d.]+ for Office 365 E1 failed$/);
    expect(failed.text).toContain('What to do: update the card');
    expect(failed.text).toContain('April 5, 2026');
    expect(failed.text).toContain('https://billing.example.com/billing/payment-methods');
    for (let day = 3; day <= 36; day += 3) {
      server.clock.set(new Date(Date.parse('2026-04-02T10:00:00Z') + day * 86_400_000).toISOString());
      await server.request('POST', '/api/operator/billing/run', { token: operatorToken });
    }
    await settle();
    expect(mailTo(t.adminEmail).map((m) => m.subject)).toContain('Office 365 E1 has expired');
  }, 60_000);

  it('warns of an overdue invoice once, of a deletion a week ahead, and relays support replies', async () => {
    server.clock.set(START);
    const { t } = await tenantWithAdmins();
    const byInvoice = await server.request('POST', '/api/orders', {
      token: t.token,
      body: {
        items: [{ productId: 'o365-e1', quantity: 2, commitment: 'annual', billingFrequency: 'annual' }],
        payment: { method: 'invoice' },
      },
    });
    expect(byInvoice.status).toBe(201);
    const number = byInvoice.body.invoice.number as string;
    const base = await subscribe(server, t, 'o365-e3', {
      quantity: 1,
      commitment: 'annual',
      billingFrequency: 'annual',
    });
    await server.request('PATCH', `/api/subscriptions/${base}`, {
      token: t.token,
      body: { recurringBilling: false },
    });

    server.clock.set('2026-04-02T10:00:01Z');
    await sweep();
    await sweep();
    await settle();
    expect(mailTo(t.adminEmail).filter((m) => m.subject.startsWith('Overdue'))).toEqual([
      expect.objectContaining({
        subject: expect.stringMatching(
          new RegExp(`^Overdue: invoice ${number} \\(\\$[\\d.,]+\\) was due April 1, 2026$`),
        ),
      }),
    ]);

    // Expired at term end, disabled 30 days later, deleted 90 days after that: told 7 days before.
    for (const at of ['2027-03-02T11:00:00Z', '2027-04-01T11:00:00Z']) {
      server.clock.set(at);
      await server.request('POST', '/api/operator/billing/run', { token: operatorToken });
    }
    server.clock.set('2027-06-24T11:00:00Z');
    await sweep();
    expect((await sweep()).aboutToBeDeleted).toBe(0);
    await settle();
    const subjects = mailTo(t.adminEmail).map((m) => m.subject);
    expect(subjects).toContain('Office 365 E3 has expired');
    expect(subjects).toContain('Office 365 E3 is disabled: users have lost access');
    expect(subjects).toContain('Office 365 E3 will be deleted on June 30, 2027');

    const request = await server.request('POST', '/api/support-requests', {
      token: t.token,
      body: { type: 'general', subject: 'Invoice address', description: 'Please change it.' },
    });
    await server.request('POST', `/api/operator/support-requests/${request.body.id}/messages`, {
      token: operatorToken,
      body: { body: 'Done: the address is updated.' },
    });
    await settle();
    const reply = mailTo(t.adminEmail).find(
      (m) => m.subject === 'Support request “Invoice address”: new reply',
    )!;
    expect(reply.text).toContain('Done: the address is updated.');
  }, 60_000);

  it('retries mail the SMTP server refused, and a dispatch that runs twice sends nothing twice', async () => {
    server.clock.set(START);
    const { t, billing } = await tenantWithAdmins();
    const id = await subscribe(server, t, 'o365-e1', { quantity: 1 });
    await settle();
    smtp.failNext(1);
    await server.request('PATCH', `/api/subscriptions/${id}`, {
      token: t.token,
      body: { recurringBilling: false },
    });
    // The first attempt is refused (451); the queue tries again after its backoff.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await server.drainJobs().catch(() => undefined);
    const arrived = (email: string) =>
      mailTo(email).some((m) => m.subject.startsWith('Recurring billing turned off'));
    await waitFor(() => arrived(t.adminEmail) && arrived(billing.email), 20_000);
    const events = (
      await server.request('GET', '/api/events?type=subscription.recurring_billing_changed', {
        token: t.token,
      })
    ).body.events;
    expect(events).toHaveLength(1);
    const before = mailTo(t.adminEmail).length;
    await dispatchEvent(server.ctx, events[0].id);
    await settle();
    expect(mailTo(t.adminEmail)).toHaveLength(before);
    const log = (await server.request('GET', `/api/operator/mail?tenantId=${t.id}`, { token: operatorToken }))
      .body.mail;
    // Two admins, one refusal: whichever message met it was sent on its second attempt.
    const rows = log.filter((m: { eventId: string }) => m.eventId === events[0].id);
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row).toMatchObject({ status: 'sent', transport: 'smtp' });
    expect(rows.map((r: { attempts: number }) => r.attempts).sort()).toEqual([1, 2]);
  }, 30_000);
});

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('without SMTP: .eml files and the operator mail page', () => {
  let server: TestServer;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'bc-mail-'));
    server = await startTestServer({
      now: START,
      cloud: 'germany',
      env: { BILLING_CENTER_DATA_DIR: dataDir },
    });
  });
  afterAll(async () => {
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('writes every message under <data dir>/mail and lists it for the operator, the license mail in German to the user', async () => {
    const t = await server.createTenant({ country: 'DE' });
    const user = await t.addUser('user', { displayName: 'Grete Benutzer' });
    await subscribe(server, t, 'o365-e3', {
      quantity: 2,
      payment: { method: 'card', paymentMethodId: cards.ok },
    });
    const assigned = await server.request('PUT', `/api/users/${user.id}/licenses/o365-e3`, {
      token: t.token,
    });
    expect(assigned.status).toBe(200);
    await server.drainJobs();

    const files = await readdir(path.join(dataDir, 'mail'));
    const mails: ReceivedMail[] = await Promise.all(
      files.map(async (f) => parseMail(await readFile(path.join(dataDir, 'mail', f), 'utf8'))),
    );
    const licenseMail = mails.find((m) => m.headers.to?.includes(user.email))!;
    expect(licenseMail.subject).toBe('Sie haben eine neue Lizenz: Office 365 E3');
    expect(licenseMail.text).toContain('Grete Benutzer');
    const order = mails.find((m) => m.subject.startsWith('Bestellung bestätigt'))!;
    expect(order.subject).toMatch(/^Bestellung bestätigt: \d[\d.]*,\d\d\s€ – Rechnung INV-/);

    const list = await server.request('GET', '/api/operator/mail', { token: operatorToken });
    expect(list.status).toBe(200);
    expect(list.body.mailDir).toBe(path.join(dataDir, 'mail'));
    expect(list.body.mail).toHaveLength(files.length);
    const row = list.body.mail.find((m: { to: string }) => m.to === user.email);
    expect(row).toMatchObject({ transport: 'file', locale: 'de-DE', status: 'sent' });
    const eml = await server.request('GET', `/api/operator/mail/${row.id}/eml`, { token: operatorToken });
    expect(eml.contentType).toContain('message/rfc822');
    expect(parseMail(eml.body as string).subject).toBe('Sie haben eine neue Lizenz: Office 365 E3');
    const one = await server.request('GET', `/api/operator/mail/${row.id}`, { token: operatorToken });
    expect(one.body.html).toContain('Grete Benutzer');
    expect((await server.request('GET', '/api/operator/mail', { token: t.token })).status).toBe(403);
    const page = await server.request('GET', '/api/operator/mail.html');
    expect(page.contentType).toContain('text/html');
  });
});
