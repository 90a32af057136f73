import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { systemActor } from '../src/modules/audit/index.js';
import {
  findActivePrice,
  getProduct,
  getTaxRate,
  importCatalogFile,
  listActivePrices,
} from '../src/modules/catalog/index.js';
import { insertBaseSubscription } from './support/catalog-fixtures.js';
import { operatorToken, startTestServer, type TestServer } from './support/harness.js';

const defaultFile = path.resolve('catalog/default.yaml');
const defaultText = fs.readFileSync(defaultFile, 'utf8');

/** The default catalog with some edits, as YAML text. */
function editedCatalog(edit: (doc: ReturnType<typeof parseDocument>) => void): string {
  const doc = parseDocument(defaultText);
  edit(doc);
  return doc.toString();
}

function productIndex(id: string): number {
  const doc = parseDocument(defaultText).toJS() as { products: { id: string }[] };
  return doc.products.findIndex((p) => p.id === id);
}

describe('catalog import', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  const importYaml = (text: string) =>
    server.request('POST', '/api/operator/catalog/import', {
      token: operatorToken,
      raw: { contentType: 'application/yaml', text },
    });

  it('changes nothing when the catalog in force is imported again', async () => {
    const again = await importCatalogFile(server.ctx.db, defaultFile, {
      now: server.clock.now(),
      actor: systemActor,
    });
    expect(again.changed).toBe(false);
    const res = await importYaml(defaultText);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ versionId: again.versionId, version: again.version, changed: false });
    // Comments and spacing do not make a new version either.
    const reformatted = await importYaml(`# touched\n${defaultText}\n\n`);
    expect(reformatted.body.changed).toBe(false);
    const text = await server.request('POST', '/api/operator/catalog/import', {
      token: operatorToken,
      raw: { contentType: 'text/plain', text: defaultText },
    });
    expect(text.body.changed).toBe(false);
  });

  it('refuses an invalid catalog with every problem, naming its path and line', async () => {
    const broken = editedCatalog((doc) => {
      doc.deleteIn(['products', 0, 'offers', 1, 'prices', 'EUR']);
      doc.setIn(['products', 1, 'maxQuantity'], 0);
    });
    const res = await importYaml(broken);
    expect(res.status).toBe(422);
    expect(res.contentType).toContain('application/problem+json');
    expect(res.body.code).toBe('catalog_invalid');
    expect(res.body.errors).toContainEqual(
      expect.objectContaining({ path: 'products[1].maxQuantity', line: expect.any(Number) }),
    );
    expect(res.body.detail).toContain('products[1].maxQuantity');

    const fixedBounds = editedCatalog((doc) => doc.deleteIn(['products', 0, 'offers', 1, 'prices', 'EUR']));
    const missingPrice = await importYaml(fixedBounds);
    expect(missingPrice.body.errors).toContainEqual(
      expect.objectContaining({
        path: 'products[0].offers[1].prices.EUR',
        message: expect.stringMatching(/missing/),
      }),
    );

    const notYaml = await importYaml('products: [\n');
    expect(notYaml.status).toBe(422);
    expect(notYaml.body.errors[0].message).toMatch(/YAML/);

    const versions = await server.request('GET', '/api/operator/catalog/versions', { token: operatorToken });
    expect(versions.body.versions).toHaveLength(1);
  });

  it('adds a version with new price rows and never changes what existing subscriptions pay', async () => {
    const tenant = await server.createTenant();
    const oldPrice = (await findActivePrice(server.ctx.db, {
      productId: 'o365-e3',
      commitment: 'annual',
      billingFrequency: 'monthly',
      currency: 'USD',
    }))!;
    expect(oldPrice.id).toBe('price_o365-e3_annual_monthly_usd_v1');
    const { id: subscriptionId } = await insertBaseSubscription(server, tenant.id, 'o365-e3', {
      quantity: 5,
    });

    const e3 = productIndex('o365-e3');
    const myAnalytics = productIndex('addon-myanalytics');
    const newAmount = oldPrice.unit_amount + 300;
    const edited = editedCatalog((doc) => {
      doc.set('version', '2027.01-test');
      doc.setIn(['products', e3, 'offers', 1, 'prices', 'USD'], newAmount);
      doc.setIn(['taxRates', 'FR'], 2100);
      doc.deleteIn(['products', myAnalytics]);
    });
    const res = await importYaml(edited);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ version: '2027.01-test', changed: true });
    const versionId = res.body.versionId as number;
    expect(versionId).toBeGreaterThan(1);

    // The new price is a new row; the old row keeps its amount and is only inactive.
    const newPrice = (await findActivePrice(server.ctx.db, {
      productId: 'o365-e3',
      commitment: 'annual',
      billingFrequency: 'monthly',
      currency: 'USD',
    }))!;
    expect(newPrice.id).toBe(`price_o365-e3_annual_monthly_usd_v${versionId}`);
    expect(newPrice.unit_amount).toBe(newAmount);
    const oldRow = await server.ctx.db
      .selectFrom('prices')
      .selectAll()
      .where('id', '=', oldPrice.id)
      .executeTakeFirstOrThrow();
    expect(oldRow).toMatchObject({ unit_amount: oldPrice.unit_amount, active: false, catalog_version_id: 1 });
    const subscription = await server.ctx.db
      .selectFrom('subscriptions')
      .select(['price_id', 'unit_amount'])
      .where('tenant_id', '=', tenant.id)
      .where('id', '=', subscriptionId)
      .executeTakeFirstOrThrow();
    expect(subscription).toEqual({ price_id: oldPrice.id, unit_amount: oldPrice.unit_amount });

    // Unchanged offers get rows of the new version too; exactly one active row per offer.
    const active = await listActivePrices(server.ctx.db, 'o365-e3');
    expect(active).toHaveLength(9);
    expect(active.every((p) => p.catalog_version_id === versionId)).toBe(true);
    const allRows = await server.ctx.db.selectFrom('prices').select('id').execute();
    expect(allRows.length).toBeGreaterThan(active.length * 2);

    // A product left out is retired: not sold, still readable.
    const retired = await getProduct(server.ctx.db, 'addon-myanalytics');
    expect(retired?.retired).toBe(true);
    expect(await listActivePrices(server.ctx.db, 'addon-myanalytics')).toEqual([]);
    const tenantView = await server.request('GET', '/api/catalog/products?kind=addon', {
      token: tenant.token,
    });
    expect((tenantView.body.products as { id: string }[]).map((p) => p.id)).not.toContain(
      'addon-myanalytics',
    );
    const direct = await server.request('GET', '/api/catalog/products/addon-myanalytics', {
      token: tenant.token,
    });
    expect(direct.status).toBe(200);
    expect(direct.body).toMatchObject({ retired: true, offers: [] });

    expect(await getTaxRate(server.ctx.db, 'FR')).toBe(2100);
    expect(await getTaxRate(server.ctx.db, 'ZZ')).toBe(0);

    const versions = await server.request('GET', '/api/operator/catalog/versions', { token: operatorToken });
    expect(
      versions.body.versions.map((v: { id: number; current: boolean; source: string }) => [
        v.id,
        v.current,
        v.source,
      ]),
    ).toEqual([
      [versionId, true, 'api'],
      [1, false, expect.stringContaining('default.yaml')],
    ]);
    const audit = await server.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'catalog.imported')
      .where('entity_id', '=', String(versionId))
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ tenant_id: null, actor_type: 'operator', entity_type: 'catalog_version' });
    expect(audit.after).toMatchObject({ retiredProducts: ['addon-myanalytics'] });

    // Same version name with other content: refused, nothing written.
    const clash = await importYaml(
      editedCatalog((doc) => {
        doc.set('version', '2027.01-test');
        doc.setIn(['products', e3, 'offers', 1, 'prices', 'USD'], newAmount + 1);
      }),
    );
    expect(clash.status).toBe(422);
    expect(clash.body.errors[0].path).toBe('version');

    // A document imported before changes nothing, even when it is not the one in force: the
    // server re-imports its configured file at every start and must not undo this version.
    const stale = await importYaml(defaultText);
    expect(stale.body).toMatchObject({ versionId: 1, changed: false });
    const still = await findActivePrice(server.ctx.db, {
      productId: 'o365-e3',
      commitment: 'annual',
      billingFrequency: 'monthly',
      currency: 'USD',
    });
    expect(still).toMatchObject({ id: newPrice.id, unit_amount: newAmount });
    expect((await getProduct(server.ctx.db, 'addon-myanalytics'))?.retired).toBe(true);

    // Bringing the old catalog back means importing it under a new version name.
    const restored = await importYaml(editedCatalog((doc) => doc.set('version', 'restored-1')));
    expect(restored.body).toMatchObject({ changed: true });
    const back = await findActivePrice(server.ctx.db, {
      productId: 'o365-e3',
      commitment: 'annual',
      billingFrequency: 'monthly',
      currency: 'USD',
    });
    expect(back).toMatchObject({
      unit_amount: oldPrice.unit_amount,
      id: `price_o365-e3_annual_monthly_usd_v${restored.body.versionId}`,
    });
    expect((await getProduct(server.ctx.db, 'addon-myanalytics'))?.retired).toBe(false);
  });

  it('accepts the catalog as a JSON document', async () => {
    const json = parseDocument(defaultText).toJS() as Record<string, unknown>;
    const res = await server.request('POST', '/api/operator/catalog/import', {
      token: operatorToken,
      body: { ...json, version: 'json-test-1', taxRates: { default: 0, US: 700 } },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ version: 'json-test-1', changed: true });
    expect(await getTaxRate(server.ctx.db, 'US')).toBe(700);
    expect(await getTaxRate(server.ctx.db, 'FR')).toBe(0);

    const invalid = await server.request('POST', '/api/operator/catalog/import', {
      token: operatorToken,
      body: { version: 'x', taxRates: { default: 0 }, products: [], extra: true },
    });
    expect(invalid.status).toBe(422);
    expect(invalid.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['products', 'extra']),
    );
  });

  it('refuses to change the kind of a product that subscriptions use', async () => {
    const tenant = await server.createTenant();
    await insertBaseSubscription(server, tenant.id, 'o365-f1', { quantity: 1 });
    const f1 = productIndex('o365-f1');
    const res = await importYaml(
      editedCatalog((doc) => {
        doc.set('version', 'unit-change');
        doc.setIn(['products', f1, 'unit'], 'gb');
      }),
    );
    expect(res.status).toBe(422);
    expect(res.body.errors[0]).toMatchObject({
      path: `products[${f1}]`,
      message: expect.stringMatching(/subscription/),
    });
  });
});
