import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, signIn, type Session } from './support/browser.js';

/**
 * Germany cloud, in English: Billing › Subscriptions reaches every action; Purchase services
 * sells base plans and points to Subscriptions for add-ons.
 */
describe('germany admin center in English', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openSession({ cloud: 'germany', locale: 'en-US', prefix: 'germany-en' });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('signs in; Purchase services points to Subscriptions for add-ons', async () => {
    await signIn(s, { email: /^Email/, password: /^Password/, submit: /^Sign in$/ }, 'English');
    const { page } = s;
    await page.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
    await page
      .getByRole('navigation', { name: 'Navigation' })
      .getByRole('link', { name: 'Purchase services' })
      .click();
    await page.getByText(/To buy an add-on, go to Billing › Subscriptions/).waitFor();
    await expect(page.getByRole('list', { name: 'Add-ons' }).count()).resolves.toBe(0);
    await s.shot('purchase-services');
    await s.axe('purchase-services');
  });

  it('buys an add-on through Subscriptions › Add-ons › Buy add-ons › Buy now and changes its quantity with Submit', async () => {
    const { page } = s;
    await page
      .getByRole('navigation', { name: 'Navigation' })
      .getByRole('link', { name: 'Subscriptions' })
      .click();
    await page.getByRole('heading', { name: 'Subscriptions', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Office 365 E3', exact: true }).click();
    await page.getByRole('tab', { name: /Add-ons/ }).click();
    await page.getByRole('button', { name: 'Buy add-ons' }).click();
    const card = page.locator('[data-product="addon-advanced-compliance"]');
    await card.hover();
    await card.getByRole('button', { name: /^Buy now/ }).click();
    const quantity = page.getByRole('spinbutton', { name: 'Number of licenses' });
    await quantity.fill('2');
    await quantity.press('Tab');
    await page.getByRole('button', { name: 'Check out now' }).click();
    await page.getByRole('heading', { name: 'Review pricing' }).waitFor();
    await expect.poll(() => page.getByTestId('due-today').textContent()).toMatch(/^€/);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('radio', { name: /^Invoice/ }).check();
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.getByText('Thank you for your order').waitFor();
    await s.shot('confirmation');
    await page.getByRole('link', { name: 'Go to the admin home page' }).click();

    await page
      .getByRole('navigation', { name: 'Navigation' })
      .getByRole('link', { name: 'Subscriptions' })
      .click();
    await page.getByRole('link', { name: 'Office 365 E3', exact: true }).click();
    await page.getByRole('tab', { name: /Add-ons/ }).click();
    await page
      .locator('[data-addon="addon-advanced-compliance"]')
      .getByRole('button', { name: /^Change quantity/ })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Add/Remove licenses' });
    const total = dialog.getByRole('spinbutton', { name: 'Total licenses' });
    await total.press('ArrowUp');
    await dialog.getByRole('button', { name: 'Submit', exact: true }).click();
    await page.getByText(/Quantity changed to 3\./).waitFor();
    await dialog.waitFor({ state: 'detached' });
    await s.shot('quantity-changed');
    await s.axe('subscription-add-ons');
  });

  it('explains why a subscription bought 10 days ago can only stop renewing, and turns recurring billing off', async () => {
    const { page } = s;
    await page.getByRole('tab', { name: 'Overview' }).click();
    await page.getByRole('button', { name: 'Cancel subscription' }).click();
    await page
      .getByRole('dialog')
      .getByText(/refund window ended/)
      .waitFor();
    await s.shot('cancel-after-window');
    await s.axe('cancel-after-window');
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    await page.getByRole('switch', { name: 'Recurring billing' }).click();
    // Nothing changes before the admin confirms, and the dialog says what will happen and when.
    const confirm = page.getByRole('dialog', { name: /^Turn off recurring billing for / });
    await confirm.getByText(/will not renew\. It stays active until .+; then it expires/).waitFor();
    await s.shot('recurring-off-confirm');
    await confirm.getByRole('button', { name: 'Turn off recurring billing' }).click();
    await page.getByText('Recurring billing is off.').waitFor();
    await confirm.waitFor({ state: 'detached' });
    await page.getByText(/^Your subscription expires on .+ and will not renew\.$/).waitFor();
    await s.shot('recurring-off');
  });
});
