export { TestPaymentGateway, InvalidCardError, testCards } from './payment-gateway.js';
export type { PaymentGateway, CardDetails, TokenizedCard, ChargeResult, RefundResult } from './payment-gateway.js';
export {
  tokenizeCard,
  saveCard,
  saveTokenizedCard,
  ensureInvoiceMethod,
  requirePaymentMethod,
  chargePaymentMethod,
  refundToPaymentMethod,
  findDefaultPaymentMethod,
  toPaymentMethodView,
} from './payment-methods.service.js';
export type { ChargeOutcome, PaymentMethodView } from './payment-methods.service.js';
export {
  listPaymentMethods,
  setDefaultPaymentMethod,
  removePaymentMethod,
  findPaymentMethod,
} from './payment-methods.repository.js';
export { insertPendingInvoiceCharge, findPendingCardCharge, settleInvoiceCharge } from './invoice-charges.repository.js';
