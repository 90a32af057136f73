import type { Session } from './browser.js';
import { expectFitsPhone } from './browser.js';
import { catalog, expectLocalFormats, expectNoEnglish, expectNoOverlappingText, type Tree } from './leaks.js';

/**
 * The admin center as a German (germany cloud) or Chinese (21vianet) admin walks it, along the
 * source document's steps: Billing › Subscriptions › a subscription › Add-ons › Buy add-ons ›
 * Buy now › options › Check out now › review › Next › payment; Add-ons › Change quantity; the
 * other billing pages. Each page: no English, no sideways scrolling, no overlapping text, dates
 * and money in the page's language, and a screenshot.
 */
export async function auditWalk(s: Session, locale: 'de-DE' | 'zh-CN', size: 'phone' | 'desktop') {
  const m = (await catalog(locale)) as Record<string, Record<string, string>> & Tree;
  const { page } = s;
  await page.setViewportSize(size === 'phone' ? { width: 390, height: 844 } : { width: 1366, height: 900 });
  const login = await s.server.request('POST', '/api/auth/login', {
    body: { email: s.email, password: s.password },
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const subs = (await s.server.request('GET', '/api/subscriptions', { cookie })).body.subscriptions as {
    id: string;
    productId: string;
  }[];
  const e3 = subs.find((x) => x.productId === 'o365-e3')!.id;
  const bills = (await s.server.request('GET', '/api/invoices', { cookie })).body;
  const bill = (bills.invoices ?? bills.items ?? [])[0]?.id as string | undefined;

  const check = async (name: string, inDialog = false) => {
    if (!inDialog) await page.getByRole('heading', { level: 1 }).first().waitFor();
    await page.waitForLoadState('networkidle');
    const where = `${locale} ${size} ${name}`;
    // From the top: content scrolled under the sticky top bar is not overlapping text.
    await page.evaluate(() => window.scrollTo(0, 0));
    await s.shot(`${size}-${name}`);
    await expectFitsPhone(s, where);
    await expectNoEnglish(page, locale, where);
    // A modal dialog sits over the page on purpose: only its own text must not overlap.
    await expectNoOverlappingText(page, where, inDialog ? '[role="dialog"]' : 'body');
    await expectLocalFormats(page, locale, where);
  };
  const visit = async (path: string, name: string) => {
    await page.goto(path);
    await check(name);
  };

  await visit('/', 'home');
  await visit('/billing/subscriptions', 'subscriptions');
  await visit(`/billing/subscriptions/${e3}`, 'subscription');
  await visit(`/billing/subscriptions/${e3}?tab=add-ons`, 'add-ons');
  await page.getByRole('button', { name: m.sub!.changeQuantity!, exact: false }).first().click();
  const dialog = page.getByRole('dialog');
  const total = dialog.getByRole('spinbutton');
  await total.fill(String(Number(await total.inputValue()) + 5));
  await total.press('Tab');
  await dialog.getByTestId('quantity-preview').getByText(/\d/).waitFor();
  await check('change-quantity', true);
  await page.keyboard.press('Escape');
  await visit(`/billing/subscriptions/${e3}/buy-add-ons`, 'buy-add-ons');
  await visit(`/billing/buy/addon-customer-lockbox?base=${e3}`, 'options');
  await page.getByRole('button', { name: m.buy!.checkOut! }).click();
  await page.getByTestId('due-today').waitFor();
  await check('review');
  await page.getByRole('button', { name: m.buy!.next! }).click();
  await page.getByRole('button', { name: m.buy!.placeOrder! }).waitFor();
  await check('payment');
  await visit('/billing/licenses', 'licenses');
  await visit('/billing/bills', 'bills');
  if (bill) await visit(`/billing/bills/${encodeURIComponent(bill)}`, 'bill');
  await visit('/billing/payment-methods', 'payment-methods');
  await visit('/billing/profile', 'billing-profile');
  await visit('/billing/available-add-ons', 'available-add-ons');
  await visit('/billing/reports', 'reports');
  await visit('/billing/purchase-services', 'purchase-services');
  await visit('/users', 'users');
  await visit('/support/requests', 'support-requests');
  await visit('/settings/notifications', 'notifications');
  await visit('/account/security', 'security');
}
