import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { down, up } from '../src/db/migrations/2026_11_26_1101_structured_records.js';
import { operatorToken, startTestServer, type TestServer, type TestTenant } from './support/harness.js';
import { subscribe } from './support/billing.js';
import { pdfText } from './support/pdf-text.js';

/**
 * Stored records (invoice and credit-note lines, support subjects, audit entries) are kept as
 * data and read in the reader's language (docs/records.md). Every text below is what an admin
 * reading in that language sees; the product names come from the catalog (Office 365 E3 has a
 * French name, no German or Chinese one: those read the English name, as Microsoft's do).
 */
const START = '2026-03-02T10:00:00Z';
const locales = ['en-US', 'fr-FR', 'de-DE', 'zh-CN'] as const;
type Locale = (typeof locales)[number];

interface Line {
  description: string;
  productId: string;
  quantity: number;
  record: { kind: string; params: Record<string, string | number> } | null;
}
interface Invoice {
  id: string;
  number: string;
  kind: string;
  lines: Line[];
}

const e3 = {
  'en-US': 'Office 365 E3',
  'fr-FR': 'Office 365 Entreprise E3',
  'de-DE': 'Office 365 E3',
  'zh-CN': 'Office 365 E3',
};
const e1 = {
  'en-US': 'Office 365 E1',
  'fr-FR': 'Office 365 Entreprise E1',
  'de-DE': 'Office 365 E1',
  'zh-CN': 'Office 365 E1',
};

/** What each kind of line says, in each language, from the figures the line keeps. */
const expected: Record<
  Locale,
  Record<string, (name: string, p: Record<string, string | number>) => string>
> = {
  'en-US': {
    'line.order': (n) => `${n} — purchase`,
    'line.quantity_increase': (n) => `${n}: +2 licenses (4 → 6)`,
    'line.quantity_decrease': (n) => `${n}: −1 license (6 → 5), credit`,
    'line.cancellation_credit': (n) => `${n}: cancellation of 3 licenses, credit`,
    'line.renewal': (n) => `${n} — renewal`,
  },
  'fr-FR': {
    'line.order': (n) => `${n} — achat`,
    'line.quantity_increase': (n) => `${n}\u202f: +2 licences (4 → 6)`,
    'line.quantity_decrease': (n) => `${n}\u202f: −1 licence (6 → 5), avoir`,
    'line.cancellation_credit': (n) => `${n}\u202f: annulation de 3 licences, avoir`,
    'line.renewal': (n) => `${n} — renouvellement`,
  },
  'de-DE': {
    'line.order': (n) => `${n} – Kauf`,
    'line.quantity_increase': (n) => `${n}: +2 Lizenzen (4 → 6)`,
    'line.quantity_decrease': (n) => `${n}: −1 Lizenz (6 → 5), Gutschrift`,
    'line.cancellation_credit': (n) => `${n}: Kündigung von 3 Lizenzen, Gutschrift`,
    'line.renewal': (n) => `${n} – Verlängerung`,
  },
  'zh-CN': {
    'line.order': (n) => `${n} — 购买`,
    'line.quantity_increase': (n) => `${n}：+2 个许可证（4 → 6）`,
    'line.quantity_decrease': (n) => `${n}：−1 个许可证（6 → 5），退还费用`,
    'line.cancellation_credit': (n) => `${n}：取消 3 个许可证，退还费用`,
    'line.renewal': (n) => `${n} — 续订`,
  },
};

/** The day count of a prorated line, as the period column of the bill and the PDF says it. */
const dayCount: Record<Locale, (days: string | number, total: string | number) => string> = {
  'en-US': (d, t) => `${d} of ${t} days`,
  'fr-FR': (d, t) => `${d} jours sur ${t}`,
  'de-DE': (d, t) => `${d} von ${t} Tagen`,
  'zh-CN': (d, t) => `${t} 天中的 ${d} 天`,
};

