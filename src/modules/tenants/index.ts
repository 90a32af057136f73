export { createTenant, createUserRecord, toTenantView } from './tenants.service.js';
export {
  findTenant,
  findTenants,
  listTenants,
  findUserByEmail,
  findUsersByEmailAnyTenant,
} from './tenants.repository.js';
export {
  hashPassword,
  verifyPassword,
  passwordWeakness,
  newPasswordSchema,
  passwordCheckCount,
  minimumPasswordLength,
} from './passwords.js';
export { createTenantSchema, tenantSchema, roleSchema, roles, countrySchema } from './tenants.types.js';
export type { CreateTenantInput, TenantView } from './tenants.types.js';
