import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, signIn, type Session } from './support/browser.js';

/**
 * Worldwide cloud, in English: Billing › Purchase services for base plans and add-ons, Billing ›
 * Your products for changes, cancellation, recurring billing and a traditional add-on's
 * support request; a declined card; licenses and users.
 */
describe('worldwide admin center in English', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openSession({ cloud: 'worldwide', locale: 'en-US', prefix: 'worldwide-en' });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('signs in and shows the admin home', async () => {
    await signIn(s, { email: /^Email/, password: /^Password/, submit: /^Sign in$/ });
    const { page } = s;
    await expect.poll(() => page.getByRole('heading', { name: 'Home', level: 1 }).isVisible()).toBe(true);
    await page.getByText('Subscriptions at a glance').waitFor();
    await page.getByText('20 of 20 assigned').waitFor();
    await s.shot('home');
    await s.axe('home');
  });

  it('buys a base plan from Purchase services, paying with a new card', async () => {
    const { page } = s;
    await page.getByRole('navigation').getByRole('link', { name: 'Purchase services' }).click();
    await page.getByRole('heading', { name: 'Purchase services', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Add-ons', level: 2 }).waitFor();
    await page.getByText('Customer Lockbox').first().waitFor();
    await s.shot('purchase-services');
    await s.axe('purchase-services');

    await page.getByRole('button', { name: 'Buy – Microsoft 365 Business Basic' }).click();
    await page.getByRole('heading', { name: 'Buy Microsoft 365 Business Basic' }).waitFor();
    const quantity = page.getByRole('spinbutton', { name: 'Number of licenses' });
    await quantity.fill('3');
    await quantity.press('Tab');
    await page.getByRole('radio', { name: /^Monthly commitment, pay monthly/ }).check();
    await expect(
      page.getByRole('checkbox', { name: /Automatically assign licenses/ }).isChecked(),
    ).resolves.toBe(true);
    await s.shot('buy-base-options');
    await s.axe('buy-options');
    await page.getByRole('button', { name: 'Check out now' }).click();

    await page.getByRole('heading', { name: 'Review pricing' }).waitFor();
    await expect.poll(() => page.getByTestId('due-today').textContent()).toBe('$21.60');
    await page.getByText('Then $21.60 per month, tax included').waitFor();
    await s.shot('buy-base-review');
    await s.axe('buy-review');
    await page.getByRole('button', { name: 'Next' }).click();

    await page.getByRole('heading', { name: 'Payment details' }).waitFor();
    await page.getByRole('radio', { name: 'New credit or debit card' }).check();
    await page.getByLabel('Name on card').fill('Contoso Admin');
    await page.getByLabel(/^Card number/).fill('4242 4242 4242 4242');
    await page.getByLabel(/^Expiration/).fill('12/30');
    await page.getByLabel(/^Security code/).fill('123');
    await s.shot('buy-base-payment');
    await s.axe('buy-payment');
    await page.getByRole('button', { name: 'Place order' }).click();

    await page.getByText('Thank you for your order').waitFor();
    await page.getByText('3 users got a license of Microsoft 365 Business Basic:').waitFor();
    await s.shot('buy-base-confirmation');
    await s.axe('buy-confirmation');
    await page.getByRole('link', { name: 'Go to the admin home page' }).click();
    await page.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
  });

  it('buys a traditional add-on from Purchase services › Add-ons and sees the proration', async () => {
    const { page } = s;
    await page.getByRole('navigation').getByRole('link', { name: 'Purchase services' }).click();
    const addOns = page.getByRole('list', { name: 'Add-ons' });
    await addOns.getByRole('button', { name: 'Buy – Customer Lockbox' }).click();
    await page.getByRole('heading', { name: 'Buy Customer Lockbox' }).waitFor();
    // One eligible base subscription (Office 365 E3): no chooser; billing follows the base.
    await expect(page.getByRole('combobox', { name: /Base subscription/ }).count()).resolves.toBe(0);
    await page.getByText(/billed with its subscription/).waitFor();
    const quantity = page.getByRole('spinbutton', { name: 'Number of licenses' });
    await quantity.fill('40');
    await quantity.press('Tab');
    await page.getByRole('button', { name: 'Check out now' }).click();
    // More than the base's 10 licenses: the problem shows next to the quantity.
    await page.getByText(/at most 10 licenses/).waitFor();
    await s.shot('buy-addon-problem');
    await quantity.fill('4');
    await quantity.press('Tab');
    await page.getByRole('button', { name: 'Check out now' }).click();
    await page.getByRole('heading', { name: 'Review pricing' }).waitFor();
    // Co-termed with Office 365 E3, bought 10 days ago and billed monthly: 21 of 31 days.
    await page.getByText(/Prorated for 21 of 31 days/).waitFor();
    await expect.poll(() => page.getByTestId('due-today').textContent()).toBe('$5.42');
    await s.shot('buy-addon-review');
    await page.getByRole('button', { name: 'Next' }).click();
    // The card saved with the first order is offered and chosen by default.
    await page.getByRole('radio', { name: /VISA ending in 4242/ }).waitFor();
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.getByText('Thank you for your order').waitFor();
    await page.getByText('4 users got a license of Customer Lockbox:').waitFor();
    await page.getByRole('link', { name: 'Go to the admin home page' }).click();
    await page.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
  });

  it('changes the quantity of the traditional add-on from Your products › Add-ons', async () => {
    const { page } = s;
    await page.getByRole('navigation').getByRole('link', { name: 'Your products' }).click();
    await page.getByRole('heading', { name: 'Your products', level: 1 }).waitFor();
    await page
      .getByRole('table', { name: 'Your products' })
      .getByRole('link', { name: 'Customer Lockbox' })
      .waitFor();
    await s.shot('your-products');
    await s.axe('your-products');
    await page.getByRole('link', { name: 'Office 365 E3', exact: true }).click();
    await page.getByRole('tab', { name: /Add-ons/ }).click();
    await page.getByText('Add-ons bought for this subscription').waitFor();
    await s.shot('subscription-add-ons');
    await s.axe('subscription-add-ons');
    await page.getByRole('button', { name: 'Change quantity – Customer Lockbox' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change quantity' });
    const total = dialog.getByRole('spinbutton', { name: 'Total licenses' });
    await total.fill('6');
    await total.press('Tab');
    await s.shot('change-quantity-dialog');
    await s.axe('change-quantity');
    await dialog.getByRole('button', { name: 'Submit change' }).click();
    await page.getByText(/Quantity changed to 6\./).waitFor();
    await s.shot('change-quantity-done');

    // Bought 10 days ago: past the 7-day window, only recurring billing can be turned off.
    await page.getByRole('tab', { name: 'Overview' }).click();
    await page.getByRole('button', { name: 'Cancel subscription' }).click();
    const dialog2 = page.getByRole('dialog');
    await dialog2.getByText(/can’t be cancelled now\. Turn off recurring billing/).waitFor();
    await s.shot('cancel-after-window');
    await dialog2.getByRole('button', { name: 'Close' }).click();
  });

  it('shows a declined card on the payment step, then pays by invoice', async () => {
    const { page } = s;
    await page.getByRole('navigation').getByRole('link', { name: 'Purchase services' }).click();
    await page
      .getByRole('list', { name: 'Add-ons' })
      .getByRole('button', { name: 'Buy – Office 365 Advanced Threat Protection' })
      .click();
    const quantity = page.getByRole('spinbutton', { name: 'Number of licenses' });
    await quantity.fill('2');
    await quantity.press('Tab');
    await page.getByRole('checkbox', { name: /Automatically assign licenses/ }).uncheck();
    await page.getByRole('button', { name: 'Check out now' }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('radio', { name: 'New credit or debit card' }).check();
    await page.getByLabel(/^Card number/).fill('4000000000000002');
    await page.getByLabel(/^Expiration/).fill('11/31');
    await page.getByLabel(/^Security code/).fill('321');
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.getByText('Your payment was declined').waitFor();
    await s.shot('payment-declined');
    await s.axe('payment-declined');
    await page.getByRole('radio', { name: /^Invoice/ }).check();
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.getByText('Thank you for your order').waitFor();
    await page.getByText(/No license was assigned automatically/).waitFor();
    await page.getByRole('link', { name: 'Your products' }).last().click();
  });

  it('adds licenses to the standalone add-on, turns recurring billing off and on, and cancels it', async () => {
    const { page } = s;
    await page.getByRole('heading', { name: 'Your products', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Office 365 Advanced Threat Protection' }).click();
    await page.getByText('This standalone add-on is its own subscription').waitFor();
    await page
      .getByRole('button', { name: 'Add/Remove licenses – Office 365 Advanced Threat Protection' })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Add/Remove licenses' });
    const total = dialog.getByRole('spinbutton', { name: 'Total licenses' });
    await total.fill('5');
    await total.press('Tab');
    await dialog.getByRole('button', { name: 'Submit change' }).click();
    await page.getByText(/Quantity changed to 5\./).waitFor();

    const recurring = page.getByRole('switch', { name: 'Recurring billing' });
    await expect(recurring.isChecked()).resolves.toBe(true);
    await recurring.click();
    await page.getByText('Recurring billing is off.').waitFor();
    await page.getByText(/will not renew/).waitFor();
    await s.shot('standalone-recurring-off');
    await s.axe('standalone');
    await recurring.click();
    await page.getByText('Recurring billing is on.').waitFor();

    await page.getByRole('button', { name: 'Cancel subscription' }).click();
    const cancel = page.getByRole('dialog');
    await cancel.getByText(/prorated refund/).waitFor();
    await s.shot('cancel-dialog');
    await s.axe('cancel-dialog');
    await cancel.getByRole('button', { name: 'Cancel subscription' }).click();
    await page.getByText(/Office 365 Advanced Threat Protection is cancelled\./).waitFor();
    await page.getByText('Cancelled', { exact: true }).first().waitFor();
    await s.shot('standalone-cancelled');
  });

  it('explains that a traditional add-on cannot be removed and opens a support request', async () => {
    const { page } = s;
    await page.getByRole('navigation').getByRole('link', { name: 'Your products' }).click();
    await page.getByRole('link', { name: 'Office 365 Extra File Storage' }).click();
    await page.getByText('This add-on can’t be removed by you').waitFor();
    await page.getByRole('button', { name: 'Contact support to remove this add-on' }).click();
    await page.getByText(/Support request .* is open/).waitFor();
    await s.shot('traditional-support-request');
    await s.axe('traditional-add-on');
    await page.getByRole('link', { name: 'View support requests' }).click();
    await page.getByRole('heading', { name: 'Support requests', level: 1 }).waitFor();
    await page.getByText('Remove an add-on').waitFor();
    await s.shot('support-requests');
    await s.axe('support-requests');
  });

  it('serves deep links from the server (SPA fallback) and keeps /api answers as problem+json', async () => {
    const { page, server } = s;
    await page.goto('/billing/products');
    await page.getByRole('heading', { name: 'Your products', level: 1 }).waitFor();
    const deep = await fetch(`${server.url}/billing/subscriptions/sub_x?tab=add-ons`, {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(deep.status).toBe(200);
    expect(deep.headers.get('content-type')).toContain('text/html');
    expect(deep.headers.get('cache-control')).toBe('no-cache');
    const api = await fetch(`${server.url}/api/nope`);
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toContain('application/problem+json');
    expect((await fetch(`${server.url}/assets/missing-0000.js`)).status).toBe(404);
  });

  it('manages licenses and users', async () => {
    const { page } = s;
    await page.getByRole('navigation').getByRole('link', { name: 'Licenses' }).click();
    await page.getByRole('heading', { name: 'Licenses', level: 1 }).waitFor();
    await s.shot('licenses');
    await s.axe('licenses');
    await page.getByRole('button', { name: 'Manage – Microsoft 365 Business Basic' }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByText('Purchased: 3 · Assigned: 3 · Available: 0').waitFor();
    const first = drawer.getByRole('button', { name: /^Unassign / }).first();
    await first.click();
    await drawer.getByText(/License removed from/).waitFor();
    await drawer.getByText('Purchased: 3 · Assigned: 2 · Available: 1').waitFor();
    await drawer.getByRole('group', { name: 'Users to assign' }).getByRole('checkbox').first().check();
    await drawer.getByRole('button', { name: 'Assign', exact: true }).click();
    await drawer.getByText('1 license assigned.').waitFor();
    await drawer.getByText('Purchased: 3 · Assigned: 3 · Available: 0').waitFor();
    await s.shot('licenses-manage');
    await drawer.getByRole('button', { name: 'Close' }).click();

    await page.getByRole('navigation').getByRole('link', { name: 'Active users' }).click();
    await page.getByRole('heading', { name: 'Active users', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Add a user' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a user' });
    await dialog.getByLabel(/^Display name/).fill('Nina Newcomer');
    await dialog.getByLabel(/^Username/).fill('nina.newcomer@contoso.example');
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByText('Nina Newcomer was added.').waitFor();
    await page.getByRole('cell', { name: 'nina.newcomer@contoso.example' }).waitFor();
    await s.shot('users');
    await s.axe('users');

    await page.getByRole('navigation').getByRole('link', { name: 'Available add-ons' }).click();
    await page.getByRole('columnheader', { name: 'Available with' }).waitFor();
    await s.shot('available-add-ons');
    await s.axe('available-add-ons');
  });
});
