import type { AppContext } from '../app-context.js';
import type { Cloud } from '../config.js';
import type { Role } from './schema.js';
import { recordAudit, systemActor } from '../modules/audit/index.js';
import { getProduct, isAvailableInCloud } from '../modules/catalog/index.js';
import { assignLicenses } from '../modules/licensing/index.js';
import type { CheckoutItem } from '../modules/orders/index.js';
import {
  createTenant,
  createUserRecord,
  findUserByEmail,
  listTenants,
  verifyPassword,
} from '../modules/tenants/index.js';
import { placeOrder } from '../workflows/place-order.js';

/**
 * The demo tenant that `npm start` creates on an empty database, so that every flow of the
 * admin center can be tried at once. The credentials are public on purpose (README): never
 * seed a production instance (BILLING_CENTER_SEED_DEMO=false).
 */
export const demoTenantName = 'Contoso (demo)';
export const demoAdminEmail = 'admin@contoso.example';
export const demoAdminPassword = 'BillingCenter!2026';

/** The demo tenant's billing country follows the cloud, so prices show in its currency. */
const demoCountry: Record<Cloud, string> = { worldwide: 'US', germany: 'DE', '21vianet': 'CN' };

/** Product ids of catalog/default.yaml that the demo buys (sold in every cloud). */
export const demoProducts = {
  businessStandard: 'm365-business-standard',
  e3: 'o365-e3',
  extraFileStorage: 'addon-extra-file-storage',
} as const;

/** Microsoft's own demo-tenant names: recognisable to anyone who knows the admin center. */
const demoPeople: { name: string; role: Role }[] = [
  { name: 'Patti Fernandez', role: 'billing_admin' },
  { name: 'Lee Gu', role: 'license_admin' },
  { name: 'Adele Vance', role: 'user' },
  { name: 'Alex Wilber', role: 'user' },
  { name: 'Allan Deyoung', role: 'user' },
  { name: 'Christie Cline', role: 'user' },
  { name: 'Debra Berger', role: 'user' },
  { name: 'Diego Siciliani', role: 'user' },
  { name: 'Emily Braun', role: 'user' },
  { name: 'Enrico Cattaneo', role: 'user' },
  { name: 'Grady Archie', role: 'user' },
  { name: 'Henrietta Mueller', role: 'user' },
  { name: 'Irvin Sayers', role: 'user' },
  { name: 'Isaiah Langer', role: 'user' },
  { name: 'Johanna Lorenz', role: 'user' },
  { name: 'Joni Sherman', role: 'user' },
  { name: 'Lidia Holloway', role: 'user' },
  { name: 'Lynne Robbins', role: 'user' },
  { name: 'Megan Bowen', role: 'user' },
  { name: 'Miriam Graham', role: 'user' },
  { name: 'Nestor Wilke', role: 'user' },
  { name: 'Pradeep Gupta', role: 'user' },
  { name: 'Raul Razo', role: 'user' },
  { name: 'Sanjay Shah', role: 'user' },
];

/** Users are created this far apart, so "oldest user first" (auto-assign) has a clear order. */
const secondsBetweenUsers = 5;

export interface DemoSeed {
  tenantId: string;
  adminEmail: string;
  adminPassword: string;
}

/**
 * Creates the demo tenant "Contoso (demo)": a Global admin (admin@contoso.example /
 * BillingCenter!2026), a Billing admin, a License admin and 22 users; then buys, through the
 * real checkout and paid by invoice, Microsoft 365 Business Standard (annual, 20 licenses,
 * auto-assigned oldest user first), Office 365 E3 (annual commitment billed monthly, 10
 * licenses, 5 assigned to the newest users) and 50 GB of Office 365 Extra File Storage on the
 * E3 subscription. Returns null, changing nothing, when the demo tenant already exists.
 *
 * @example
 * const demo = await seedDemo(ctx);
 * if (demo) console.log(`Sign in as ${demo.adminEmail} / ${demo.adminPassword}`);
 */
