import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, signIn, type Session } from './support/browser.js';

/**
 * Germany cloud in German, from the tenant's locale (the browser speaks English): the Microsoft
 * 365 admin center's German words (Abrechnung › Abonnements › Add-Ons › Add-Ons kaufen › Jetzt
 * kaufen), money and dates through Intl in de-DE, and an add-on bought from a subscription's Buy
 * add-ons goes on THAT subscription, named on the options step and in the review.
 */
describe('germany admin center in German', () => {
  let s: Session;
  let e3Path = '';
  beforeAll(async () => {
    s = await openSession({ cloud: 'germany', locale: 'en-US', prefix: 'germany-de' });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('speaks German once signed in, because the tenant does', async () => {
    await signIn(s, { email: /^Email/, password: /^Password/, submit: /^Sign in$/ });
    const { page } = s;
    await page.getByRole('heading', { name: 'Startseite', level: 1 }).waitFor();
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe('de-DE');
    const nav = page.getByRole('navigation', { name: 'Navigation' });
    await nav.getByText('Abrechnung', { exact: true }).waitFor();
    await nav.getByRole('link', { name: 'Dienste kaufen' }).waitFor();
    await nav.getByRole('link', { name: 'Lizenzen' }).waitFor();
    await nav.getByRole('link', { name: 'Rechnungen' }).waitFor();
    await expect(nav.getByRole('link', { name: 'Ihre Produkte' }).count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Abmelden' }).waitFor();
    await s.shot('startseite');
    await s.axe('startseite');
  });

  it('lists subscriptions with German dates and euros', async () => {
    const { page } = s;
    await page
      .getByRole('navigation', { name: 'Navigation' })
      .getByRole('link', { name: 'Abonnements' })
      .click();
    await page.getByRole('heading', { name: 'Abonnements', level: 1 }).waitFor();
    await page.getByRole('columnheader', { name: 'Abrechnungshäufigkeit' }).waitFor();
    // de-DE medium dates: "02.03.2027".
    await page
      .getByText(/^Wird am \d{2}\.\d{2}\.\d{4} verlängert$/)
      .first()
      .waitFor();
    await s.shot('abonnements');
    await s.axe('abonnements');
    await page.getByRole('link', { name: 'Office 365 E3', exact: true }).click();
    await page.getByRole('heading', { name: 'Office 365 E3', level: 1 }).waitFor();
    e3Path = new URL(page.url()).pathname;
    await page.getByText(/^\d+,\d\d\s€ pro Lizenz\/Monat$/).waitFor();
  });

  it('refuses to put an add-on E3 already has on another subscription', async () => {
    const { page } = s;
    await page.getByRole('tab', { name: /^Add-Ons/ }).click();
    await page.getByRole('button', { name: 'Add-Ons kaufen' }).click();
    await page.getByRole('heading', { name: 'Add-Ons kaufen', level: 1 }).waitFor();
    // One trail: Abrechnung › Abonnements › Office 365 E3 › Add-Ons kaufen.
    const crumbs = page.getByRole('navigation', { name: 'Breadcrumb' });
    await expect(crumbs.getByRole('listitem').allTextContents()).resolves.toEqual([
      'Abrechnung',
      'Abonnements',
      'Office 365 E3',
      'Add-Ons kaufen',
    ]);
    // E3 already carries Extra File Storage: the card says so; Buy now stays off.
    const storage = page.locator('[data-product="addon-extra-file-storage"]');
    await storage.getByText(/^Bereits in diesem Abonnement/).waitFor();
    await expect(storage.getByRole('button', { name: /^Jetzt kaufen/ }).isDisabled()).resolves.toBe(true);
    await s.shot('add-ons-kaufen');
    await s.axe('add-ons-kaufen');

    // The address the French admin used: the add-on "for E3" must not land on Business Standard.
    const e3Id = e3Path.split('/').pop()!;
    await page.goto(`/billing/buy/addon-extra-file-storage?base=${e3Id}`);
    await page
      .getByText(/^.+ kann Office 365 E3 nicht hinzugefügt werden\. Bereits in diesem Abonnement/)
      .waitFor();
    await expect(page.getByRole('button', { name: 'Jetzt zur Kasse' }).isDisabled()).resolves.toBe(true);
    await expect(page.getByText('Microsoft 365 Business Standard').count()).resolves.toBe(0);
    await s.shot('nicht-auf-e3');
  });

  it('buys Customer Lockbox on E3 from its Buy add-ons, paid by invoice', async () => {
    const { page } = s;
    await page.goto(`${e3Path}/buy-add-ons`);
    const lockbox = page.locator('[data-product="addon-customer-lockbox"]');
    await lockbox.hover();
    await lockbox.getByRole('button', { name: /^Jetzt kaufen/ }).click();
    await page.getByRole('heading', { name: /kaufen$/, level: 1 }).waitFor();
    const trail = ['Abrechnung', 'Abonnements', 'Office 365 E3', 'Add-Ons kaufen'];
    const crumbs = page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('listitem');
    await expect.poll(() => crumbs.allTextContents()).toEqual([...trail, expect.stringMatching(/kaufen$/)]);

    // Only E3 qualifies, and the options step still names it.
    await expect(page.getByTestId('base-subscription').textContent()).resolves.toMatch(
      /^Office 365 E3 – 10 Lizenzen/,
    );
    const quantity = page.getByRole('spinbutton', { name: 'Anzahl der Lizenzen' });
    await quantity.fill('2');
    await quantity.press('Tab');
    // The arrows are named in German, not Fluent's "Increment value".
    await page.getByRole('button', { name: 'Anzahl der Lizenzen erhöhen' }).click();
    await expect(quantity.inputValue()).resolves.toBe('3');
    await expect(page.getByRole('button', { name: /Increment|Decrement/ }).count()).resolves.toBe(0);
    await s.shot('optionen');
    await s.axe('optionen');
    await page.getByRole('button', { name: 'Jetzt zur Kasse' }).click();

    await page.getByRole('heading', { name: 'Preise überprüfen', level: 2 }).waitFor();
    await expect(page.getByTestId('review-base').textContent()).resolves.toBe('Hinzugefügt zu Office 365 E3');
    await page.getByText(/^Anteilig für \d+ von \d+ Tagen/).waitFor();
    await expect.poll(() => page.getByTestId('due-today').textContent()).toMatch(/^\d+,\d\d\s€$/);
    await s.shot('preise-ueberpruefen');
    await page.getByRole('button', { name: 'Weiter' }).click();

    await page.getByRole('heading', { name: 'Zahlungsdetails', level: 2 }).waitFor();
    await page.getByRole('radio', { name: 'Rechnung (Zahlung per Überweisung)' }).check();
    await page.getByRole('button', { name: 'Bestellung aufgeben' }).click();
    await page.getByText('Vielen Dank für Ihre Bestellung').waitFor();
    // Paid by invoice: nothing was "charged today".
    await expect(page.getByTestId('order-paid').textContent()).resolves.toMatch(
      /^\d+,\d\d\s€ zahlbar per Rechnung\.$/,
    );
    await expect(page.getByText(/belastet/).count()).resolves.toBe(0);
    await expect(page.locator('main').textContent()).resolves.not.toMatch(/ord_|inv_/);
    await page.getByText(/^Erledigt: 3 Benutzer haben eine Lizenz für .+ erhalten\.$/).waitFor();
    // The trail did not jump once the add-on stopped being buyable for E3.
    await expect(crumbs.allTextContents()).resolves.toEqual([...trail, expect.stringMatching(/kaufen$/)]);
    await s.shot('bestaetigung');
    await s.axe('bestaetigung');

    // It went on E3.
    await page.goto(`${e3Path}?tab=add-ons`);
    await page.locator('[data-addon="addon-customer-lockbox"]').waitFor();
    await s.shot('e3-add-ons');
  });
  it('shows the other areas’ pages in German too: billing profile, security, email notifications', async () => {
    const { page } = s;
    const nav = page.getByRole('navigation', { name: 'Navigation' });
    await nav.getByRole('link', { name: 'Abrechnungsprofil' }).click();
    await page.getByRole('heading', { name: 'Abrechnungsprofil', level: 1 }).waitFor();
    await page.getByLabel(/^Rechtlicher Name/).waitFor();
    await page.getByLabel(/^Steuer-ID/).waitFor();
    await nav.getByRole('link', { name: 'Mein Konto: Sicherheit' }).click();
    await page.getByRole('heading', { name: 'Sicherheit', level: 1 }).waitFor();
    await page.getByRole('table', { name: 'Wo Sie angemeldet sind' }).getByText('Diese Sitzung').waitFor();
    await page.getByRole('button', { name: 'Authentifizierungs-App einrichten' }).waitFor();
    await s.shot('sicherheit');
    await s.axe('sicherheit');
    await nav.getByRole('link', { name: 'E-Mail-Benachrichtigungen' }).click();
    await page.getByRole('heading', { name: 'E-Mail-Benachrichtigungen', level: 1 }).waitFor();
    await page.getByRole('switch', { name: 'Bestellbestätigungen' }).waitFor();
    await page.getByRole('switch', { name: /^Fehlgeschlagene Zahlungen — Wird immer gesendet$/ }).waitFor();
    await s.shot('benachrichtigungen');
  });
});
