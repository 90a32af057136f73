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
  'test-clocks:use': ['global_admin'],
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

/**
 * Who may call each operation, checked for every request before its body is read or validated
 * (src/http/security.ts), so a role without the permission always gets 401/403, never a 400
 * about a body it may not send. `public`: anyone; `signed-in`: any tenant user (their own
 * account); `operator`: the operator credential; a permission: tenant roles that have it, and
 * the operator too where `operator: true`. test/access-matrix.generated.test.ts walks every
 * operation of the OpenAPI document against this table and every role.
 */
export type Access =
  | { kind: 'public' }
  | { kind: 'signed-in' }
  | { kind: 'operator' }
  | { kind: 'permission'; permission: Permission; operator?: true };

const open: Access = { kind: 'public' };
const self: Access = { kind: 'signed-in' };
const operator: Access = { kind: 'operator' };
const needs = (permission: Permission, withOperator = false): Access =>
  withOperator ? { kind: 'permission', permission, operator: true } : { kind: 'permission', permission };

export const routeAccess: Record<string, Access> = {
  'GET /api/instance': open,
  'POST /api/auth/login': open,
  'POST /api/auth/second-step': open,
  'POST /api/auth/logout': open,
  'GET /api/me': self,
  'GET /api/me/sessions': self,
  'DELETE /api/me/sessions/:id': self,
  'POST /api/me/sessions/sign-out-everywhere': self,
  'POST /api/me/password': self,
  'GET /api/me/two-step': self,
  'POST /api/me/two-step/enrol': self,
  'POST /api/me/two-step/confirm': self,
  'POST /api/me/two-step/disable': self,
  'GET /api/tenant/security': needs('users:read'),
  'PUT /api/tenant/security': needs('users:write'),
  'GET /api/catalog/products': needs('catalog:read', true),
  'GET /api/catalog/products/:id': needs('catalog:read', true),
  'GET /api/catalog/available-addons': needs('catalog:read', true),
  'GET /api/catalog/addons': needs('catalog:read'),
  'POST /api/checkout/quote': needs('billing:write'),
  'POST /api/orders': needs('billing:write'),
  'GET /api/orders': needs('billing:read'),
  'GET /api/orders/:id': needs('billing:read'),
  'GET /api/invoices': needs('billing:read'),
  'GET /api/invoices/:id': needs('billing:read'),
  'GET /api/payment-methods': needs('billing:read'),
  'POST /api/payment-methods': needs('billing:write'),
  'POST /api/payment-methods/:id/default': needs('billing:write'),
  'DELETE /api/payment-methods/:id': needs('billing:write'),
  'GET /api/subscriptions': needs('billing:read'),
  'GET /api/subscriptions/:id': needs('billing:read'),
  'GET /api/subscriptions/:id/add-ons': needs('billing:read'),
  'POST /api/subscriptions/:id/quantity': needs('billing:write'),
  'PATCH /api/subscriptions/:id': needs('billing:write'),
  'POST /api/subscriptions/:id/cancel': needs('billing:write'),
  'POST /api/support-requests': needs('support:write'),
  'GET /api/support-requests': needs('support:read'),
  'GET /api/support-requests/:id': needs('support:read'),
  'POST /api/support-requests/:id/messages': needs('support:write'),
  'GET /api/licenses': needs('licenses:read'),
  'GET /api/licenses/:productId/assignments': needs('licenses:read'),
  'POST /api/licenses/:productId/assign': needs('licenses:write'),
  'POST /api/licenses/:productId/unassign': needs('licenses:write'),
  'PUT /api/users/:id/licenses/:productId': needs('licenses:write'),
  'DELETE /api/users/:id/licenses/:productId': needs('licenses:write'),
  'GET /api/users': needs('users:read'),
  'POST /api/users': needs('users:write'),
  'POST /api/users/import': needs('users:write'),
  'GET /api/users/:id': needs('users:read'),
  'PATCH /api/users/:id': needs('users:write'),
  'DELETE /api/users/:id': needs('users:write'),
  'DELETE /api/users/:id/api-tokens': needs('tokens:write'),
  'POST /api/tokens': needs('tokens:write'),
  'GET /api/tokens': needs('tokens:write'),
  'DELETE /api/tokens/:id': needs('tokens:write'),
  'GET /api/audit-log': needs('audit:read'),
  'GET /api/operator/catalog/versions': operator,
  'POST /api/operator/catalog/import': operator,
  'GET /api/operator/tenants': operator,
  'POST /api/operator/tenants': operator,
  'GET /api/operator/tenants/:id': operator,
  'GET /api/operator/orders': operator,
  'GET /api/operator/support-requests': operator,
  'GET /api/operator/support-requests/:id': operator,
  'POST /api/operator/support-requests/:id/messages': operator,
  'POST /api/operator/support-requests/:id/resolve': operator,
  'POST /api/operator/billing/run': operator,
  'POST /api/operator/clock': operator,
  'POST /api/operator/test-clocks': operator,
  'GET /api/operator/test-clocks': operator,
  'GET /api/operator/test-clocks/:id': operator,
  'POST /api/operator/test-clocks/:id/advance': operator,
  'DELETE /api/operator/test-clocks/:id': operator,
  'GET /api/test-clocks': needs('test-clocks:use'),
  'GET /api/test-clocks/:id': needs('test-clocks:use'),
  'POST /api/test-clocks/:id/advance': needs('test-clocks:use'),
  'GET /api/billing/profile': needs('billing:read'),
  'PUT /api/billing/profile': needs('billing:write'),
  'GET /api/invoices/:id/pdf': needs('billing:read'),
  'POST /api/invoices/:id/pay': needs('billing:write'),
  'GET /api/operator/invoices/:id': operator,
  'POST /api/operator/invoices/:id/bank-transfers': operator,
  'GET /api/events/types': self,
  'GET /api/events': needs('billing:read'),
  'GET /api/events/:id': needs('billing:read'),
  // Each admin's own mail settings; billing admins and global admins receive billing mail.
  'GET /api/notification-preferences': needs('billing:read'),
  'PUT /api/notification-preferences': needs('billing:read'),
  'GET /api/operator/mail': operator,
  'GET /api/operator/mail/:id': operator,
  'GET /api/operator/mail/:id/eml': operator,
  'POST /api/operator/notifications/sweep': operator,
  'GET /api/webhooks/endpoints': needs('webhooks:manage'),
  'POST /api/webhooks/endpoints': needs('webhooks:manage'),
  'GET /api/webhooks/endpoints/:id': needs('webhooks:manage'),
  'PATCH /api/webhooks/endpoints/:id': needs('webhooks:manage'),
  'DELETE /api/webhooks/endpoints/:id': needs('webhooks:manage'),
  'POST /api/webhooks/endpoints/:id/rotate-secret': needs('webhooks:manage'),
  'GET /api/webhooks/endpoints/:id/deliveries': needs('webhooks:manage'),
  'GET /api/webhooks/deliveries/:id': needs('webhooks:manage'),
  'POST /api/webhooks/deliveries/:id/resend': needs('webhooks:manage'),
  'GET /api/operator/webhooks/endpoints': operator,
  'POST /api/operator/webhooks/endpoints': operator,
  'GET /api/operator/webhooks/endpoints/:id': operator,
  'PATCH /api/operator/webhooks/endpoints/:id': operator,
  'DELETE /api/operator/webhooks/endpoints/:id': operator,
  'POST /api/operator/webhooks/endpoints/:id/rotate-secret': operator,
  'GET /api/operator/webhooks/endpoints/:id/deliveries': operator,
  'GET /api/operator/webhooks/deliveries/:id': operator,
  'POST /api/operator/webhooks/deliveries/:id/resend': operator,
};