export async function seedDemo(ctx: AppContext): Promise<DemoSeed | null> {
  if (await findDemoTenant(ctx)) return null;
  // Check before creating anything: a half-made demo tenant would block the next attempt.
  for (const productId of Object.values(demoProducts)) {
    const product = await getProduct(ctx.db, productId);
    if (!product || !isAvailableInCloud(product, ctx.config.cloud)) {
      throw new Error(
        `The demo data needs the product "${productId}" of catalog/default.yaml, sold in the ` +
          `${ctx.config.cloud} cloud, and the catalog in force has no such product. ` +
          'Import the default catalog, or set BILLING_CENTER_SEED_DEMO=false.',
      );
    }
  }
  const now = ctx.clock.now();
  // Everyone exists before the purchases, which are made at the clock's "now".
  const firstUserAt = now.getTime() - (demoPeople.length + 2) * secondsBetweenUsers * 1000;
  const tenantAt = new Date(firstUserAt - 60_000);

  const { tenantId, userIds } = await ctx.db.transaction().execute(async (trx) => {
    const { tenant } = await createTenant(
      trx,
      {
        name: demoTenantName,
        billingCountry: demoCountry[ctx.config.cloud],
        admin: { email: demoAdminEmail, displayName: 'Contoso Admin', password: demoAdminPassword },
      },
      { cloud: ctx.config.cloud, now: tenantAt, actor: systemActor },
    );
    const ids: string[] = [];
    for (const [index, person] of demoPeople.entries()) {
      const at = new Date(firstUserAt + index * secondsBetweenUsers * 1000);
      const email = `${person.name.toLowerCase().replace(/[^a-z]+/g, '.')}@contoso.example`;
      const id = await createUserRecord(trx, {
        tenantId: tenant.id,
        email,
        displayName: person.name,
        role: person.role,
        password: person.role === 'user' ? undefined : demoAdminPassword,
        now: at,
      });
      await recordAudit(trx, {
        tenantId: tenant.id,
        actor: systemActor,
        action: 'user.created',
        entityType: 'user',
        entityId: id,
        after: { email, displayName: person.name, role: person.role },
        at,
      });
      ids.push(id);
    }
    return { tenantId: tenant.id, userIds: ids };
  });

  const order = async (items: CheckoutItem[]) => {
    try {
      return await placeOrder(ctx, { tenantId, actor: systemActor, items, payment: { method: 'invoice' } });
    } catch (error) {
      const products = items.map((item) => item.productId).join(', ');
      throw new Error(
        `The demo tenant was created but buying ${products} failed: ${(error as Error).message} ` +
          `The demo needs ${Object.values(demoProducts).join(', ')} from catalog/default.yaml; ` +
          'with another catalog set BILLING_CENTER_SEED_DEMO=false.',
        { cause: error },
      );
    }
  };

  await order([
    {
      productId: demoProducts.businessStandard,
      quantity: 20,
      commitment: 'annual',
      billingFrequency: 'annual',
      autoAssign: true,
    },
  ]);
  const e3Order = await order([
    { productId: demoProducts.e3, quantity: 10, commitment: 'annual', billingFrequency: 'monthly' },
  ]);
  const e3SubscriptionId = e3Order.lines.find((line) => line.productId === demoProducts.e3)?.subscriptionId;
  if (!e3SubscriptionId) throw new Error('The demo E3 order created no subscription.');
  // Traditional add-on: attached to E3, co-termed with it, billed like it.
  await order([
    { productId: demoProducts.extraFileStorage, quantity: 50, baseSubscriptionId: e3SubscriptionId },
  ]);

  // Business Standard went to the 20 oldest; E3 to the 5 newest, who had none. 5 E3 stay free.
  await assignLicenses(ctx.db, {
    tenantId,
    productId: demoProducts.e3,
    userIds: userIds.slice(-5),
    now: ctx.clock.now(),
    actor: systemActor,
  });

  return { tenantId, adminEmail: demoAdminEmail, adminPassword: demoAdminPassword };
}

/** The demo tenant's id when it exists (by its name, which the seed never reuses). */
export async function findDemoTenant(ctx: Pick<AppContext, 'db'>): Promise<string | undefined> {
  const tenants = await listTenants(ctx.db);
  return tenants.find((tenant) => tenant.name === demoTenantName)?.id;
}

/** Whether the published demo sign-in still opens the demo tenant (its password unchanged). */
export async function demoCredentialsWork(ctx: Pick<AppContext, 'db'>): Promise<boolean> {
  const tenantId = await findDemoTenant(ctx);
  if (!tenantId) return false;
  const admin = await findUserByEmail(ctx.db, tenantId, demoAdminEmail);
  return verifyPassword(demoAdminPassword, admin?.password_hash ?? null);
}
