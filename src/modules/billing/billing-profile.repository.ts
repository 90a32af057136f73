import type { Executor } from '../audit/index.js';
import type { BillingProfile } from '../../db/schema.js';

export async function findBillingProfile(
  db: Executor,
  tenantId: string,
  options: { forUpdate?: boolean } = {},
): Promise<BillingProfile | undefined> {
  let q = db.selectFrom('billing_profiles').selectAll().where('tenant_id', '=', tenantId);
  if (options.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function upsertBillingProfile(db: Executor, row: BillingProfile): Promise<void> {
  const values = { ...row, address_lines: JSON.stringify(row.address_lines) };
  await db
    .insertInto('billing_profiles')
    .values(values)
    .onConflict((oc) =>
      oc.column('tenant_id').doUpdateSet({
        legal_name: values.legal_name,
        address_lines: values.address_lines,
        postal_code: values.postal_code,
        city: values.city,
        country: values.country,
        tax_id: values.tax_id,
        billing_email: values.billing_email,
        version: values.version,
        updated_at: values.updated_at,
      }),
    )
    .execute();
}
