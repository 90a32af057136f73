import Fastify from 'fastify';
import swagger from '@fastify/swagger';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCatalogRoutes } from '../src/http/routes/catalog.routes.js';
import { insertBaseSubscription } from './support/catalog-fixtures.js';
import { operatorToken, startTestServer, type TestServer, type TestTenant } from './support/harness.js';

describe('catalog API (worldwide)', () => {
  let server: TestServer;
  let tenant: TestTenant;
  beforeAll(async () => {
    server = await startTestServer();
    tenant = await server.createTenant();
  });
  afterAll(() => server.close());

  it('lists the products of this cloud to tenant admins and the operator, not to strangers', async () => {
    expect((await server.request('GET', '/api/catalog/products')).status).toBe(401);

    const res = await server.request('GET', '/api/catalog/products', { token: tenant.token });
    expect(res.status).toBe(200);
    expect(res.body.cloud).toBe('worldwide');
    const products = res.body.products as { id: string; kind: string }[];
    expect(products.filter((p) => p.kind === 'base')).toHaveLength(17);
    expect(products.filter((p) => p.kind === 'addon')).toHaveLength(11);

    const addOns = await server.request('GET', '/api/catalog/products?kind=addon', { token: operatorToken });
    expect(addOns.status).toBe(200);
    expect(addOns.body.products).toHaveLength(11);

    const licenseAdmin = await tenant.addUser('license_admin');
    expect((await server.request('GET', '/api/catalog/products', { token: licenseAdmin.token })).status).toBe(
      200,
    );
    const user = await tenant.addUser('user');
    const refused = await server.request('GET', '/api/catalog/products', { token: user.token });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('forbidden');
  });

  it('describes the products in German to a German reader and in Chinese to a Chinese one', async () => {
    const lockbox = (body: { products: { id: string; name: string; description: string }[] }) =>
      body.products.find((p) => p.id === 'addon-customer-lockbox');

    const de = await server.request('GET', '/api/catalog/products', {
      token: tenant.token,
      headers: { 'accept-language': 'de-DE,de;q=0.9,en;q=0.5' },
    });
    expect(de.status).toBe(200);
    expect(lockbox(de.body)).toMatchObject({
      name: 'Kunden-Lockbox',
      description:
        'Genehmigen oder lehnen Sie jede Anfrage von Supporttechnikern ab, auf Ihre Inhalte zuzugreifen.',
    });
    const germanPlan = (de.body.products as { id: string; description: string }[]).find(
      (p) => p.id === 'm365-business-standard',
    );
    expect(germanPlan?.description).toBe(
      'Alles aus Business Basic plus die Office-Desktop-Apps (bis zu 300 Benutzer).',
    );

    const zh = await server.request('GET', '/api/catalog/products/addon-customer-lockbox?lang=zh', {
      token: tenant.token,
      headers: { 'accept-language': 'de-DE' },
    });
    expect(zh.status).toBe(200);
    expect(zh.body).toMatchObject({
      name: '客户密码箱',
      description: '批准或拒绝支持工程师访问你的内容的每个请求。',
    });

    const deByQuery = await server.request('GET', '/api/catalog/products?kind=addon&lang=de-DE', {
      token: tenant.token,
      headers: { 'accept-language': 'en-US' },
    });
    expect(lockbox(deByQuery.body)?.description).toBe(lockbox(de.body)?.description);

    const en = await server.request('GET', '/api/catalog/products?lang=en-US', { token: tenant.token });
    expect(lockbox(en.body)?.description).toBe(
      'Approve or reject each request from support engineers to access your content.',
    );
  });

  it('shows one product with its offers, and 404 for an unknown id', async () => {
    const res = await server.request('GET', '/api/catalog/products/addon-extra-file-storage?currency=EUR', {
      token: tenant.token,
      headers: { 'accept-language': 'fr-FR' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: 'addon-extra-file-storage',
      kind: 'addon',
      addonKind: 'traditional',
      unit: 'gb',
      name: 'Espace de stockage supplémentaire Office 365',
      retired: false,
    });
    expect(res.body.availableWith).toHaveLength(12);
    expect(
      res.body.offers.map(
        (o: { commitment: string; billingFrequency: string }) => `${o.commitment}/${o.billingFrequency}`,
      ),
    ).toEqual(['monthly/monthly', 'annual/monthly', 'annual/annual']);
    for (const offer of res.body.offers) {
      expect(offer.prices).toHaveLength(1);
      expect(offer.prices[0]).toMatchObject({ currency: 'EUR', unitAmount: expect.any(Number) });
    }

    const missing = await server.request('GET', '/api/catalog/products/no-such-plan', {
      token: tenant.token,
    });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('product_not_found');
  });

  it('builds the available add-ons table in French from Accept-Language, and in English on ?lang=en', async () => {
    const fr = await server.request('GET', '/api/catalog/available-addons', {
      token: tenant.token,
      headers: { 'accept-language': 'fr-FR,fr;q=0.9,en;q=0.5' },
    });
    expect(fr.status).toBe(200);
    expect(fr.body.language).toBe('fr-FR');
    expect(fr.body.headings.availableWith).toBe('Disponible dans les abonnements suivants');
    const rows = fr.body.rows as {
      addOn: { id: string; name: string };
      availableWith: { id: string; name: string }[];
    }[];
    expect(rows.map((r) => r.addOn.name)).toEqual([
      'Référentiel sécurisé du client',
      'Office 365 Online-Protection avancée contre les menaces',
      'Archivage Exchange Online',
      'Microsoft MyAnalytics',
      'Conformité avancée Office 365',
      'Espace de stockage supplémentaire Office 365',
      'Système téléphonique',
      'Audioconférence',
      'Crédits de communication',
      'Plan d’appels nationaux',
      'Plan d’appels internationaux',
    ]);
    const lockbox = rows[0]!;
    expect(lockbox.availableWith.map((b) => b.name)).toEqual([
      'Office 365 Entreprise E1',
      'Office 365 Entreprise E3',
      'Office 365 Entreprise E4',
    ]);
    const audio = rows.find((r) => r.addOn.id === 'addon-audio-conferencing')!;
    expect(audio.availableWith.map((b) => b.name)).toContain('Office 365 Entreprise E5 sans audioconférence');
    expect(audio.availableWith).toHaveLength(9);
    const storage = rows.find((r) => r.addOn.id === 'addon-extra-file-storage')!;
    expect(storage.availableWith.map((b) => b.name)).toEqual([
      'Applications Microsoft 365 pour les entreprises',
      'Microsoft 365 Business Basic',
      'Microsoft 365 Business Standard',
      'Office 365 Entreprise E1',
      'Office 365 Entreprise E2',
      'Office 365 Entreprise E3',
      'Office 365 Entreprise E4',
      'Office 365 Entreprise E5',
      'Office pour le Web avec SharePoint plan 1',
      'Office pour le Web avec SharePoint plan 2',
      'SharePoint Online (plan 1)',
      'SharePoint Online (plan 2)',
    ]);

    const en = await server.request('GET', '/api/catalog/available-addons?lang=en', {
      token: tenant.token,
      headers: { 'accept-language': 'fr-FR' },
    });
    expect(en.body.rows[0].addOn.name).toBe('Customer Lockbox');
    expect(en.body.rows[0].availableWith[0].name).toBe('Office 365 E1');
  });

  it('tells a tenant without base plans that it cannot buy any add-on, and which plans it needs', async () => {
    const fresh = await server.createTenant();
    const res = await server.request('GET', '/api/catalog/addons', { token: fresh.token });
    expect(res.status).toBe(200);
    expect(res.body.currency).toBe('USD');
    const addons = res.body.addons as {
      productId: string;
      canBuy: boolean;
      reason: { code: string; message: string } | null;
      eligibleBaseSubscriptions: unknown[];
    }[];
    expect(addons).toHaveLength(11);
    for (const a of addons) {
      expect(a.canBuy).toBe(false);
      expect(a.reason?.code).toBe('no_eligible_base_subscription');
      expect(a.eligibleBaseSubscriptions).toEqual([]);
    }
    const credits = addons.find((a) => a.productId === 'addon-communications-credits')!;
    expect(credits.reason?.message).toBe(
      'Communications Credits needs an active subscription to one of these plans: Office 365 E5.',
    );
    const lockbox = addons.find((a) => a.productId === 'addon-customer-lockbox')!;
    expect(lockbox.reason?.message).toContain('Office 365 E1, Office 365 E3, or Office 365 E4');

    const fr = await server.request('GET', '/api/catalog/addons', {
      token: fresh.token,
      headers: { 'accept-language': 'fr-FR' },
    });
    const lockboxFr = (fr.body.addons as typeof addons).find(
      (a) => a.productId === 'addon-customer-lockbox',
    )!;
    expect(lockboxFr.reason?.message).toContain(
      'Office 365 Entreprise E1, Office 365 Entreprise E3 ou Office 365 Entreprise E4',
    );
  });

  it('lets a tenant with Office 365 E5 buy Communications Credits on that subscription, and no one else see it', async () => {
    const holder = await server.createTenant();
    const other = await server.createTenant();
    const { id: subscriptionId } = await insertBaseSubscription(server, holder.id, 'o365-e5', {
      quantity: 25,
    });
    // Not live: must not count.
    await insertBaseSubscription(server, holder.id, 'o365-e1', { status: 'expired' });

    const res = await server.request('GET', '/api/catalog/addons', { token: holder.token });
    const byId = new Map(
      (res.body.addons as { productId: string }[]).map((a) => [a.productId, a as Record<string, unknown>]),
    );
    const credits = byId.get('addon-communications-credits')!;
    expect(credits).toMatchObject({ canBuy: true, reason: null, unit: 'credit', addonKind: 'standalone' });
    expect(credits.eligibleBaseSubscriptions).toEqual([
      {
        id: subscriptionId,
        productId: 'o365-e5',
        quantity: 25,
        billingFrequency: 'monthly',
        commitment: 'annual',
        termEnd: expect.any(String),
      },
    ]);
    expect(credits.offers).toEqual([
      expect.objectContaining({
        commitment: 'monthly',
        billingFrequency: 'monthly',
        currency: 'USD',
        unitAmount: 100,
      }),
    ]);
    expect(byId.get('addon-phone-system')).toMatchObject({ canBuy: true });
    expect(byId.get('addon-extra-file-storage')).toMatchObject({ canBuy: true });
    // E1 is expired, and E5 is not in the Customer Lockbox list.
    expect(byId.get('addon-customer-lockbox')).toMatchObject({
      canBuy: false,
      eligibleBaseSubscriptions: [],
    });
    // Audio Conferencing is for "E5 without Audio Conferencing", not E5 itself.
    expect(byId.get('addon-audio-conferencing')).toMatchObject({ canBuy: false });

    const otherView = await server.request('GET', '/api/catalog/addons', { token: other.token });
    for (const a of otherView.body.addons as { canBuy: boolean; eligibleBaseSubscriptions: unknown[] }[]) {
      expect(a.canBuy).toBe(false);
      expect(a.eligibleBaseSubscriptions).toEqual([]);
    }
    expect(JSON.stringify(otherView.body)).not.toContain(subscriptionId);
  });

  it('keeps the operator routes for the operator', async () => {
    const asTenant = await server.request('GET', '/api/operator/catalog/versions', { token: tenant.token });
    expect(asTenant.status).toBe(403);
    expect(asTenant.body.code).toBe('operator_only');
    const anonymous = await server.request('POST', '/api/operator/catalog/import', {
      raw: { contentType: 'application/yaml', text: 'version: x' },
    });
    expect([401, 403]).toContain(anonymous.status);
    const importAsTenant = await server.request('POST', '/api/operator/catalog/import', {
      token: tenant.token,
      raw: { contentType: 'application/yaml', text: 'version: x' },
    });
    expect(importAsTenant.status).toBe(403);
    expect(importAsTenant.body.code).toBe('operator_only');

    const versions = await server.request('GET', '/api/operator/catalog/versions', { token: operatorToken });
    expect(versions.status).toBe(200);
    expect(versions.body.versions).toHaveLength(1);
    expect(versions.body.versions[0]).toMatchObject({
      current: true,
      source: expect.stringContaining('default.yaml'),
    });
  });

  it('documents every catalog route, with tags, summary and response schemas', async () => {
    // Built on a server holding only the catalog routes, so another area's schema cannot hide ours.
    const app = Fastify();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    await app.register(swagger, {
      openapi: { openapi: '3.1.0', info: { title: 'catalog', version: '0' } },
      transform: jsonSchemaTransform,
    });
    await app.register(
      async (api) => registerCatalogRoutes(api.withTypeProvider<ZodTypeProvider>(), server.ctx),
      {
        prefix: '/api',
      },
    );
    await app.ready();
    const doc = app.swagger() as {
      paths: Record<
        string,
        Record<string, { tags?: string[]; summary?: string; responses?: Record<string, unknown> }>
      >;
    };
    await app.close();
    const operations = [
      ['/api/catalog/products', 'get'],
      ['/api/catalog/products/{id}', 'get'],
      ['/api/catalog/available-addons', 'get'],
      ['/api/catalog/addons', 'get'],
      ['/api/operator/catalog/import', 'post'],
      ['/api/operator/catalog/versions', 'get'],
    ] as const;
    for (const [p, method] of operations) {
      const op = doc.paths[p]?.[method];
      expect(op, `${method} ${p}`).toBeDefined();
      expect(op?.tags).toEqual(['catalog']);
      expect(op?.summary).toBeTruthy();
      expect(Object.keys(op?.responses ?? {})).toContain('200');
    }
  });
});

describe('catalog API (21vianet)', () => {
  let server: TestServer;
  let tenant: TestTenant;
  beforeAll(async () => {
    server = await startTestServer({ cloud: '21vianet' });
    tenant = await server.createTenant({ country: 'CN' });
  });
  afterAll(() => server.close());

  it('does not sell what the catalog keeps out of 21vianet', async () => {
    const res = await server.request('GET', '/api/catalog/products', { token: tenant.token });
    const ids = (res.body.products as { id: string }[]).map((p) => p.id);
    for (const absent of [
      'addon-communications-credits',
      'addon-domestic-calling-plan',
      'addon-international-calling-plan',
      'addon-myanalytics',
      'm365-e5',
    ]) {
      expect(ids).not.toContain(absent);
    }
    expect(ids).toContain('addon-audio-conferencing');
    expect(ids).toHaveLength(28 - 5);

    const one = await server.request('GET', '/api/catalog/products/addon-domestic-calling-plan', {
      token: tenant.token,
    });
    expect(one.status).toBe(404);
    expect(one.body.code).toBe('product_not_found');

    const table = await server.request('GET', '/api/catalog/available-addons', { token: tenant.token });
    const rows = table.body.rows as { addOn: { id: string }; availableWith: { id: string }[] }[];
    expect(rows.map((r) => r.addOn.id)).not.toContain('addon-communications-credits');
    const audio = rows.find((r) => r.addOn.id === 'addon-audio-conferencing')!;
    expect(audio.availableWith.map((b) => b.id)).not.toContain('m365-e5');
    expect(audio.availableWith).toHaveLength(8);
  });

  it('prices eligibility in the tenant currency', async () => {
    const res = await server.request('GET', '/api/catalog/addons', { token: tenant.token });
    expect(res.body.currency).toBe('CNY');
    expect(res.body.addons).toHaveLength(11 - 4);
    for (const a of res.body.addons as { offers: { currency: string }[] }[]) {
      expect(a.offers.length).toBeGreaterThan(0);
      for (const o of a.offers) expect(o.currency).toBe('CNY');
    }
  });
});
