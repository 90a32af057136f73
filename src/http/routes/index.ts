import type { AppContext } from '../../app-context.js';
import type { Api } from '../api.js';
import { registerAuditRoutes } from './audit.routes.js';
import { registerAuthRoutes } from './auth.routes.js';
import { registerBillingProfileRoutes } from './billing-profile.routes.js';
import { registerCatalogRoutes } from './catalog.routes.js';
import { registerCheckoutRoutes } from './checkout.routes.js';
import { registerInstanceRoutes } from './instance.routes.js';
import { registerInvoicesRoutes } from './invoices.routes.js';
import { registerLicensesRoutes } from './licenses.routes.js';
import { registerNotificationsRoutes } from './notifications.routes.js';
import { registerOperatorRoutes } from './operator.routes.js';
import { registerOperatorInvoicesRoutes } from './operator-invoices.routes.js';
import { registerPaymentMethodsRoutes } from './payment-methods.routes.js';
import { registerSubscriptionsRoutes } from './subscriptions.routes.js';
import { registerSupportRoutes } from './support.routes.js';
import { registerSecurityRoutes } from './security.routes.js';
import { registerTestClockRoutes } from './test-clocks.routes.js';
import { registerTokensRoutes } from './tokens.routes.js';
import { registerUsersRoutes } from './users.routes.js';

/** Every route of the API, mounted under /api. One file per business area. */
export async function registerRoutes(api: Api, ctx: AppContext) {
  await registerInstanceRoutes(api, ctx);
  await registerAuthRoutes(api, ctx);
  await registerCatalogRoutes(api, ctx);
  await registerCheckoutRoutes(api, ctx);
  await registerSubscriptionsRoutes(api, ctx);
  await registerPaymentMethodsRoutes(api, ctx);
  await registerInvoicesRoutes(api, ctx);
  await registerBillingProfileRoutes(api, ctx);
  await registerUsersRoutes(api, ctx);
  await registerLicensesRoutes(api, ctx);
  await registerTokensRoutes(api, ctx);
  await registerAuditRoutes(api, ctx);
  await registerSupportRoutes(api, ctx);
  await registerOperatorRoutes(api, ctx);
  await registerOperatorInvoicesRoutes(api, ctx);
  await registerNotificationsRoutes(api, ctx);
  await registerSecurityRoutes(api, ctx);
  await registerTestClockRoutes(api, ctx);
}
