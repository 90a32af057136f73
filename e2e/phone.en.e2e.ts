import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorToken } from '../test/support/harness.js';
import { expectFitsPhone, openSession, signIn, type Session } from './support/browser.js';

/**
 * Every page on a phone (390×844), worldwide in English: the navigation is a drawer that opens
 * on demand and closes once a page is chosen, tables read as cards, sign-out stays on screen,
 * and no page scrolls sideways.
 */
describe('admin center on a phone', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openSession({
      cloud: 'worldwide',
      locale: 'en-US',
      prefix: 'phone-en',
      viewport: { width: 390, height: 844 },
    });
  });
  afterAll(async () => {
    await s?.close();
  });

  /** What must hold on every page, then its screenshot. */
  async function check(name: string) {
    const { page } = s;
    await expect(page.getByRole('navigation', { name: 'Navigation' }).isVisible()).resolves.toBe(false);
    await page.getByRole('button', { name: 'Sign out', exact: true }).waitFor({ state: 'visible' });
    const box = await page.getByRole('button', { name: 'Sign out', exact: true }).boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    await expectFitsPhone(s, name);
    await s.shot(name);
  }

  /** Opens the drawer, picks a page: the drawer closes by itself. */
  async function go(link: string, heading: string) {
    const { page } = s;
    await page.getByRole('button', { name: 'Open navigation' }).click();
    const nav = page.getByRole('navigation', { name: 'Navigation' });
    await nav.waitFor({ state: 'visible' });
    await nav.getByRole('link', { name: link, exact: true }).click();
    await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
    await nav.waitFor({ state: 'hidden' });
    await check(heading.toLowerCase().replace(/\W+/g, '-'));
  }

  it('signs in; the navigation starts closed and opens as a drawer over the page', async () => {
    const { page } = s;
    await page.goto('/');
    await expectFitsPhone(s, 'sign-in');
    await signIn(s, { email: /^Email/, password: /^Password/, submit: /^Sign in$/ });
    await page.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
    await check('home');
    await page.getByRole('button', { name: 'Open navigation' }).click();
    const nav = page.getByRole('navigation', { name: 'Navigation' });
    await nav.waitFor({ state: 'visible' });
    await expectFitsPhone(s, 'drawer');
    await s.shot('drawer');
    // Escape closes it without going anywhere.
    await page.keyboard.press('Escape');
    await nav.waitFor({ state: 'hidden' });
  });

  it('shows every billing page without sideways scrolling, tables as cards', async () => {
    const { page } = s;
    await go('Purchase services', 'Purchase services');
    await go('Your products', 'Your products');
    // A table row is a card: its cells stack, each under its column's name.
    const row = page.locator('tbody tr').first();
    const cells = await row
      .locator('td')
      .evaluateAll((tds) =>
        tds.map((td) => ({ label: td.getAttribute('data-label'), left: td.getBoundingClientRect().left })),
      );
    expect(cells[1]!.label).toBe('Type');
    expect(new Set(cells.map((c) => Math.round(c.left))).size).toBe(1);

    await page.getByRole('link', { name: 'Office 365 E3', exact: true }).click();
    await page.getByRole('heading', { name: 'Office 365 E3', level: 1 }).waitFor();
    await check('subscription');
    await page.getByRole('tab', { name: /^Add-ons/ }).click();
    await page.getByRole('link', { name: 'Extra File Storage' }).waitFor();
    await check('subscription-add-ons');

    await page.getByRole('link', { name: 'View bills' }).click();
    await page.getByRole('heading', { name: /^Bills of/, level: 1 }).waitFor();
    await check('subscription-bills');

    await go('Bills', 'Bills');
    await page
      .getByRole('link', { name: /^Open bill/ })
      .first()
      .click();
    await page.getByRole('heading', { name: /^Bill /, level: 1 }).waitFor();
    await check('bill');

    await go('Licenses', 'Licenses');
    await go('Payment methods', 'Payment methods');
    await go('Billing profile', 'Billing profile');
    await go('Available add-ons', 'Available add-ons');
    await go('Active users', 'Active users');
    await go('Support requests', 'Support requests');
    // The pages of the other areas: reached from the drawer, fitting the phone too.
    await go('My account: security', 'Security');
    await go('Email notifications', 'Email notifications');
    await go('Home', 'Home');
  });

  it('says plainly what is not there, prices credits per credit, and names the arrows', async () => {
    const { page } = s;
    // A 404 will not change by asking again: no "Try again".
    await page.goto('/billing/bills/inv_0000000000000000');
    await page.getByRole('heading', { name: 'Bill not found.', level: 1 }).waitFor();
    await page.getByRole('alert').waitFor();
    await expect(page.getByRole('button', { name: 'Try again' }).count()).resolves.toBe(0);
    await check('bill-not-found');

    // Prepaid credits are bought, not rented: "$1.00 per credit", never "per credit/month".
    await go('Purchase services', 'Purchase services');
    const credits = page.locator('[data-product="addon-communications-credits"]');
    await credits.getByText('$1.00 per credit', { exact: true }).waitFor();
    await expect(page.getByText(/per credit\/month/).count()).resolves.toBe(0);

    // An empty required field gets the app's message, not the browser's bubble.
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByText('Required.').count()).resolves.toBe(2);
    // The browser's own bubble only shows when the form lets the browser validate.
    await expect(page.locator('form').evaluate((form) => (form as HTMLFormElement).noValidate)).resolves.toBe(
      true,
    );
    await s.shot('sign-in-required');
    await signIn(s, { email: /^Email/, password: /^Password/, submit: /^Sign in$/ });
  });

  it('shows license use, spend and renewals as charts, each with its table', async () => {
    const { page } = s;
    await go('At a glance', 'At a glance');
    for (const title of [
      'License use per product',
      'Spend per month',
      'Spend per product',
      'Upcoming renewals',
    ]) {
      const section = page.getByRole('region', { name: title });
      await section.locator('svg').first().waitFor();
      await section.getByText('Table', { exact: true }).click();
      await section.getByRole('table', { name: title }).waitFor();
    }
    // The figures: Business Standard's 20 licenses are all assigned; E3 has 5 of 10.
    const use = page.getByRole('table', { name: 'License use per product' });
    const e3 = use.getByRole('row').filter({ hasText: 'Office 365 E3' });
    await expect(e3.getByRole('cell').allTextContents()).resolves.toEqual(['Office 365 E3', '5', '5']);
    await expect(
      page.getByRole('table', { name: 'Spend per month' }).getByRole('row').count(),
    ).resolves.toBeGreaterThan(1);
    await check('reports');
    await s.axe('reports');
    await page.setViewportSize({ width: 1366, height: 900 });
    await s.shot('reports-wide');
    await page.setViewportSize({ width: 390, height: 844 });
  });

  it('goes through the checkout on a phone', async () => {
    const { page } = s;
    await go('Purchase services', 'Purchase services');
    await page.getByRole('button', { name: 'Buy – Microsoft 365 Business Basic' }).click();
    await page.getByRole('heading', { name: 'Buy Microsoft 365 Business Basic', level: 1 }).waitFor();
    await check('buy-options');
    await page.getByRole('button', { name: 'Check out now' }).click();
    await page.getByRole('button', { name: 'Next' }).waitFor();
    await check('buy-review');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Place order' }).waitFor();
    await check('buy-payment');
    // A new card: holder, number, expiry, code and the two choices fit too.
    await page.getByRole('radio', { name: 'New credit or debit card' }).check();
    await page.getByRole('checkbox', { name: 'Make it the default payment method' }).waitFor();
    await check('buy-payment-card');
  });

  it('shows the operator mail page on a phone', async () => {
    await s.server.drainJobs();
    const { page } = s;
    await page.goto('/api/operator/mail.html');
    await page.getByLabel('Operator token').fill(operatorToken);
    await page.getByRole('button', { name: 'Show mail' }).click();
    await page
      .getByRole('button', { name: /^Order confirmed: / })
      .first()
      .click();
    await page.frameLocator('iframe[title="Message"]').getByRole('heading').first().waitFor();
    await expectFitsPhone(s, 'operator-mail');
    await s.shot('operator-mail');
  });
});
