import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, signIn, type Session } from './support/browser.js';

/**
 * "Charged today" or "due by invoice" is the API's word (`collection` on quotes, orders and
 * quantity changes), from the payment method the server will use: the demo tenant pays by
 * invoice; then it saves a card as its default and every sentence follows. The co-term of a
 * traditional add-on is the API's too (`coTerm`): the review names its base and term end.
 */
describe('how amounts are collected, for a tenant paying by invoice and then by card', () => {
  let s: Session;
  let cookie = '';
  let e3 = '';
  beforeAll(async () => {
    s = await openSession({ cloud: 'worldwide', locale: 'en-US', prefix: 'collection-en' });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('pays by invoice: the review, the payment step and the confirmation say "due by invoice"', async () => {
    await signIn(s, { email: /^Email/, password: /^Password/, submit: /^Sign in$/ });
    const login = await s.server.request('POST', '/api/auth/login', {
      body: { email: s.email, password: s.password },
    });
    cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const subs = await s.server.request('GET', '/api/subscriptions', { cookie });
    e3 = subs.body.subscriptions.find((x: { productId: string }) => x.productId === 'o365-e3').id;
    const { page } = s;
    await page.goto(`/billing/buy/addon-customer-lockbox?base=${e3}`);
    await page
      .getByTestId('base-subscription')
      .getByText(/^Office 365 E3/)
      .waitFor();
    await page.getByRole('button', { name: 'Check out now' }).click();
    await page.getByTestId('review-base').getByText('Office 365 E3').waitFor();
    const e3View = await s.server.request('GET', `/api/subscriptions/${e3}`, { cookie });
    const ends = new Date(e3View.body.termEnd).toLocaleDateString('en-US', {
      month: 'short',
      day: 'numeric',
      year: 'numeric',
      timeZone: 'UTC',
    });
    await page
      .getByTestId('review-coterm')
      .getByText(`Co-termed with this subscription: ends on ${ends} and is billed with it.`)
      .waitFor();
    await page
      .getByTestId('quote-collection')
      .getByText('With your default payment method, this is due by invoice (Pay by invoice).')
      .waitFor();
    await s.shot('review-invoice');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByRole('radio', { name: /^Invoice/ }).isChecked()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Place order' }).click();
    await page
      .getByTestId('order-paid')
      .getByText(/^\$[\d,]+\.\d\d due by invoice\.$/)
      .waitFor();
    await s.shot('confirmation-invoice');
  });

  it('previews added licenses as due by invoice', async () => {
    const { page } = s;
    await page.goto(`/billing/products/${e3}`);
    await page
      .getByRole('button', { name: /^Add\/Remove licenses/ })
      .first()
      .click();
    const dialog = page.getByRole('dialog', { name: 'Add/Remove licenses' });
    const total = dialog.getByRole('spinbutton', { name: 'Total licenses' });
    await total.fill('12');
    await total.press('Tab');
    await dialog.getByText(/^\$[\d,]+\.\d\d will be due by invoice \(\d+ of \d+ days\)\.$/).waitFor();
    await s.shot('preview-invoice');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page
      .getByText(/^Your subscription renews automatically on .+\. The renewal will be due by invoice\.$/)
      .waitFor();
  });

  it('pays by card once a card is the default: charged now, in the preview, the review and the confirmation', async () => {
    const card = await s.server.request('POST', '/api/payment-methods', {
      cookie,
      body: { type: 'card', paymentMethodId: 'pm_card_visa', makeDefault: true },
    });
    expect(card.status).toBe(201);
    const { page } = s;
    await page.goto(`/billing/products/${e3}`);
    await page
      .getByRole('button', { name: /^Add\/Remove licenses/ })
      .first()
      .click();
    const dialog = page.getByRole('dialog', { name: 'Add/Remove licenses' });
    const total = dialog.getByRole('spinbutton', { name: 'Total licenses' });
    await total.fill('12');
    await total.press('Tab');
    await dialog.getByText(/^You’ll be charged \$[\d,]+\.\d\d now \(\d+ of \d+ days\)\.$/).waitFor();
    await s.shot('preview-card');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page
      .getByText(/^Your subscription renews automatically on .+\. The renewal will be charged to a card\.$/)
      .waitFor();

    await page.goto('/billing/buy/o365-e1');
    await page.getByRole('button', { name: 'Check out now' }).click();
    await page
      .getByTestId('quote-collection')
      .getByText('With your default payment method, this is charged when you place the order.')
      .waitFor();
    await expect(page.getByTestId('review-coterm').count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByRole('radio', { name: /^VISA ending in 4242/ }).isChecked()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Place order' }).click();
    await page
      .getByTestId('order-paid')
      .getByText(/^\$[\d,]+\.\d\d charged today\.$/)
      .waitFor();
    await s.shot('confirmation-card');
  });
});
