import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, signIn, type Session } from './support/browser.js';

/**
 * A German admin's refusal, in German, beside the field it is about: the admin center sends
 * its language as Accept-Language, the server words the problem from its German catalog and
 * points at the input (`errors[].path`), and the form puts it under that field — no error-code
 * table in the web.
 */
describe('germany admin center: server problems in German beside their field', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openSession({ cloud: 'germany', locale: 'de-DE', prefix: 'germany-messages-de' });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('shows "email already in use" in German under the email field of Add a user', async () => {
    await signIn(s, { email: /^E-Mail/, password: /^Kennwort/, submit: /^Anmelden$/ });
    const { page } = s;
    await page
      .getByRole('navigation', { name: 'Navigation' })
      .getByRole('link', { name: 'Benutzer' })
      .click();
    await page.getByRole('heading', { name: 'Benutzer', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Benutzer hinzufügen' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/^Anzeigename/).fill('Zweites Konto');
    // The signed-in admin's own address is taken.
    const email = dialog.getByLabel(/^Benutzername \(E-Mail\)/);
    await email.fill(s.email.toUpperCase());
    await dialog.getByRole('button', { name: 'Hinzufügen' }).click();

    const expected = `Ein Benutzer mit der E-Mail-Adresse ${s.email.toUpperCase()} ist bereits vorhanden.`;
    await dialog.getByText(expected).waitFor();
    // It is the email field's own message (what a screen reader reads with the field)…
    const description = (input: Element) =>
      (input.getAttribute('aria-describedby') ?? '')
        .split(/\s+/)
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' ');
    expect(await email.evaluate(description)).toContain(expected);
    await expect(email.getAttribute('aria-invalid')).resolves.toBe('true');
    // …and not the display name's, nor repeated above the form.
    expect(await dialog.getByLabel(/^Anzeigename/).evaluate(description)).not.toContain(expected);
    await expect(dialog.getByText(expected).count()).resolves.toBe(1);
    await s.shot('email-vergeben');
    await s.axe('email-vergeben');
  });
});
