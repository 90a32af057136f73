import type { Role } from '../db/schema.js';

/**
 * The role matrix, in one place (PRODUCT.md §1, issue "Tenants, users, access"): billing
 * actions need a Global or Billing admin, license assignment a Global or License admin, and
 * plain Users have no admin API at all.
 */
export const permissions = {
  'catalog:read': ['global_admin', 'billing_admin', 'license_admin'],
  'billing:read': ['global_admin', 'billing_admin'],
  'billing:write': ['global_admin', 'billing_admin'],
  'licenses:read': ['global_admin', 'billing_admin', 'license_admin'],
  'licenses:write': ['global_admin', 'license_admin'],
  'users:read': ['global_admin', 'billing_admin', 'license_admin'],
  'users:write': ['global_admin'],
  'support:read': ['global_admin', 'billing_admin'],
  'support:write': ['global_admin', 'billing_admin'],
  'audit:read': ['global_admin', 'billing_admin', 'license_admin'],
  'tokens:write': ['global_admin'],
  'webhooks:manage': ['global_admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof permissions;

export function roleAllows(role: Role, permission: Permission): boolean {
  return (permissions[permission] as readonly Role[]).includes(role);
}

export const roleLabels: Record<Role, { en: string; fr: string }> = {
  global_admin: { en: 'Global admin', fr: 'Administrateur général' },
  billing_admin: { en: 'Billing admin', fr: 'Administrateur de facturation' },
  license_admin: { en: 'License admin', fr: 'Administrateur de licences' },
  user: { en: 'User', fr: 'Utilisateur' },
};
