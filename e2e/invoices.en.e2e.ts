import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfText } from '../test/support/pdf-text.js';
import { openSession, signIn, type Session } from './support/browser.js';

/**
 * Invoices in the admin center (worldwide, English): the billing profile a Billing admin
 * fills in, an overdue bill with what is left to pay, its PDF (which prints the profile), and
 * paying it with a new card (declined first, then accepted).
 */
describe('bills to pay and download, billing profile', () => {
  let s: Session;
  beforeAll(async () => {
    // 40 days after the demo was bought by invoice: its bills are past their 30-day term.
    s = await openSession({ cloud: 'worldwide', locale: 'en-US', prefix: 'invoices-en', daysAfterSeed: 40 });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('saves the billing profile under Billing', async () => {
    await signIn(s, { email: /^Email/, password: /^Password/, submit: /^Sign in$/ });
    const { page } = s;
    await page.getByRole('navigation').getByRole('link', { name: 'Billing profile' }).click();
    await page.getByRole('heading', { name: 'Billing profile', level: 1 }).waitFor();
    await s.axe('billing-profile');
    await page.getByLabel(/^Legal name/).fill('Contoso Pharmaceuticals Ltd');
    await page.getByLabel('Address line 1').fill('1 Microsoft Way');
    await page.getByLabel('Postal code').fill('98052');
    await page.getByLabel('City').fill('Redmond');
    await page.getByLabel(/^Country or region/).fill('US');
    await page.getByLabel('Tax ID').fill('US-99-1234567');
    await page.getByLabel('Billing email').fill('not an email');
    await page.getByRole('button', { name: 'Save' }).click();
    // 400 from the API: said at the field.
    await expect.poll(() => page.getByLabel('Billing email').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Billing email').fill('ap@contoso.example');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved. Your bills now show these details.').waitFor();
    await s.shot('billing-profile-saved');
    await s.axe('billing-profile-saved');
  });

  it('shows an overdue bill with what is due, downloads its PDF, and offers to pay it', async () => {
    const { page } = s;
    await page.getByRole('navigation').getByRole('link', { name: 'Bills' }).click();
    const bills = page.getByRole('table', { name: 'Bills' });
    await bills.getByRole('cell', { name: 'Overdue' }).first().waitFor();
    await s.axe('bills-overdue');
    await bills.getByRole('row').filter({ hasText: 'Overdue' }).first().getByRole('link').click();
    await page.getByRole('heading', { name: /^Bill INV-\d+$/, level: 1 }).waitFor();
    const number = (await page.getByRole('heading', { level: 1 }).textContent())!.replace('Bill ', '');
    const due = await page.getByTestId('bill-amount-due').textContent();
    expect(due).toMatch(/^\$\d/);
    await s.shot('bill-overdue');
    await s.axe('bill-overdue');

    const link = page.getByRole('link', { name: 'Download PDF' });
    const href = await link.getAttribute('href');
    const pdf = await page.request.get(href!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect(pdf.headers()['content-disposition']).toBe(`attachment; filename="${number}.pdf"`);
    const text = (await pdfText(await pdf.body())).text.replace(/\s+/g, ' ');
    expect(text).toContain(`Invoice Number: ${number}`);
    expect(text).toContain('Contoso Pharmaceuticals Ltd');
    expect(text).toContain('98052 Redmond');
    expect(text).toContain('Overdue since');
    expect(text).toContain(`Amount due ${due}`);

    await page.getByRole('button', { name: 'Pay now' }).click();
    const dialog = page.getByRole('dialog', { name: `Pay bill ${number}` });
    // No saved card yet: a new one, handed to the gateway. A declined card leaves the bill open.
    await dialog.getByRole('radio', { name: 'New credit or debit card' }).check();
    await dialog.getByLabel(/^Card number/).fill('4000000000000002');
    await dialog.getByLabel(/^Expiration/).fill('12/30');
    await dialog.getByLabel(/^Security code/).fill('123');
    await s.axe('bill-pay-new-card');
    await dialog.getByRole('button', { name: `Pay ${due}` }).click();
    await dialog.getByRole('alert').getByText('The card was declined.').waitFor();
    await expect(page.getByTestId('bill-amount-due').textContent()).resolves.toBe(due);
    await s.shot('bill-pay-declined');
    await dialog.getByLabel(/^Card number/).fill('4242 4242 4242 4242');
    await dialog.getByRole('button', { name: `Pay ${due}` }).click();
    await page.getByText(`Thank you: bill ${number} is paid.`).waitFor();
    await page.getByRole('heading', { name: `Bill ${number}`, level: 1 }).waitFor();
    await expect.poll(() => page.getByRole('button', { name: 'Pay now' }).count()).toBe(0);
    await page.getByText('Paid', { exact: true }).first().waitFor();
    await s.shot('bill-paid');
    await s.axe('bill-paid');
  });
});
