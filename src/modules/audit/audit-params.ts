/**
 * The facts an audit entry's description is made from, read from the entry's own data when it
 * is written (`auditParamsOf`) and kept in `audit_log.params`.
 */
export interface AuditParams {
  productId?: string;
  from?: number;
  to?: number;
  number?: string;
  email?: string;
  count?: number;
}

function pick(objects: unknown[], keys: string[], type: 'string' | 'number'): unknown {
  for (const o of objects) {
    if (typeof o !== 'object' || o === null) continue;
    for (const k of keys) {
      const v = (o as Record<string, unknown>)[k];
      if (typeof v === type) return v;
    }
  }
  return undefined;
}

/**
 * The facts an audit description needs, read from the entry's before/after (the product, the
 * quantities, an invoice number, an email, a count). Kept as the entry's params when written.
 */
export function auditParamsOf(before: unknown, after: unknown): AuditParams {
  const params: AuditParams = {};
  const productId = pick([after, before], ['productId', 'product_id'], 'string');
  if (typeof productId === 'string') params.productId = productId;
  const from = pick([before], ['quantity'], 'number');
  const to = pick([after], ['quantity'], 'number');
  if (typeof from === 'number' && typeof to === 'number') {
    params.from = from;
    params.to = to;
  }
  const number = pick([after, before], ['number', 'invoiceNumber'], 'string');
  if (typeof number === 'string') params.number = number;
  const email = pick([after, before], ['email'], 'string');
  if (typeof email === 'string') params.email = email;
  const count = pick([after], ['imported', 'created', 'count'], 'number');
  if (typeof count === 'number') params.count = count;
  return params;
}