describe('stored records in the reader’s language', () => {
  let server: TestServer;
  let t: TestTenant;
  let base: string;
  let lockbox: string;
  beforeAll(async () => {
    server = await startTestServer({ now: START });
    t = await server.createTenant({ country: 'FR' });
    base = await subscribe(server, t, 'o365-e3', {
      quantity: 4,
      commitment: 'annual',
      billingFrequency: 'annual',
    });
    lockbox = await subscribe(server, t, 'addon-customer-lockbox', { quantity: 2 });
    const e1Id = await subscribe(server, t, 'o365-e1', {
      quantity: 3,
      commitment: 'annual',
      billingFrequency: 'annual',
    });
    server.clock.advanceDays(1);
    const quantity = (q: number) =>
      server.request('POST', `/api/subscriptions/${base}/quantity`, {
        token: t.token,
        body: { quantity: q },
      });
    expect((await quantity(6)).status).toBe(200);
    expect((await quantity(5)).body.change.type).toBe('decrease');
    expect(
      (await server.request('POST', `/api/subscriptions/${e1Id}/cancel`, { token: t.token, body: {} }))
        .status,
    ).toBe(200);
    server.clock.set('2027-03-02T10:00:01Z');
    expect(
      (await server.request('POST', '/api/operator/billing/run', { token: operatorToken })).body.renewed,
    ).toBeGreaterThanOrEqual(1);
  });
  afterAll(() => server.close());

  const invoicesIn = async (locale: string): Promise<Invoice[]> => {
    const res = await server.request('GET', '/api/invoices', {
      token: t.token,
      headers: { 'accept-language': locale },
    });
    expect(res.status).toBe(200);
    return res.body.invoices;
  };

  it('an order, a quantity change, a decrease credit, a cancellation credit and a renewal read in each language', async () => {
    for (const locale of locales) {
      const invoices = await invoicesIn(locale);
      const seen = new Set<string>();
      for (const line of invoices.flatMap((i) => i.lines)) {
        if (line.productId !== 'o365-e3' && line.productId !== 'o365-e1') continue;
        expect(line.record, JSON.stringify(line)).not.toBeNull();
        const kind = line.record!.kind;
        const say = expected[locale][kind];
        expect(say, `${kind} in ${locale}`).toBeDefined();
        const name = (line.productId === 'o365-e3' ? e3 : e1)[locale];
        expect(line.description).toBe(say!(name, line.record!.params));
        seen.add(kind);
      }
      expect([...seen].sort()).toEqual(Object.keys(expected[locale]).sort());
    }
  });

  it('keeps the difference and both quantities of a change as data, not a sentence', async () => {
    const invoices = await invoicesIn('en-US');
    const increase = invoices.find((i) => i.kind === 'quantity_change')!.lines[0]!;
    expect(increase.record).toMatchObject({
      kind: 'line.quantity_increase',
      params: { productId: 'o365-e3', unit: 'user', from: 4, to: 6, delta: 2, periodDays: 365 },
    });
    const row = await sql<{
      lines: { record: unknown }[];
    }>`SELECT lines FROM invoices WHERE id = ${invoices.find((i) => i.kind === 'quantity_change')!.id}`.execute(
      server.ctx.db,
    );
    expect(row.rows[0]!.lines[0]!.record).toEqual(increase.record);
  });

  it('follows Accept-Language quality values and falls back to the tenant’s locale, then English', async () => {
    const lineOf = (invoices: Invoice[]) =>
      invoices.find((i) => i.kind === 'renewal')!.lines.find((l) => l.productId === 'o365-e3')!.description;
    expect(lineOf(await invoicesIn('en;q=0.2, de-AT;q=0.9'))).toBe('Office 365 E3 – Verlängerung');
    expect(lineOf(await invoicesIn('zh'))).toBe('Office 365 E3 — 续订');
    // No language the server speaks: the tenant's locale, here German.
    const original = await sql<{ locale: string }>`SELECT locale FROM tenants WHERE id = ${t.id}`.execute(
      server.ctx.db,
    );
    await sql`UPDATE tenants SET locale = 'de-DE' WHERE id = ${t.id}`.execute(server.ctx.db);
    try {
      expect(lineOf(await invoicesIn('ja-JP'))).toBe('Office 365 E3 – Verlängerung');
    } finally {
      await sql`UPDATE tenants SET locale = ${original.rows[0]!.locale} WHERE id = ${t.id}`.execute(
        server.ctx.db,
      );
    }
  });

  it('prints PDF lines from the data in the invoice’s language, the day count once, beside the dates', async () => {
    const invoices = await invoicesIn('en-US');
    const change = invoices.find((i) => i.kind === 'quantity_change')!;
    const p = change.lines[0]!.record!.params;
    expect(p.days).toBeLessThan(Number(p.periodDays));
    const pdfIn = async (locale: Locale) => {
      const res = await fetch(`${server.url}/api/invoices/${change.id}/pdf?locale=${locale}`, {
        headers: { authorization: `Bearer ${t.token}` },
      });
      expect(res.status).toBe(200);
      return (await pdfText(await res.arrayBuffer())).text;
    };
    // Chinese wraps anywhere: every text is compared without spaces.
    const squash = (s: string) => s.replace(/\s+/g, '');
    for (const locale of locales) {
      const pdf = squash(await pdfIn(locale));
      expect(pdf, locale).toContain(squash(expected[locale]['line.quantity_increase']!(e3[locale], p)));
      const days = squash(dayCount[locale](p.days!, p.periodDays!));
      expect(pdf.split(days).length - 1, `${days} in the ${locale} PDF`).toBe(1);
    }
    expect(await pdfIn('fr-FR')).not.toContain('licenses');
  });

  it('a removal request opened by a French admin reads in German for a German reader; a typed subject stays as typed', async () => {
    const opened = await server.request('POST', '/api/support-requests', {
      token: t.token,
      headers: { 'accept-language': 'fr-FR' },
      body: { type: 'remove_traditional_addon', subscriptionId: lockbox, description: 'Plus utilisé' },
    });
    expect(opened.status).toBe(201);
    expect(opened.body.subject).toBe('Supprimer le module complémentaire Référentiel sécurisé du client');
    const typed = await server.request('POST', '/api/support-requests', {
      token: t.token,
      headers: { 'accept-language': 'fr-FR' },
      body: { type: 'general', subject: 'Question sur ma facture' },
    });
    const untitled = await server.request('POST', '/api/support-requests', {
      token: t.token,
      body: { type: 'general' },
    });
    const read = async (id: string, locale: string) =>
      (
        await server.request('GET', `/api/support-requests/${id}`, {
          token: t.token,
          headers: { 'accept-language': locale },
        })
      ).body;
    expect(await read(opened.body.id, 'de-DE')).toMatchObject({
      subject: 'Add-On Kunden-Lockbox entfernen',
      subjectRecord: {
        kind: 'support.remove_addon',
        params: { productId: 'addon-customer-lockbox', subscriptionId: lockbox },
      },
    });
    expect((await read(opened.body.id, 'zh-CN')).subject).toBe('删除加载项 客户密码箱');
    expect(await read(typed.body.id, 'de-DE')).toMatchObject({
      subject: 'Question sur ma facture',
      subjectRecord: null,
    });
    expect((await read(untitled.body.id, 'de-DE')).subject).toBe('Supportanfrage');
    const list = await server.request('GET', '/api/support-requests', {
      token: t.token,
      headers: { 'accept-language': 'de-DE' },
    });
    expect(list.body.supportRequests.map((r: { subject: string }) => r.subject)).toContain(
      'Add-On Kunden-Lockbox entfernen',
    );
  });

  it('describes audit entries in the reader’s language, with the product and the quantities', async () => {
    const auditIn = async (locale: string) =>
      (
        await server.request('GET', '/api/audit-log?action=subscription.quantity.increase', {
          token: t.token,
          headers: { 'accept-language': locale },
        })
      ).body.items[0];
    expect((await auditIn('en-US')).description).toBe('Licenses added: Office 365 E3 (4 → 6)');
    expect((await auditIn('fr-FR')).description).toBe(
      'Licences ajoutées\u202f: Office 365 Entreprise E3 (4 → 6)',
    );
    expect((await auditIn('de-DE')).description).toBe('Lizenzen hinzugefügt: Office 365 E3 (4 → 6)');
    expect(await auditIn('zh-CN')).toMatchObject({
      description: '已添加许可证：Office 365 E3 (4 → 6)',
      params: { productId: 'o365-e3', from: 4, to: 6 },
    });
  });

  it('the migration reads rows written before it: old English lines, a French removal subject, an audit entry', async () => {
    const db = server.ctx.db;
    const invoices = await invoicesIn('en-US');
    const change = invoices.find((i) => i.kind === 'quantity_change')!;
    const cancel = invoices.find((i) => i.kind === 'credit' && i.lines[0]!.productId === 'o365-e1')!;
    const p = change.lines[0]!.record!.params;
    const removal = (
      await server.request('GET', '/api/support-requests', { token: t.token })
    ).body.supportRequests.find((r: { type: string }) => r.type === 'remove_traditional_addon');
    // Back to the shape rows had before: no records, the sentences the server used to write.
    await down(db);
    await sql`UPDATE invoices SET lines = jsonb_set(lines, '{0,description}', to_jsonb(${`Office 365 E3: 4 → 6, ${p.days} of ${p.periodDays} days`}::text)) WHERE id = ${change.id}`.execute(
      db,
    );
    await sql`UPDATE invoices SET lines = jsonb_set(lines, '{0,description}', to_jsonb('Credit for 365 of 365 days, 3 × o365-e1'::text)) WHERE id = ${cancel.id}`.execute(
      db,
    );
    await sql`UPDATE support_requests SET subject = 'Supprimer le module complémentaire Référentiel sécurisé du client' WHERE id = ${removal.id}`.execute(
      db,
    );
    const stripped = await sql<{
      lines: object[];
    }>`SELECT lines FROM invoices WHERE id = ${change.id}`.execute(db);
    expect(stripped.rows[0]!.lines[0]).not.toHaveProperty('record');
    await up(db);
    const after = await invoicesIn('de-DE');
    expect(after.find((i) => i.id === change.id)!.lines[0]!.description).toBe(
      expected['de-DE']['line.quantity_increase']!(e3['de-DE'], p),
    );
    const credit = after.find((i) => i.id === cancel.id)!.lines[0]!;
    expect(credit.record?.kind).toBe('line.cancellation_credit');
    expect(credit.description).toMatch(/^Office 365 E1: Kündigung von 3 Lizenzen, Gutschrift$/);
    const sr = await server.request('GET', `/api/support-requests/${removal.id}`, {
      token: t.token,
      headers: { 'accept-language': 'de-DE' },
    });
    expect(sr.body.subject).toBe('Add-On Kunden-Lockbox entfernen');
    const audit = await server.request('GET', '/api/audit-log?action=subscription.quantity.increase', {
      token: t.token,
      headers: { 'accept-language': 'de-DE' },
    });
    expect(audit.body.items[0].description).toBe('Lizenzen hinzugefügt: Office 365 E3 (4 → 6)');
  });
});
