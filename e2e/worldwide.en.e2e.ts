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
    await page.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
    await page.getByText('Subscriptions at a glance').waitFor();
    await page.getByText('20 of 20 assigned').waitFor();
    await s.shot('home');
    await s.axe('home');
  });

  it('buys a base plan from Purchase services, paying with a new card', async () => {
    const { page } = s;
    await page
      .getByRole('navigation', { name: 'Navigation' })
      .getByRole('link', { name: 'Purchase services' })
      .click();
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
    // MMYY without the slash is an expiry too.
    await page.getByLabel(/^Expiration/).fill('1230');
    await page.getByLabel(/^Security code/).fill('123');
    // Keeping the card and making it the default are two choices; the second is not made for you.
    await expect(
      page.getByRole('checkbox', { name: 'Save this card for later payments' }).isChecked(),
    ).resolves.toBe(true);
    await expect(
      page.getByRole('checkbox', { name: 'Make it the default payment method' }).isChecked(),
    ).resolves.toBe(false);
    await s.shot('buy-base-payment');
    await s.axe('buy-payment');
    // PCI SAQ A: the card number goes to the payment gateway, never to Billing Center's API.
    const apiBodies: string[] = [];
    const gatewayBodies: string[] = [];
    page.on('request', (r) => {
      const body = r.postData() ?? '';
      if (new URL(r.url()).pathname.startsWith('/api/')) apiBodies.push(body);
      else if (r.url().includes('/v1/payment_methods')) gatewayBodies.push(body);
    });
    await page.getByRole('button', { name: 'Place order' }).click();

    await page.getByText('Thank you for your order').waitFor();
    expect(gatewayBodies.join()).toContain('4242424242424242');
    expect(apiBodies.join()).toMatch(/"paymentMethodId":"pm_/);
    expect(apiBodies.join()).not.toContain('4242');
    await page.getByText('Done: 3 users received a license of Microsoft 365 Business Basic.').waitFor();
    await s.shot('buy-base-confirmation');
    await s.axe('buy-confirmation');
    await page.getByRole('link', { name: 'Go to the admin home page' }).click();
    await page.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
  });

  it('buys a traditional add-on from Purchase services › Add-ons and sees the proration', async () => {
    const { page } = s;
    await page
      .getByRole('navigation', { name: 'Navigation' })
      .getByRole('link', { name: 'Purchase services' })
      .click();
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
    await page.getByText('Done: 4 users received a license of Customer Lockbox.').waitFor();
    await page.getByRole('link', { name: 'Go to the admin home page' }).click();
    await page.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
  });

  it('changes the quantity of the traditional add-on from Your products › Add-ons', async () => {
    const { page } = s;
    await page
      .getByRole('navigation', { name: 'Navigation' })
      .getByRole('link', { name: 'Your products' })
      .click();
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
    // The dry run prices the change before Submit: co-termed with E3, 21 of 31 days.
    await dialog.getByText(/^You’ll be charged \$\d+\.\d\d now \(21 of 31 days\)\.$/).waitFor();
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
    await page
      .getByRole('navigation', { name: 'Navigation' })
      .getByRole('link', { name: 'Purchase services' })
      .click();
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
    // Bought minutes ago, inside the refund window: a reduction is credited now.
    await total.fill('1');
    await dialog.getByText(/^You’ll get a credit of \$\d+\.\d\d\.$/).waitFor();
    await s.shot('preview-credit');
    await total.fill('5');
    await total.press('Tab');
    // Bought by invoice, and no default method: the server bills the change to that invoice
    // method, and the preview says so (it used to guess "charged" from the saved card).
    await dialog.getByText(/^\$\d+\.\d\d will be due by invoice \(\d+ of \d+ days\)\.$/).waitFor();
    await s.shot('preview-charge');
    await s.axe('preview-charge');
    await dialog.getByRole('button', { name: 'Submit change' }).click();
    await page.getByText(/Quantity changed to 5\./).waitFor();

    const recurring = page.getByRole('switch', { name: 'Recurring billing' });
    await expect(recurring.isChecked()).resolves.toBe(true);
    await recurring.click();
    const confirmOff = page.getByRole('dialog', { name: /^Turn off recurring billing for / });
    await confirmOff.getByRole('button', { name: 'Cancel' }).click();
    await confirmOff.waitFor({ state: 'detached' });
    await expect(recurring.isChecked()).resolves.toBe(true);
    await recurring.click();
    await confirmOff.getByText(/will not renew\. It stays active until /).waitFor();
    await confirmOff.getByRole('button', { name: 'Turn off recurring billing' }).click();
    await page.getByText('Recurring billing is off.').waitFor();
    await confirmOff.waitFor({ state: 'detached' });
    await page.getByText(/^Your subscription expires on .+ and will not renew\.$/).waitFor();
    await s.shot('standalone-recurring-off');
    await s.axe('standalone');
    await recurring.click();
    await page.getByText('Recurring billing is on.').waitFor();

    await page.getByRole('button', { name: 'Cancel subscription' }).click();
    const cancel = page.getByRole('dialog');
    await cancel.getByText(/prorated refund/).waitFor();
    const refundPreview = cancel.getByTestId('refund-preview');
    await refundPreview.getByText(/^Office 365 Advanced Threat Protection: \$\d+\.\d\d$/).waitFor();
    const refundText = (await refundPreview.getByText(/^Total refund:/).textContent()) ?? '';
    const refund = /\$(\d+\.\d\d)/.exec(refundText)?.[1];
    expect(refund).toBeDefined();
    await s.shot('cancel-dialog');
    await s.axe('cancel-dialog');
    await cancel.getByRole('button', { name: 'Cancel subscription' }).click();
    await page.getByText(/Office 365 Advanced Threat Protection is cancelled\./).waitFor();
    await page.getByText('Cancelled', { exact: true }).first().waitFor();
    // The refund the dialog announced is the one given.
    await page.getByText(`$${refund} refunded.`).waitFor();
    await s.shot('standalone-cancelled');

    // Its bills: the order that bought it, the quantity change and the credit note (negative), newest first.
    await page.getByRole('link', { name: 'View bills' }).click();
    await page
      .getByRole('heading', { name: 'Bills of Office 365 Advanced Threat Protection', level: 1 })
      .waitFor();
    const rows = page.getByRole('table', { name: 'Bills' }).getByRole('row');
    await expect.poll(() => rows.count()).toBe(4);
    await expect(rows.nth(1).getByRole('cell').nth(1).textContent()).resolves.toBe('Credit note');
    await expect(rows.nth(1).getByTestId('invoice-total').textContent()).resolves.toBe(`-$${refund}`);
    await expect(rows.nth(2).getByRole('cell').nth(1).textContent()).resolves.toBe('Quantity change');
    await expect(rows.nth(3).getByRole('cell').nth(1).textContent()).resolves.toBe('Order');
    await s.shot('subscription-bills');
    await s.axe('subscription-bills');
    await rows.nth(1).getByRole('link').click();
    await page.getByRole('heading', { name: /^Credit note INV-\d+$/, level: 1 }).waitFor();
    await page.getByRole('table', { name: 'Lines' }).getByRole('row').nth(1).waitFor();
    await expect(page.getByTestId('bill-total').textContent()).resolves.toBe(`-$${refund}`);
    await s.shot('credit-note');
    await s.axe('credit-note');

    // Billing › Bills: every bill, the orders among them.
    await page.getByRole('navigation', { name: 'Navigation' }).getByRole('link', { name: 'Bills' }).click();
    await page.getByRole('heading', { name: 'Bills', level: 1 }).waitFor();
    const all = page.getByRole('table', { name: 'Bills' });
    await all.getByRole('cell', { name: 'Order' }).first().waitFor();
    await all.getByRole('cell', { name: 'Unpaid' }).first().waitFor();
    await s.shot('bills');
    await s.axe('bills');
    await all.getByRole('row').filter({ hasText: 'Order' }).last().getByRole('link').click();
    await page.getByRole('heading', { name: /^Bill INV-\d+$/, level: 1 }).waitFor();
    await page.getByRole('table', { name: 'Lines' }).getByRole('link').first().waitFor();
    await s.shot('bill');
  });

  it('manages payment methods: a card error at its field, add, make default, remove', async () => {
    const { page } = s;
    await page
      .getByRole('navigation', { name: 'Navigation' })
      .getByRole('link', { name: 'Payment methods' })
      .click();
    await page.getByRole('heading', { name: 'Payment methods', level: 1 }).waitFor();
    const list = page.getByRole('list', { name: 'Payment methods' });
    await list.getByRole('heading', { name: 'VISA ending in 4242' }).waitFor();
    await s.shot('payment-methods');
    await s.axe('payment-methods');

    await page.getByRole('button', { name: 'Add a card' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a card' });
    await dialog.getByLabel(/^Card number/).fill('5555 5555 5555 4445');
    await dialog.getByLabel(/^Expiration/).fill('12/30');
    await dialog.getByLabel(/^Security code/).fill('123');
    await dialog.getByRole('button', { name: 'Save' }).click();
    // 422 card_invalid: said next to the card number, which is marked invalid.
    await dialog.getByText('The card number is not valid.').waitFor();
    await expect(dialog.getByLabel(/^Card number/).getAttribute('aria-invalid')).resolves.toBe('true');
    await s.shot('payment-methods-card-invalid');
    await s.axe('payment-methods-card-invalid');
    await dialog.getByLabel(/^Card number/).fill('5555 5555 5555 4444');
    await dialog.getByRole('checkbox', { name: 'Make it the default payment method' }).check();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText(/ending in 4444 was added\./).waitFor();
    const added = list.getByRole('listitem').filter({ hasText: 'ending in 4444' });
    await added.getByText('Default', { exact: true }).waitFor();

    const visa = list.getByRole('listitem').filter({ hasText: 'VISA ending in 4242' });
    await visa.getByRole('button', { name: 'Make default – VISA ending in 4242' }).click();
    await page.getByText('VISA ending in 4242 is now the default payment method.').waitFor();
    await visa.getByText('Default', { exact: true }).waitFor();
    await added.getByRole('button', { name: /^Remove / }).click();
    const confirm = page.getByRole('dialog', { name: /^Remove .* ending in 4444\?$/ });
    await confirm.getByRole('button', { name: 'Remove' }).click();
    await page.getByText(/ending in 4444 was removed\./).waitFor();
    await expect.poll(() => list.getByRole('listitem').filter({ hasText: 'ending in 4444' }).count()).toBe(0);
    await s.shot('payment-methods-after');
  });

  it('explains that a traditional add-on cannot be removed and opens a support request', async () => {
    const { page } = s;
    await page
      .getByRole('navigation', { name: 'Navigation' })
      .getByRole('link', { name: 'Your products' })
      .click();
    await page.getByRole('link', { name: 'Office 365 Extra File Storage' }).click();
    await page.getByText('This add-on can’t be removed by you').waitFor();
    // Bought with the demo 10 days ago, past the window: a reduction waits for the renewal.
    await page.getByRole('button', { name: 'Change quantity – Office 365 Extra File Storage' }).click();
    const change = page.getByRole('dialog', { name: 'Change quantity' });
    await change.getByRole('spinbutton', { name: 'Total storage (GB)' }).fill('40');
    await change.getByText(/^The reduction takes effect at renewal on \w{3} \d{1,2}, \d{4}\.$/).waitFor();
    await s.shot('preview-scheduled');
    await change.getByRole('button', { name: 'Cancel' }).click();
    await change.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Contact support to remove this add-on' }).click();
    // A confirmation first: what happens until support acts, and a reason that goes with the request.
    const removal = page.getByRole('dialog', {
      name: 'Ask support to remove Office 365 Extra File Storage?',
    });
    await removal.getByText(/stays on Office 365 E3 and is billed/).waitFor();
    await removal.getByLabel('Reason for the removal').fill('We moved our files to another store.');
    await s.shot('traditional-removal-confirm');
    await s.axe('traditional-removal-confirm');
    await removal.getByRole('button', { name: 'Open support request' }).click();
    await page
      .getByText(
        /^Support request “Remove add-on Office 365 Extra File Storage” opened on \w{3} \d{1,2}, \d{4}\./,
      )
      .waitFor();
    await expect(page.locator('main').textContent()).resolves.not.toMatch(/sr_|ord_/);
    await s.shot('traditional-support-request');
    await s.axe('traditional-add-on');
    await page.getByRole('link', { name: 'View support requests' }).click();
    await page.getByRole('heading', { name: 'Support requests', level: 1 }).waitFor();
    await page.getByText('Remove an add-on').waitFor();
    await s.shot('support-requests');
    await s.axe('support-requests');
    await page
      .getByRole('link', { name: /Office 365 Extra File Storage/ })
      .first()
      .click();
    await page.getByRole('heading', { name: 'Messages', level: 2 }).waitFor();
    // The reason given in the confirmation reached support with the request.
    await page.getByText('We moved our files to another store.').waitFor();
    await page.getByLabel('Add a message').fill('Please remove it at the end of the month.');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Your message was added.').waitFor();
    await page
      .getByRole('list', { name: 'Messages' })
      .getByText('Please remove it at the end of the month.')
      .waitFor();
    await s.shot('support-request');
    await s.axe('support-request');
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
    await page
      .getByRole('navigation', { name: 'Navigation' })
      .getByRole('link', { name: 'Licenses' })
      .click();
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

    await page
      .getByRole('navigation', { name: 'Navigation' })
      .getByRole('link', { name: 'Active users' })
      .click();
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

    // Edit: display name and role.
    await page.getByRole('button', { name: 'Edit Nina Newcomer' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit Nina Newcomer' });
    await edit.getByLabel(/^Display name/).fill('Nina Billing');
    await edit.getByRole('combobox', { name: 'Role' }).click();
    await page.getByRole('option', { name: 'Billing admin' }).click();
    await s.shot('user-edit');
    await s.axe('user-edit');
    await edit.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Nina Billing was updated.').waitFor();
    const nina = page.locator('[data-user="nina.newcomer@contoso.example"]');
    await nina.getByRole('cell', { name: 'Billing admin' }).waitFor();

    // Delete a licensed user: the dialog says the license goes back to the pool.
    const licensed = page.getByRole('row').filter({ hasText: 'Microsoft 365 Business Basic' }).first();
    const licensedName = (await licensed.getByRole('cell').first().textContent()) ?? '';
    await licensed.getByRole('button', { name: `Delete ${licensedName}` }).click();
    const del = page.getByRole('dialog', { name: `Delete ${licensedName}?` });
    await del.getByText(/go(es)? back to the pool: .*Microsoft 365 Business Basic/).waitFor();
    await s.shot('user-delete');
    await s.axe('user-delete');
    await del.getByRole('button', { name: 'Delete' }).click();
    await page
      .getByText(
        new RegExp(`^${licensedName} was deleted; licenses back in the pool: .*Microsoft 365 Business Basic`),
      )
      .waitFor();
    await expect.poll(() => page.getByRole('cell', { name: licensedName, exact: true }).count()).toBe(0);

    // CSV import: one created, one skipped (exists), one error, each reported.
    await page.getByRole('button', { name: 'Import users' }).click();
    const imp = page.getByRole('dialog', { name: 'Import users from a CSV file' });
    await imp
      .getByLabel('CSV content')
      .fill(
        'email,displayName,role\nomar.import@contoso.example,Omar Import,user\nnina.newcomer@contoso.example,Nina,user\nnot-an-email,Broken,user\n',
      );
    await imp.getByRole('button', { name: 'Import', exact: true }).click();
    await imp.getByText('1 created, 1 skipped, 1 with errors.').waitFor();
    const report = imp.getByRole('table', { name: 'Import report' });
    await report.locator('[data-import-row="2"]').getByText('Created', { exact: true }).waitFor();
    await report.locator('[data-import-row="3"]').getByText('Skipped', { exact: true }).waitFor();
    await report.locator('[data-import-row="4"]').getByText('Error', { exact: true }).waitFor();
    await s.shot('users-import');
    await s.axe('users-import');
    await imp.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('cell', { name: 'omar.import@contoso.example' }).waitFor();

    await page
      .getByRole('navigation', { name: 'Navigation' })
      .getByRole('link', { name: 'Available add-ons' })
      .click();
    await page.getByRole('columnheader', { name: 'Available with' }).waitFor();
    await s.shot('available-add-ons');
    await s.axe('available-add-ons');
  });
  it('previews the refund of a base subscription and its traditional add-ons before cancelling', async () => {
    const { page, server } = s;
    // Business Basic was bought in this story, inside the refund window: give it storage too.
    const login = await server.request('POST', '/api/auth/login', {
      body: { email: s.email, password: s.password },
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const subs = await server.request('GET', '/api/subscriptions', { cookie });
    const basic = (subs.body.subscriptions as { id: string; productId: string }[]).find(
      (x) => x.productId === 'm365-business-basic',
    );
    expect(basic).toBeDefined();
    const order = await server.request('POST', '/api/orders', {
      cookie,
      body: {
        items: [{ productId: 'addon-extra-file-storage', quantity: 10, baseSubscriptionId: basic!.id }],
        payment: { method: 'invoice' },
      },
    });
    expect(order.status).toBe(201);

    await page.goto(`/billing/products/${basic!.id}`);
    await page.getByRole('heading', { name: 'Microsoft 365 Business Basic', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Cancel subscription' }).click();
    const dialog = page.getByRole('dialog');
    const refund = dialog.getByTestId('refund-preview');
    await refund.getByText(/^Microsoft 365 Business Basic: \$\d+\.\d\d$/).waitFor();
    await refund.getByText(/^Office 365 Extra File Storage: \$\d+\.\d\d$/).waitFor();
    await refund.getByText(/^Total refund: \$\d+\.\d\d \(tax included\)$/).waitFor();
    await s.shot('cancel-base-refund-preview');
    await s.axe('cancel-base-refund-preview');
    await dialog.getByRole('button', { name: 'Keep subscription' }).click();
    await dialog.waitFor({ state: 'detached' });
  });
});
