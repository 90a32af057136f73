import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorToken } from '../test/support/harness.js';
import { openSession, signIn, type Session } from './support/browser.js';

/**
 * Email notifications in the browser: an admin's own preferences (Settings › Email
 * notifications) and the operator's page listing every mail the demo would have sent.
 */
describe('email notifications in the admin center', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openSession({ cloud: 'worldwide', locale: 'en-US', prefix: 'notifications-en' });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('lets an admin turn order confirmations off and choose French, but not payment mail', async () => {
    await signIn(s, { email: /^Email/, password: /^Password/, submit: /^Sign in$/ });
    const { page } = s;
    await page.getByRole('navigation').getByRole('link', { name: 'Email notifications' }).click();
    await page.getByRole('heading', { name: 'Email notifications', level: 1 }).waitFor();
    const orders = page.getByRole('switch', { name: 'Order confirmations' });
    await expect(orders.isChecked()).resolves.toBe(true);
    await expect(
      page.getByRole('switch', { name: /^Failed payments — Always sent$/ }).isDisabled(),
    ).resolves.toBe(true);
    await orders.click();
    await page.getByLabel('Language of your emails').selectOption('fr-FR');
    await s.shot('preferences');
    await s.axe('preferences');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Your email preferences were saved.').waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Email notifications', level: 1 }).waitFor();
    await expect(page.getByRole('switch', { name: 'Order confirmations' }).isChecked()).resolves.toBe(false);
    await expect(page.getByLabel('Language of your emails').inputValue()).resolves.toBe('fr-FR');
  });

  it('shows the operator every mail the demo wrote, and opens one', async () => {
    await s.server.drainJobs();
    const { page } = s;
    await page.goto('/api/operator/mail.html');
    await page.getByLabel('Operator token').fill(operatorToken);
    await page.getByRole('button', { name: 'Show mail' }).click();
    const confirmation = page
      .getByRole('button', { name: /^Order confirmed: \$[\d,.]+ — invoice INV-\d+$/ })
      .first();
    await confirmation.waitFor();
    await confirmation.click();
    await page.getByText(/\(download \.eml\)/).waitFor();
    const frame = page.frameLocator('iframe[title="Message"]');
    await frame.getByRole('heading', { name: 'Thank you for your order' }).waitFor();
    await s.shot('operator-mail');
  });
});
