import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, operatorToken, type TestServer, type TestTenant } from './support/harness.js';
import { cards, subscribe } from './support/billing.js';

/**
 * Problems in the reader's language (docs/messages.md): titles, details and hints come from the
 * message catalogs in en-US, fr-FR, de-DE and zh-CN, chosen by ?lang=, then Accept-Language,
 * then the organization's locale, then English; and a problem about one input points at it.
 * The germany cloud gives its tenants the de-DE locale, so its fallback is German.
 */
describe('problems in four languages (germany cloud, tenant locale de-DE)', () => {
  let server: TestServer;
  let tenant: TestTenant;
  beforeAll(async () => {
    server = await startTestServer({ cloud: 'germany' });
    tenant = await server.createTenant();
  });
  afterAll(() => server.close());

  const duplicateUser = async (email: string, headers: Record<string, string> = {}) => {
    const first = await server.request('POST', '/api/users', {
      token: tenant.token,
      body: { email, displayName: 'Erste' },
    });
    expect(first.status).toBe(201);
    return server.request('POST', '/api/users', {
      token: tenant.token,
      headers,
      body: { email: email.toUpperCase(), displayName: 'Zweite' },
    });
  };

  it('answers a taken email in German with the field it is about, and in Chinese when asked', async () => {
    const de = await duplicateUser('grace@example.de', { 'accept-language': 'de-DE,de;q=0.9,en;q=0.5' });
    expect(de.status).toBe(409);
    expect(de.body).toMatchObject({
      code: 'user_email_taken',
      title: 'E-Mail-Adresse bereits verwendet',
      detail: 'Ein Benutzer mit der E-Mail-Adresse GRACE@EXAMPLE.DE ist bereits vorhanden.',
      errors: [
        {
          path: 'body.email',
          code: 'user_email_taken',
          message: 'Ein Benutzer mit der E-Mail-Adresse GRACE@EXAMPLE.DE ist bereits vorhanden.',
        },
      ],
    });

    const zh = await duplicateUser('ada@example.de', { 'accept-language': 'zh-CN' });
    expect(zh.status).toBe(409);
    expect(zh.body.title).toBe('电子邮件地址已被使用');
    expect(zh.body.detail).toBe('电子邮件地址为 ADA@EXAMPLE.DE 的用户已存在。');
    expect(zh.body.errors).toEqual([
      { path: 'body.email', code: 'user_email_taken', message: zh.body.detail },
    ]);
  });

  it('says why a quantity is refused in German and Chinese, beside the item’s quantity', async () => {
    const body = { items: [{ productId: 'm365-business-standard', quantity: 301 }] };
    const de = await server.request('POST', '/api/checkout/quote', {
      token: tenant.token,
      headers: { 'accept-language': 'de-DE' },
      body,
    });
    expect(de.status).toBe(200);
    expect(de.body.valid).toBe(false);
    expect(de.body.problems[0]).toMatchObject({
      itemIndex: 0,
      path: 'body.items.0.quantity',
      field: 'quantity',
      code: 'quantity_out_of_bounds',
      message:
        'Microsoft 365 Business Standard ist in Mengen von 1 bis 300 erhältlich. Sie haben 301 angefordert.',
    });
    const zh = await server.request('POST', '/api/checkout/quote', {
      token: tenant.token,
      headers: { 'accept-language': 'zh-CN' },
      body,
    });
    expect(zh.body.problems[0].message).toBe(
      'Microsoft 365 Business Standard 的销售数量为 1 到 300；你请求的是 301。',
    );

    // Placing the order is refused the same way, with the item's field in `errors`, and nothing is bought.
    const order = await server.request('POST', '/api/orders', {
      token: tenant.token,
      headers: { 'accept-language': 'de-DE' },
      body: { ...body, payment: { method: 'card', paymentMethodId: cards.ok } },
    });
    expect(order.status).toBe(422);
    expect(order.body.title).toBe('Menge außerhalb des zulässigen Bereichs');
    expect(order.body.errors).toEqual([
      expect.objectContaining({
        path: 'body.items.0.quantity',
        field: 'quantity',
        code: 'quantity_out_of_bounds',
      }),
    ]);
    expect(order.body.errors[0].message).toMatch(
      /^Microsoft 365 Business Standard ist in Mengen von 1 bis 300/,
    );
    const subs = await server.request('GET', '/api/subscriptions', { token: tenant.token });
    expect(subs.body.subscriptions).toHaveLength(0);
  });

  it('points at the base subscription an add-on cannot go on, and at the quantity of a change', async () => {
    const e3 = await subscribe(server, tenant, 'o365-e3', { quantity: 5 });
    const notEligible = await server.request('POST', '/api/checkout/quote', {
      token: tenant.token,
      headers: { 'accept-language': 'de-DE' },
      body: {
        items: [{ productId: 'addon-customer-lockbox', quantity: 1, baseSubscriptionId: 'sub_unknown' }],
      },
    });
    expect(notEligible.body.problems[0]).toMatchObject({
      code: 'base_subscription_not_eligible',
      path: 'body.items.0.baseSubscriptionId',
      field: 'baseSubscriptionId',
      message: 'In dieser Organisation gibt es kein Abonnement sub_unknown.',
    });

    const tooMany = await server.request('POST', `/api/subscriptions/${e3}/quantity`, {
      token: tenant.token,
      headers: { 'accept-language': 'zh-CN' },
      body: { quantity: 0 },
    });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.code).toBe('quantity_out_of_bounds');
    expect(tooMany.body.title).toBe('数量超出范围');
    expect(tooMany.body.errors).toEqual([
      { path: 'body.quantity', code: 'quantity_out_of_bounds', message: tooMany.body.detail },
    ]);
    expect(tooMany.body.detail).toMatch(/^Office 365 E3 的销售数量为 \d+ 到 \d+。$/);
  });

  it('chooses ?lang=, then Accept-Language, then the organization’s locale, then English', async () => {
    const unknownProduct = (query: string, headers: Record<string, string> = {}) =>
      server.request('GET', `/api/catalog/products/nope${query}`, { token: tenant.token, headers });

    // The organization speaks German: a request that says nothing reads German.
    const tenantLocale = await unknownProduct('');
    expect(tenantLocale.status).toBe(404);
    expect(tenantLocale.body.title).toBe('Produkt nicht gefunden');
    expect(tenantLocale.body.detail).toBe('Das Produkt „nope“ wird in der Cloud „germany“ nicht verkauft.');
    expect(tenantLocale.body.hint).toBe('GET /api/catalog/products listet die Produkte dieser Instanz auf.');
    // A language the server does not speak is skipped for the next preference.
    const skipped = await unknownProduct('', { 'accept-language': 'ja-JP, zh;q=0.5' });
    expect(skipped.body.title).toBe('没有此产品');
    const notSpoken = await unknownProduct('', { 'accept-language': 'ja-JP' });
    expect(notSpoken.body.title).toBe('Produkt nicht gefunden');
    // Accept-Language beats the organization's locale; ?lang= beats both.
    const fr = await unknownProduct('', { 'accept-language': 'fr-FR' });
    expect(fr.body.detail).toBe('Aucun produit « nope » n’est vendu dans le cloud germany.');
    const en = await unknownProduct('?lang=en-US', { 'accept-language': 'fr-FR' });
    expect(en.body.detail).toBe('No product "nope" is sold in the germany cloud.');
    const zh = await unknownProduct('?lang=zh', { 'accept-language': 'fr-FR' });
    expect(zh.body.detail).toBe('germany 云中不销售产品“nope”。');

    // Without an organization (the operator, a stranger) and without a preference: English.
    const operator = await server.request('GET', '/api/operator/tenants/ten_unknown', {
      token: operatorToken,
    });
    expect(operator.status).toBe(404);
    expect(operator.body.title).toBe('Not found');
    const stranger = await server.request('GET', '/api/nowhere');
    expect(stranger.body.detail).toBe('No route GET /api/nowhere.');
    const strangerDe = await server.request('GET', '/api/nowhere', { headers: { 'accept-language': 'de' } });
    expect(strangerDe.body.detail).toBe('Keine Route GET /api/nowhere.');
  });

  it('names catalog entries and the available add-ons table in the four languages', async () => {
    const table = async (lang: string) =>
      (await server.request('GET', `/api/catalog/available-addons?lang=${lang}`, { token: tenant.token }))
        .body;
    expect(await table('de-DE')).toMatchObject({
      language: 'de-DE',
      headings: { addOn: 'Add-On', availableWith: 'Verfügbar mit' },
    });
    expect(await table('zh-CN')).toMatchObject({
      language: 'zh-CN',
      headings: { addOn: '加载项', availableWith: '可用于以下订阅' },
    });
    const bad = await server.request('GET', '/api/catalog/available-addons?lang=xx', { token: tenant.token });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('validation_failed');
    expect(bad.body.title).toBe('Die Anforderung ist ungültig');
    expect(bad.body.errors[0]).toMatchObject({ path: 'querystring.lang', code: 'validation_failed' });
  });
});
