import { useInstance } from '../api/queries';

/**
 * Where billing pages live, per cloud (PRODUCT.md §4): worldwide calls the list "Your products"
 * and buys add-ons from Purchase services; germany and 21vianet call it "Subscriptions" and buy
 * add-ons from a subscription's Add-ons › Buy add-ons.
 */
export function useBillingPaths() {
  const navigation = useInstance().data?.navigation ?? 'purchase-services';
  const subscriptions = navigation === 'subscriptions' ? '/billing/subscriptions' : '/billing/products';
  return {
    navigation,
    purchaseServices: '/billing/purchase-services',
    subscriptions,
    subscriptionsLabel:
      navigation === 'subscriptions' ? ('nav.subscriptions' as const) : ('nav.yourProducts' as const),
    subscription: (id: string) => `${subscriptions}/${id}`,
    buyAddons: (id: string) => `${subscriptions}/${id}/buy-add-ons`,
    buy: (productId: string, baseSubscriptionId?: string) =>
      `/billing/buy/${encodeURIComponent(productId)}${baseSubscriptionId ? `?base=${encodeURIComponent(baseSubscriptionId)}` : ''}`,
    licenses: '/billing/licenses',
    bills: '/billing/bills',
    bill: (id: string) => `/billing/bills/${encodeURIComponent(id)}`,
    subscriptionBills: (id: string) => `/billing/bills?subscriptionId=${encodeURIComponent(id)}`,
    paymentMethods: '/billing/payment-methods',
    billingProfile: '/billing/profile',
    availableAddons: '/billing/available-add-ons',
    reports: '/billing/reports',
    supportRequests: '/support/requests',
    supportRequest: (id: string) => `/support/requests/${encodeURIComponent(id)}`,
    users: '/users',
  };
}
