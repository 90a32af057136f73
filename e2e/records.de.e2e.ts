import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, signIn, type Session } from './support/browser.js';

/**
 * Stored records in German (docs/records.md): a bill's lines and a support request's subject
 * come from the server rendered in the reader's language, whoever made them and in whatever
 * language. A French admin's removal request reads in German; no English record text shows.
 */
const englishRecordWords =
  /\b(licenses?|days|purchase|renewal|billing period|credit for|cancellation|Remove add-on|Support request)\b|Supprimer/;

/** A quantity change line in each language: its text, and its day count (said once, as a period). */
const billLine: [language: string, text: string, days: RegExp][] = [
  ['en-US', 'Office 365 E3: +2 licenses (10 → 12)', /\d+ of \d+ days/],
  ['fr-FR', 'Office 365 Entreprise E3\u202f: +2 licences (10 → 12)', /\d+ jours sur \d+/],
  ['de-DE', 'Office 365 E3: +2 Lizenzen (10 → 12)', /\d+ von \d+ Tagen/],
  ['zh-CN', 'Office 365 E3：+2 个许可证（10 → 12）', /\d+ 天中的 \d+ 天/],
];

describe('records in German: bills and support requests', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openSession({ cloud: 'germany', locale: 'de-DE', prefix: 'records-de' });
  });
  afterAll(async () => {
    await s?.close();
  });

  /** The API as the signed-in browser calls it, in another language when asked. */
  const api = (method: string, path: string, body?: unknown, language = 'de-DE') =>
    s.page.evaluate(
      async ([method, path, body, language]) => {
        const res = await fetch(path as string, {
          method: method as string,
          headers: {
            'content-type': 'application/json',
            'x-requested-with': 'BillingCenter',
            'accept-language': language as string,
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        return { status: res.status, body: (await res.json()) as Record<string, unknown> };
      },
      [method, path, body, language] as const,
    );

  it('shows a quantity change bill with German line text', async () => {
    await signIn(s, { email: /^E-Mail/, password: /^Kennwort/, submit: /^Anmelden$/ });
    const { page } = s;
    await page.getByRole('heading', { name: 'Startseite', level: 1 }).waitFor();
    const subs = await api('GET', '/api/subscriptions?flat=true');
    expect(subs.status, JSON.stringify(subs.body).slice(0, 300)).toBe(200);
    const list = subs.body.subscriptions as { id: string; productId: string; status: string }[];
    const e3 = list.find((x) => x.productId === 'o365-e3' && x.status === 'active')!;
    const storage = list.find((x) => x.productId === 'addon-extra-file-storage')!;
    expect((await api('POST', `/api/subscriptions/${e3.id}/quantity`, { quantity: 12 })).status).toBe(200);
    // A French admin asks support to remove the add-on.
    const opened = await api(
      'POST',
      '/api/support-requests',
      { type: 'remove_traditional_addon', subscriptionId: storage.id, description: 'Plus utilisé' },
      'fr-FR',
    );
    expect(opened.body.subject).toBe(
      'Supprimer le module complémentaire Espace de stockage supplémentaire Office 365',
    );

    await page
      .getByRole('navigation', { name: 'Navigation' })
      .getByRole('link', { name: 'Rechnungen' })
      .click();
    const bills = page.getByRole('table', { name: 'Rechnungen' });
    await bills.getByRole('row').nth(1).waitFor();
    // Newest first: the quantity change.
    await bills.getByRole('row').nth(1).getByRole('link').first().click();
    await page.getByText('Office 365 E3: +2 Lizenzen (10 → 12)', { exact: true }).waitFor();
    expect(await page.locator('main').innerText()).not.toMatch(englishRecordWords);
    await s.shot('rechnung-mengenaenderung');
    await s.axe('rechnung-mengenaenderung');

    // The line's day count is said once, beside its dates in the period column, in every
    // language (chosen as in the language menu, which the API follows).
    const line = page.locator('table[aria-labelledby="bill-lines"] tbody tr').first();
    for (const [language, text, days] of billLine) {
      await page.evaluate((l) => localStorage.setItem('billing-center.language', l), language);
      await page.reload();
      await line.getByText(text, { exact: true }).waitFor();
      const [description, period] = await Promise.all(
        [0, 1].map((n) => line.getByRole('cell').nth(n).innerText()),
      );
      expect(description, language).not.toMatch(days);
      expect(period, language).toMatch(days);
      expect((await line.innerText()).match(new RegExp(days, 'g')), language).toHaveLength(1);
    }
    await page.evaluate(() => localStorage.removeItem('billing-center.language'));
    await page.reload();
    await page.getByText('Office 365 E3: +2 Lizenzen (10 → 12)', { exact: true }).waitFor();

    // The bill of the E3 order: its line says what was bought, in German.
    await page.goBack();
    await bills.getByRole('row').last().waitFor();
    const rows = await bills.getByRole('row').count();
    let found = false;
    for (let n = 1; n < rows && !found; n++) {
      await bills.getByRole('row').nth(n).getByRole('link').first().click();
      await page.getByRole('heading', { level: 1 }).waitFor();
      found = (await page.getByText('Office 365 E3 – Kauf', { exact: true }).count()) > 0;
      expect(await page.locator('main').innerText()).not.toMatch(englishRecordWords);
      if (!found) await page.goBack();
    }
    expect(found).toBe(true);
  });

  it('shows the French admin’s removal request in German, in the list and on its page', async () => {
    const { page } = s;
    // The request was opened by another admin (through the API, above): a fresh load sees it.
    await page.reload();
    await page
      .getByRole('navigation', { name: 'Navigation' })
      .getByRole('link', { name: 'Supportanfragen' })
      .click();
    const subject = page.getByRole('link', { name: 'Add-On Office 365 Extra File Storage entfernen' });
    await subject.waitFor();
    expect(await page.locator('main').innerText()).not.toMatch(englishRecordWords);
    await s.shot('supportanfragen');
    await subject.click();
    await page
      .getByRole('heading', { name: 'Add-On Office 365 Extra File Storage entfernen', level: 1 })
      .waitFor();
    expect(await page.locator('main').innerText()).not.toMatch(englishRecordWords);
    await s.shot('supportanfrage');
    await s.axe('supportanfrage');
  });
});
