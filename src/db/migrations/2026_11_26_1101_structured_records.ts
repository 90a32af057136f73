import { sql, type Kysely } from 'kysely';

/**
 * Stored records keep data, not sentences (docs/records.md): each invoice and credit-note line
 * gets a `record` (kind + params) inside `invoices.lines`, a support request a `subject_record`,
 * an audit entry `params`. Existing rows are read best-effort from what they have: the invoice
 * kind, the line's quantities and days, the English sentence the server used to write (its
 * "4 → 6"), the removal request's subscription, the audit entry's before/after. A line nothing
 * can be read from becomes a `text` record of its old words. This file keeps its own copy of
 * the parsing on purpose: a migration must mean the same thing whatever the code becomes.
 */

interface OldLine {
  description?: unknown;
  productId?: unknown;
  quantity?: unknown;
  periodStart?: unknown;
  periodEnd?: unknown;
  proratedDays?: unknown;
  periodDays?: unknown;
  record?: unknown;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export function backfillLineRecord(
  invoiceKind: string,
  line: OldLine,
  unitOf: (productId: string) => string,
): { kind: string; params: Record<string, unknown> } {
  const text = typeof line.description === 'string' ? line.description : '';
  const fallback = { kind: 'text', params: { text } };
  const productId = typeof line.productId === 'string' ? line.productId : undefined;
  const quantity = num(line.quantity);
  if (!productId || quantity === undefined) return fallback;
  const unit = unitOf(productId);
  const days = num(line.proratedDays);
  const periodDays = num(line.periodDays);
  const arrow = /(\d+)\s*→\s*(\d+)/.exec(text);
  const from = arrow ? Number(arrow[1]) : undefined;
  const to = arrow ? Number(arrow[2]) : undefined;
  switch (invoiceKind) {
    case 'order':
      return { kind: 'line.order', params: { productId, unit, quantity } };
    case 'quantity_change':
      if (from === undefined || to === undefined || days === undefined || periodDays === undefined)
        return fallback;
      return {
        kind: 'line.quantity_increase',
        params: { productId, unit, from, to, delta: to - from, days, periodDays },
      };
    case 'credit':
      if (days === undefined || periodDays === undefined) return fallback;
      if (from !== undefined && to !== undefined) {
        return {
          kind: 'line.quantity_decrease',
          params: { productId, unit, from, to, delta: to - from, days, periodDays },
        };
      }
      return {
        kind: 'line.cancellation_credit',
        params: { productId, unit, quantity: Math.abs(quantity), days, periodDays },
      };
    case 'renewal':
    case 'period':
      if (typeof line.periodStart !== 'string' || typeof line.periodEnd !== 'string') return fallback;
      return {
        kind: invoiceKind === 'renewal' ? 'line.renewal' : 'line.billing_period',
        params: { productId, unit, quantity, periodStart: line.periodStart, periodEnd: line.periodEnd },
      };
    default:
      return fallback;
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE support_requests ADD COLUMN subject_record jsonb;
    ALTER TABLE audit_log ADD COLUMN params jsonb NOT NULL DEFAULT '{}';

    -- A removal request's subject was written by whoever opened it, in their language: it is
    -- the removal of its add-on, whatever the words.
    UPDATE support_requests r
       SET subject_record = jsonb_build_object('kind', 'support.remove_addon', 'params',
             jsonb_build_object('productId', s.product_id, 'subscriptionId', s.id))
      FROM subscriptions s
     WHERE r.type = 'remove_traditional_addon' AND s.id = r.subscription_id AND s.tenant_id = r.tenant_id;
    UPDATE support_requests
       SET subject_record = '{"kind": "support.general", "params": {}}'
     WHERE type = 'general' AND subject = 'Support request';

    UPDATE audit_log SET params = jsonb_strip_nulls(jsonb_build_object(
      'productId', coalesce(after->>'productId', after->>'product_id', before->>'productId', before->>'product_id'),
      'from', CASE WHEN jsonb_typeof(before->'quantity') = 'number' AND jsonb_typeof(after->'quantity') = 'number'
                   THEN before->'quantity' END,
      'to', CASE WHEN jsonb_typeof(before->'quantity') = 'number' AND jsonb_typeof(after->'quantity') = 'number'
                 THEN after->'quantity' END,
      'number', coalesce(after->>'number', after->>'invoiceNumber', before->>'number', before->>'invoiceNumber'),
      'email', coalesce(after->>'email', before->>'email'),
      'count', CASE WHEN jsonb_typeof(after->'imported') = 'number' THEN after->'imported'
                    WHEN jsonb_typeof(after->'created') = 'number' THEN after->'created'
                    WHEN jsonb_typeof(after->'count') = 'number' THEN after->'count' END
    ))
    WHERE jsonb_typeof(before) = 'object' OR jsonb_typeof(after) = 'object';
  `.execute(db);

  const units = new Map<string, string>();
  for (const p of (await sql<{ id: string; unit: string }>`SELECT id, unit FROM products`.execute(db)).rows) {
    units.set(p.id, p.unit);
  }
  const unitOf = (id: string) => units.get(id) ?? 'user';
  // Page through the invoices by id so a large table is never held in memory at once.
  let after = '';
  for (;;) {
    const page = await sql<{ id: string; kind: string; lines: unknown }>`
      SELECT id, kind, lines FROM invoices WHERE id > ${after} ORDER BY id LIMIT 500
    `.execute(db);
    if (page.rows.length === 0) break;
    for (const row of page.rows) {
      if (!Array.isArray(row.lines)) continue;
      const lines = row.lines as OldLine[];
      if (lines.every((l) => typeof l === 'object' && l !== null && l.record)) continue;
      const updated = lines.map((l) =>
        typeof l === 'object' && l !== null && !l.record
          ? { ...l, record: backfillLineRecord(row.kind, l, unitOf) }
          : l,
      );
      await sql`UPDATE invoices SET lines = ${JSON.stringify(updated)}::jsonb WHERE id = ${row.id}`.execute(
        db,
      );
    }
    after = page.rows[page.rows.length - 1]!.id;
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE support_requests DROP COLUMN subject_record;
    ALTER TABLE audit_log DROP COLUMN params;
    UPDATE invoices SET lines = (SELECT coalesce(jsonb_agg(l - 'record' ORDER BY n), '[]'::jsonb)
                                   FROM jsonb_array_elements(lines) WITH ORDINALITY AS t(l, n));
  `.execute(db);
}
