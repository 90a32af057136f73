import { z } from 'zod';
import type { BillingProfile, Tenant } from '../../db/schema.js';
import { AppError, msg } from '../../shared/app-error.js';
import { schemaMessage } from '../../shared/messages/index.js';
import { recordAudit, type Actor, type Executor } from '../audit/index.js';
import { findBillingProfile, upsertBillingProfile } from './billing-profile.repository.js';

const text = (max: number) => z.string().trim().max(max);

export const billingProfileInputSchema = z.strictObject({
  legalName: text(200).min(1),
  addressLines: z.array(text(200).min(1)).max(4).default([]),
  postalCode: text(20).default(''),
  city: text(100).default(''),
  country: z.string().regex(/^[A-Z]{2}$/, schemaMessage(msg.schemaCountryCode())),
  taxId: text(50).nullable().default(null),
  billingEmail: z.email().max(200).nullable().default(null),
});
export type BillingProfileInput = z.infer<typeof billingProfileInputSchema>;

export const billingProfileSchema = z.object({
  legalName: z.string(),
  addressLines: z.array(z.string()),
  postalCode: z.string(),
  city: z.string(),
  country: z.string(),
  taxId: z.string().nullable(),
  billingEmail: z.string().nullable(),
  version: z.number().int().describe('0 while the tenant has never saved a profile'),
  updatedAt: z.date().nullable(),
});
export type BillingProfileView = z.infer<typeof billingProfileSchema>;

/**
 * The buyer printed on invoices. Until a Billing admin saves one, it is the tenant's name and
 * billing country, so an invoice always names somebody.
 */
export async function loadBillingProfile(db: Executor, tenant: Tenant): Promise<BillingProfileView> {
  const row = await findBillingProfile(db, tenant.id);
  return row ? toView(row) : defaultProfile(tenant);
}

function defaultProfile(tenant: Tenant): BillingProfileView {
  return {
    legalName: tenant.name,
    addressLines: [],
    postalCode: '',
    city: '',
    country: tenant.billing_country,
    taxId: null,
    billingEmail: null,
    version: 0,
    updatedAt: null,
  };
}

function toView(row: BillingProfile): BillingProfileView {
  return {
    legalName: row.legal_name,
    addressLines: row.address_lines,
    postalCode: row.postal_code,
    city: row.city,
    country: row.country,
    taxId: row.tax_id,
    billingEmail: row.billing_email,
    version: row.version,
    updatedAt: row.updated_at,
  };
}

/** Saves the profile (optionally only if it is still at `expectedVersion`) and audits the change. */
export async function saveBillingProfile(
  db: Executor,
  input: { tenant: Tenant; profile: BillingProfileInput; expectedVersion?: number; actor: Actor; now: Date },
): Promise<BillingProfileView> {
  const existing = await findBillingProfile(db, input.tenant.id, { forUpdate: true });
  const before = existing ? toView(existing) : defaultProfile(input.tenant);
  if (input.expectedVersion !== undefined && input.expectedVersion !== before.version) {
    throw new AppError('precondition_failed', msg.billingProfileChanged(), {
      details: { version: before.version },
    });
  }
  const p = input.profile;
  const row: BillingProfile = {
    tenant_id: input.tenant.id,
    legal_name: p.legalName,
    address_lines: p.addressLines,
    postal_code: p.postalCode,
    city: p.city,
    country: p.country,
    tax_id: p.taxId || null,
    billing_email: p.billingEmail,
    version: before.version + 1,
    updated_at: input.now,
  };
  await upsertBillingProfile(db, row);
  const after = toView(row);
  await recordAudit(db, {
    tenantId: input.tenant.id,
    actor: input.actor,
    action: 'billing_profile.updated',
    entityType: 'billing_profile',
    entityId: input.tenant.id,
    before,
    after,
    at: input.now,
  });
  return after;
}
