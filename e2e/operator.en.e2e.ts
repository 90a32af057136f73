import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorToken, startTestServer } from '../test/support/harness.js';
import { expectFitsPhone, launchChromium, openSession, type Session } from './support/browser.js';

/**
 * The operator's Test clocks page (docs/test-clocks.md): signed in with the operator token, the
 * operator puts an organization on a clock, moves it a month ahead and takes it off again.
 */
describe('operator › test clocks', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openSession({ cloud: 'worldwide', locale: 'en-US', prefix: 'operator-en' });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('creates a clock for a tenant, advances it a month, deletes it', async () => {
    const { page } = s;
    await page.goto('/operator/test-clocks');
    await page.getByRole('heading', { name: 'Operator sign-in' }).waitFor();
    await page.getByLabel(/^Operator token/).fill('not-the-operator-token-at-all');
    await page.getByRole('button', { name: 'Continue' }).click();
    // A wrong token comes back to the form with a plain message.
    await page.getByText('This token was not accepted').waitFor();
    await page.getByLabel(/^Operator token/).fill(operatorToken);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { level: 1, name: 'Test clocks' }).waitFor();
    await page.getByText('No organization is on a test clock.').waitFor();
    await expect(
      page
        .getByRole('navigation', { name: 'Operator navigation' })
        .getByRole('link', { name: 'Test clocks' })
        .getAttribute('aria-current'),
    ).resolves.toBe('page');
    await s.shot('empty');
    await s.axe('empty');

    // A start before the instance's time: the API's message sits beside the Start time field.
    await page.getByLabel(/^Organization/).selectOption({ label: 'Contoso (demo)' });
    await page.getByLabel(/^Name/).fill('Quarter close');
    await page.getByLabel(/^Start time/).fill('2020-01-01T09:00');
    await page.getByRole('button', { name: 'Create test clock' }).click();
    const startField = page.locator('.fui-Field', { has: page.getByLabel(/^Start time/) });
    await startField.getByText('A test clock cannot start before the instance time.').waitFor();
    await s.shot('start-in-the-past');

    await page.getByLabel(/^Start time/).fill('2027-01-15T12:00');
    await page.getByRole('button', { name: 'Create test clock' }).click();
    await page.getByText('Test clock “Quarter close” created for Contoso (demo).').waitFor();
    const row = page.getByRole('row', { name: /Quarter close/ });
    await expect(row.getByTestId('frozen-time').textContent()).resolves.toMatch(/^Jan 15, 2027/);
    await expect(row.getByText('Ready').count()).resolves.toBe(1);
    // The organization that has a clock is no longer offered for another one.
    await expect(
      page
        .getByLabel(/^Organization/)
        .locator('option', { hasText: 'Contoso (demo)' })
        .count(),
    ).resolves.toBe(0);

    await row.getByRole('button', { name: '+1 month' }).click();
    await page.getByText(/“Quarter close” is now at Feb 15, 2027/).waitFor();
    await expect(row.getByTestId('frozen-time').textContent()).resolves.toMatch(/^Feb 15, 2027/);
    // The server agrees: the tenant now lives a month later.
    const listed = await s.server.request('GET', '/api/operator/test-clocks', { token: operatorToken });
    const clocks = listed.body.testClocks as { name: string; frozenTime: string }[];
    expect(clocks.map((c) => c.name)).toEqual(['Quarter close']);
    expect(new Date(clocks[0]!.frozenTime).getTime() - new Date('2027-01-15T12:00').getTime()).toBe(
      31 * 86_400_000,
    );

    // Going back is refused, the reason beside the New time field; the clock stays where it was.
    await row.getByRole('button', { name: 'Advance to…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/^New time/).fill('2027-02-01T00:00');
    await dialog.getByRole('button', { name: 'Advance', exact: true }).click();
    await dialog.locator('.fui-Field').getByText('A test clock only moves forward.').waitFor();
    await s.shot('advance-back');
    await s.axe('advance-back');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(row.getByTestId('frozen-time').textContent()).resolves.toMatch(/^Feb 15, 2027/);

    await row.getByRole('button', { name: 'Delete Quarter close' }).click();
    await page
      .getByRole('dialog')
      .getByText('Contoso (demo) goes back to the instance’s time.', { exact: false })
      .waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByText('Test clock “Quarter close” deleted.').waitFor();
    await page.getByText('No organization is on a test clock.').waitFor();
    const after = await s.server.request('GET', '/api/operator/test-clocks', { token: operatorToken });
    expect(after.body.testClocks).toEqual([]);
    await s.shot('deleted');
  });

  it('fits a phone: no sideways scroll at 390 px, the row as a card', async () => {
    const { page } = s;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByLabel(/^Organization/).selectOption({ label: 'Contoso (demo)' });
    await page.getByLabel(/^Name/).fill('A rather long test clock name for a narrow phone screen');
    await page.getByRole('button', { name: 'Create test clock' }).click();
    await page.getByRole('row', { name: /narrow phone/ }).waitFor();
    await expectFitsPhone(s, 'test clocks at 390 px');
    await s.shot('phone');
    await s.axe('phone');
    // The navigation is a drawer behind its button, and opens on demand.
    await page.getByRole('button', { name: 'Open navigation' }).click();
    await page
      .getByRole('navigation', { name: 'Operator navigation' })
      .getByRole('link', { name: 'Test clocks' })
      .waitFor();
    await expectFitsPhone(s, 'operator navigation at 390 px');
    await s.shot('phone-navigation');
  });
});

/** A live Stripe key: the page says why no clock can be made, instead of a bare 409. */
describe('operator › test clocks outside test mode', () => {
  it('says test mode is off and offers nothing to create', async () => {
    const server = await startTestServer({
      env: {
        BILLING_CENTER_STRIPE_SECRET_KEY: 'sk_live_billing_center_never_called',
        BILLING_CENTER_STRIPE_PUBLISHABLE_KEY: 'pk_live_billing_center_never_called',
        BILLING_CENTER_STRIPE_API_BASE: undefined as unknown as string,
      },
    });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ baseURL: server.url, locale: 'en-US' });
      page.setDefaultTimeout(15_000);
      await page.goto('/operator/test-clocks');
      await page.getByLabel(/^Operator token/).fill(operatorToken);
      await page.getByRole('button', { name: 'Continue' }).click();
      const bar = page.getByRole('alert').filter({ hasText: 'Test mode is off' });
      await bar.getByText(/takes real payments/).waitFor();
      await expect(page.getByRole('button', { name: 'Create test clock' }).isDisabled()).resolves.toBe(true);
    } finally {
      await browser.close();
      await server.close();
    }
  });
});
