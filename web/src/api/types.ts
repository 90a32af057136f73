import type { paths } from 'billing-center/client';

type Json<P extends keyof paths, M extends keyof paths[P], S extends number> = paths[P][M] extends {
  responses: { [K in S]: { content: { 'application/json': infer T } } };
}
  ? T
  : never;

type Body<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer T } };
}
  ? T
  : never;

export type Me = Json<'/api/me', 'get', 200>;
export type Instance = Json<'/api/instance', 'get', 200>;
export type Subscription = Json<'/api/subscriptions/{id}', 'get', 200>;
export type SubscriptionKind = Subscription['kind'];
export type SubscriptionStatus = Subscription['status'];
export type Unit = Subscription['unit'];
export type AddonEligibility = Json<'/api/catalog/addons', 'get', 200>['addons'][number];
export type Product = Json<'/api/catalog/products/{id}', 'get', 200>;
export type QuoteRequest = Body<'/api/checkout/quote', 'post'>;
export type CheckoutItem = QuoteRequest['items'][number];
export type Quote = Json<'/api/checkout/quote', 'post', 200>;
export type QuoteProblem = Quote['problems'][number];
export type { Collection, CoTerm } from 'billing-center/client';
export type BaseOption = AddonEligibility['bases'][number];
export type PlaceOrderRequest = Body<'/api/orders', 'post'>;
export type PaymentChoice = NonNullable<PlaceOrderRequest['payment']>;
export type Order = Json<'/api/orders', 'post', 201>;
export type PaymentMethod = Json<'/api/payment-methods', 'get', 200>['paymentMethods'][number];
export type QuantityChange = Json<'/api/subscriptions/{id}/quantity', 'post', 200>;
export type CancelResult = Json<'/api/subscriptions/{id}/cancel', 'post', 200>;
export type SupportRequest = Json<'/api/support-requests/{id}', 'get', 200>;
export type LicenseSummaryItem = Json<'/api/licenses', 'get', 200>['items'][number];
export type LicenseAssignments = Json<'/api/licenses/{productId}/assignments', 'get', 200>;
export type UserView = Json<'/api/users/{id}', 'get', 200>;
export type UserList = Json<'/api/users', 'get', 200>;
export type CreateUserBody = Body<'/api/users', 'post'>;
export type AvailableAddons = Json<'/api/catalog/available-addons', 'get', 200>;
export type Invoice = Json<'/api/invoices/{id}', 'get', 200>;
export type ImportReport = Json<'/api/users/import', 'post', 200>;
export type UpdateUserBody = Body<'/api/users/{id}', 'patch'>;
