import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, signIn, type Session } from './support/browser.js';

/**
 * 21Vianet cloud, in English (smoke): the China cloud's navigation (Billing › Subscriptions),
 * prices in yuan (CNY), Add/Remove licenses with the total-licenses box and its preview, bills.
 */
describe('21vianet admin center in English', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openSession({ cloud: '21vianet', locale: 'en-US', prefix: '21vianet-en' });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('signs in and reaches a subscription through Billing › Subscriptions, in CNY', async () => {
    await signIn(s, { email: /^Email/, password: /^Password/, submit: /^Sign in$/ }, 'English');
    const { page } = s;
    await page.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
    await page.getByText('Operated by 21Vianet').waitFor();
    const nav = page.getByRole('navigation', { name: 'Navigation' });
    await expect(nav.getByRole('link', { name: 'Your products' }).count()).resolves.toBe(0);
    await nav.getByRole('link', { name: 'Subscriptions' }).click();
    await page.getByRole('heading', { name: 'Subscriptions', level: 1 }).waitFor();
    await s.shot('subscriptions');
    await s.axe('subscriptions');
    await page.getByRole('link', { name: 'Office 365 E3', exact: true }).click();
    await page.getByRole('heading', { name: 'Office 365 E3', level: 1 }).waitFor();
    await page.getByText(/^CN¥[\d,]+\.\d\d per license\/month$/).waitFor();

    // Bought with the demo 10 days ago: a reduction waits for the renewal; an addition is billed now.
    await page.getByRole('button', { name: /^Add\/Remove licenses/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Add/Remove licenses' });
    const total = dialog.getByRole('spinbutton', { name: 'Total licenses' });
    await total.fill('8');
    await dialog.getByText(/^The reduction takes effect at renewal on /).waitFor();
    await total.fill('10');
    await total.press('Tab');
    await total.press('ArrowUp');
    // The demo pays by invoice: the addition is due by invoice, not "charged now".
    await dialog.getByText(/^CN¥[\d,]+\.\d\d will be due by invoice \(\d+ of \d+ days\)\.$/).waitFor();
    await s.shot('add-remove-licenses');
    await s.axe('add-remove-licenses');
    await dialog.getByRole('button', { name: 'Submit', exact: true }).click();
    await page.getByText(/Quantity changed to 11\./).waitFor();

    await page.getByRole('link', { name: 'View bills' }).click();
    await page.getByRole('heading', { name: 'Bills of Office 365 E3', level: 1 }).waitFor();
    const table = page.getByRole('table', { name: 'Bills' });
    await table.getByRole('cell', { name: 'Quantity change' }).waitFor();
    await expect(table.getByTestId('invoice-total').first().textContent()).resolves.toMatch(
      /^CN¥[\d,]+\.\d\d$/,
    );
    await s.shot('bills');
    await s.axe('bills');
  });
});
