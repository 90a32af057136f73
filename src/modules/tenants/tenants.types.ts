import { z } from 'zod';
import { msg, schemaMessage } from '../../shared/messages/index.js';
import { newPasswordSchema } from './passwords.js';

export const roles = ['global_admin', 'billing_admin', 'license_admin', 'user'] as const;
export const roleSchema = z.enum(roles);

export const countrySchema = z.string().regex(/^[A-Z]{2}$/, schemaMessage(msg.schemaCountryCode()));

export const createTenantSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  billingCountry: countrySchema,
  currency: z.enum(['USD', 'EUR', 'CNY']).optional(),
  locale: z.string().min(2).max(20).optional(),
  admin: z.strictObject({
    email: z.email(),
    displayName: z.string().trim().min(1).max(200),
    password: newPasswordSchema,
  }),
});
export type CreateTenantInput = z.infer<typeof createTenantSchema>;

export const tenantSchema = z.object({
  id: z.string(),
  name: z.string(),
  billingCountry: z.string(),
  currency: z.string(),
  locale: z.string(),
  createdAt: z.date(),
});
export type TenantView = z.infer<typeof tenantSchema>;
