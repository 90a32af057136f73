import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { uiLocales } from '../src/shared/locale.js';
import {
  CatalogValidationError,
  loadCatalogFile,
  validateCatalogFile,
  type CatalogDocument,
} from '../src/modules/catalog/index.js';

const defaultFile = path.resolve('catalog/default.yaml');

/** PRODUCT.md §6, "Modules complémentaires disponibles", row by row. */
const expectedMatrix: Record<string, string[]> = {
  'addon-customer-lockbox': ['o365-e1', 'o365-e3', 'o365-e4'],
  'addon-advanced-threat-protection': ['o365-e1', 'o365-e3', 'o365-e4'],
  'addon-exchange-online-archiving': ['m365-business-basic', 'm365-business-standard', 'o365-e1', 'o365-f1'],
  'addon-myanalytics': ['o365-e1', 'o365-e3', 'o365-e4'],
  'addon-advanced-compliance': ['o365-e1', 'o365-e3', 'o365-e4'],
  'addon-extra-file-storage': [
    'm365-apps-for-business',
    'm365-business-basic',
    'm365-business-standard',
    'o365-e1',
    'o365-e2',
    'o365-e3',
    'o365-e4',
    'o365-e5',
    'office-web-sharepoint-plan-1',
    'office-web-sharepoint-plan-2',
    'sharepoint-online-plan-1',
    'sharepoint-online-plan-2',
  ],
  'addon-phone-system': ['o365-e1', 'o365-e3', 'o365-e4', 'o365-e5'],
  'addon-audio-conferencing': [
    'm365-business-basic',
    'm365-business-standard',
    'm365-business-premium',
    'm365-e3',
    'm365-e5',
    'o365-e1',
    'o365-e3',
    'o365-e4',
    'o365-e5-no-audio-conf',
  ],
  'addon-communications-credits': ['o365-e5'],
  'addon-domestic-calling-plan': ['o365-e5'],
  'addon-international-calling-plan': ['o365-e5'],
};

const expectedBasePlans = [
  'm365-business-basic',
  'm365-business-standard',
  'm365-business-premium',
  'm365-apps-for-business',
  'm365-e3',
  'm365-e5',
  'o365-e1',
  'o365-e2',
  'o365-e3',
  'o365-e4',
  'o365-e5',
  'o365-e5-no-audio-conf',
  'o365-f1',
  'office-web-sharepoint-plan-1',
  'office-web-sharepoint-plan-2',
  'sharepoint-online-plan-1',
  'sharepoint-online-plan-2',
];

/** The French names exactly as the source table writes them. */
const frenchNames: Record<string, string> = {
  'addon-customer-lockbox': 'Référentiel sécurisé du client',
  'addon-advanced-threat-protection': 'Office 365 Online-Protection avancée contre les menaces',
  'addon-exchange-online-archiving': 'Archivage Exchange Online',
  'addon-myanalytics': 'Microsoft MyAnalytics',
  'addon-advanced-compliance': 'Conformité avancée Office 365',
  'addon-extra-file-storage': 'Espace de stockage supplémentaire Office 365',
  'addon-phone-system': 'Système téléphonique',
  'addon-audio-conferencing': 'Audioconférence',
  'addon-communications-credits': 'Crédits de communication',
  'addon-domestic-calling-plan': 'Plan d’appels nationaux',
  'addon-international-calling-plan': 'Plan d’appels internationaux',
  'o365-e1': 'Office 365 Entreprise E1',
  'o365-e5-no-audio-conf': 'Office 365 Entreprise E5 sans audioconférence',
  'm365-apps-for-business': 'Applications Microsoft 365 pour les entreprises',
  'office-web-sharepoint-plan-1': 'Office pour le Web avec SharePoint plan 1',
  'sharepoint-online-plan-1': 'SharePoint Online (plan 1)',
  'm365-business-basic': 'Microsoft 365 Business Basic',
};

const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-catalog-'));
afterAll(() => fs.rmSync(tempDir, { recursive: true, force: true }));

function writeTemp(name: string, text: string): string {
  const file = path.join(tempDir, name);
  fs.writeFileSync(file, text);
  return file;
}

