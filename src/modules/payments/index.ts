export { GatewayUnavailableError, GatewayRequestError, minimumChargeAmount } from './gateway.js';
export type {
  PaymentGateway,
  GatewayPaymentMethod,
  GatewayCharge,
  GatewayRefund,
  GatewayDeclineCode,
  GatewayBrowserSettings,
} from './gateway.js';
export { StripeGateway } from './stripe-gateway.js';
export {
  prepareCard,
  saveCard,
  detachCard,
  ensureGatewayCustomer,
  ensureInvoiceMethod,
  requirePaymentMethod,
  findDefaultPaymentMethod,
  toPaymentMethodView,
} from './payment-methods.service.js';
export { requireChargeableAmount } from './payment-methods.service.js';
export type { PaymentMethodView, PreparedCard } from './payment-methods.service.js';
export {
  listPaymentMethods,
  setDefaultPaymentMethod,
  removePaymentMethod,
  findPaymentMethod,
  findTenantGatewayCustomer,
  listUsablePaymentMethodsOfTenants,
} from './payment-methods.repository.js';
export {
  insertPaymentAttempt,
  findPaymentAttempt,
  resolvePaymentAttempt,
  resolveAttemptWithPayment,
  listAttemptsInDoubt,
  listRefundableChargesOf,
  listRefundsOf,
  findAttemptOfOperation,
  recordAttemptPayment,
  findPaymentMethodEvenRemoved,
  recordInvoicePayment,
  recordInvoicePayments,
  listChargedOperations,
  findPayment,
  recordAccountCredit,
} from './payment-attempts.repository.js';
export type { NewPaymentAttempt } from './payment-attempts.repository.js';
