export {
  findSubscription,
  listSubscriptions,
  listAddonsOfBase,
  insertSubscription,
  updateSubscription,
  listDueSubscriptions,
  listTenantsWithDueWork,
  dueSubscriptions,
  lockSubscriptionsOfTenants,
  updateSubscriptions,
  lockSubscriptionsInOrder,
  licenseBearingStatuses,
  liveStatuses,
} from './subscriptions.repository.js';
export type { BulkSubscriptionColumn } from './subscriptions.repository.js';
export { subscriptionSchema, toSubscriptionView, expiryDates } from './subscriptions.view.js';
export type { SubscriptionView } from './subscriptions.view.js';