describe('the default catalog file', () => {
  let doc: CatalogDocument;

  it('validates', async () => {
    const result = await validateCatalogFile(defaultFile);
    expect(result.ok ? [] : result.problems).toEqual([]);
    doc = await loadCatalogFile(defaultFile);
    expect(doc.version).toMatch(/sample/);
  });

  it('says at the top that its prices and kinds are sample data', () => {
    const head = fs.readFileSync(defaultFile, 'utf8').split('\n').slice(0, 12).join('\n');
    expect(head).toMatch(/SAMPLE DATA/);
    expect(head).toMatch(/PRICES/);
  });

  it('has the 17 base plans and 11 add-ons of the source', () => {
    const bases = doc.products.filter((p) => p.kind === 'base').map((p) => p.id);
    const addons = doc.products.filter((p) => p.kind === 'addon').map((p) => p.id);
    expect(bases).toEqual(expectedBasePlans);
    expect(addons).toEqual(Object.keys(expectedMatrix));
  });

  it('has exactly the eligibility matrix of PRODUCT.md §6', () => {
    const actual = Object.fromEntries(
      doc.products.filter((p) => p.kind === 'addon').map((p) => [p.id, [...(p.availableWith ?? [])].sort()]),
    );
    const expected = Object.fromEntries(Object.entries(expectedMatrix).map(([k, v]) => [k, [...v].sort()]));
    expect(actual).toEqual(expected);
    expect(actual['addon-extra-file-storage']).toHaveLength(12);
    expect(actual['addon-audio-conferencing']).toHaveLength(9);
    expect(actual['addon-audio-conferencing']).toContain('o365-e5-no-audio-conf');
    expect(actual['addon-audio-conferencing']).not.toContain('o365-e5');
  });

  it('uses the French names of the source', () => {
    const byId = new Map(doc.products.map((p) => [p.id, p]));
    for (const [id, name] of Object.entries(frenchNames)) expect(byId.get(id)?.names['fr-FR']).toBe(name);
  });

  it('names and describes every product in the four languages of the admin center', () => {
    expect(doc.products).toHaveLength(28);
    const missing: string[] = [];
    for (const product of doc.products) {
      for (const locale of uiLocales) {
        if (!product.names[locale]?.trim()) missing.push(`${product.id}.names.${locale}`);
        if (!product.descriptions[locale]?.trim()) missing.push(`${product.id}.descriptions.${locale}`);
      }
      // A German or Chinese description copied from English is the leak this test exists for.
      for (const locale of ['de-DE', 'zh-CN'] as const) {
        if (product.descriptions[locale] === product.descriptions['en-US']) {
          missing.push(`${product.id}.descriptions.${locale} (English)`);
        }
      }
      if (!/[\u4e00-\u9fff]/.test(product.descriptions['zh-CN'] ?? '')) {
        missing.push(`${product.id}.descriptions.zh-CN (no Chinese)`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('chooses units, kinds and offers for every add-on', () => {
    const byId = new Map(doc.products.map((p) => [p.id, p]));
    expect(byId.get('addon-extra-file-storage')).toMatchObject({ unit: 'gb', addonKind: 'traditional' });
    expect(byId.get('addon-communications-credits')).toMatchObject({
      unit: 'credit',
      addonKind: 'standalone',
    });
    for (const id of ['addon-customer-lockbox', 'addon-advanced-compliance', 'addon-myanalytics']) {
      expect(byId.get(id)).toMatchObject({ unit: 'user', addonKind: 'traditional' });
    }
    for (const id of [
      'addon-advanced-threat-protection',
      'addon-exchange-online-archiving',
      'addon-phone-system',
      'addon-audio-conferencing',
      'addon-domestic-calling-plan',
      'addon-international-calling-plan',
    ]) {
      expect(byId.get(id)).toMatchObject({ unit: 'user', addonKind: 'standalone' });
    }
    for (const p of doc.products) {
      for (const offer of p.offers) expect(Object.keys(offer.prices).sort()).toEqual(['CNY', 'EUR', 'USD']);
    }
    expect(doc.taxRates).toMatchObject({ default: 0, US: 0, FR: 2000, DE: 1900, CN: 600 });
  });
});

describe('a broken catalog file', () => {
  it('names the file, the path and the line of every problem', async () => {
    const text = fs
      .readFileSync(defaultFile, 'utf8')
      // products[0] (Business Basic): drop the EUR price of its second offer.
      .replace('{ USD: 600, EUR: 570, CNY: 4320 }', '{ USD: 600, CNY: 4320 }')
      // an add-on pointing at a plan that does not exist.
      .replace('      - o365-f1\n', '      - o365-f9\n');
    const file = writeTemp('broken.yaml', text);

    const result = await validateCatalogFile(file);
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems).toContainEqual(
      expect.objectContaining({
        path: 'products[0].offers[1].prices.EUR',
        message: expect.stringMatching(/missing/),
      }),
    );
    const archiving = problems.find((p) => p.path.startsWith('products[19].availableWith['));
    expect(archiving?.message).toMatch(/no product has the id "o365-f9"/);
    expect(archiving?.line).toBeGreaterThan(1);

    const error = await loadCatalogFile(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CatalogValidationError);
    const err = error as CatalogValidationError;
    expect(err.message).toContain(file);
    expect(err.message).toContain('products[0].offers[1].prices.EUR');
    expect(err.problems.length).toBe(problems.length);
  });

  it('reports cross-reference, bounds and offer mistakes', async () => {
    const file = writeTemp(
      'small.yaml',
      [
        'version: "t1"',
        'taxRates: { FR: 2000 }',
        'products:',
        '  - id: plan-a',
        '    kind: base',
        '    unit: user',
        '    minQuantity: 10',
        '    maxQuantity: 5',
        '    clouds: [worldwide]',
        '    names: { en-US: A, fr-FR: A }',
        '    descriptions: { en-US: A, fr-FR: A }',
        '    offers:',
        '      - { commitment: monthly, billingFrequency: annual, prices: { USD: 1, EUR: 1, CNY: 1 } }',
        '  - id: plan-a',
        '    kind: addon',
        '    unit: user',
        '    minQuantity: 1',
        '    maxQuantity: 5',
        '    clouds: [germany]',
        '    names: { en-US: B, fr-FR: B }',
        '    descriptions: { en-US: B, fr-FR: B }',
        '    offers:',
        '      - { commitment: annual, billingFrequency: annual, prices: { USD: 1.5, EUR: 1, CNY: 1 } }',
        '',
      ].join('\n'),
    );
    const result = await validateCatalogFile(file);
    const byPath = new Map((result.ok ? [] : result.problems).map((p) => [p.path, p.message]));
    expect(byPath.get('products[1].offers[0].prices.USD')).toMatch(/whole number/);
    // Schema problems stop the cross-checks; fix the decimal and look again.
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('USD: 1.5', 'USD: 2'));
    const again = await validateCatalogFile(file);
    const messages = new Map((again.ok ? [] : again.problems).map((p) => [p.path, p.message]));
    expect(messages.get('products[0].maxQuantity')).toMatch(/at least minQuantity/);
    expect(messages.get('products[0].offers[0].billingFrequency')).toMatch(
      /monthly commitment cannot be billed annual/,
    );
    expect(messages.get('products[1].id')).toMatch(/duplicate id "plan-a"/);
    expect(messages.get('products[1].addonKind')).toMatch(/required/);
    expect(messages.get('products[1].availableWith')).toMatch(/at least one base plan/);
    expect(messages.get('taxRates')).toMatch(/default/);
  });

  it('reports YAML syntax errors and unreadable files with a line', async () => {
    const syntax = await validateCatalogFile(writeTemp('syntax.yaml', 'version: "x"\nproducts: [\n'));
    expect(syntax.ok).toBe(false);
    if (!syntax.ok) expect(syntax.problems[0]?.message).toMatch(/YAML/);
    const missing = await validateCatalogFile(path.join(tempDir, 'nope.yaml'));
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.problems[0]?.message).toMatch(/cannot read/);
  });
});
