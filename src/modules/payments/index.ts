export { TestPaymentGateway, InvalidCardError, testCards } from './payment-gateway.js';
export type { PaymentGateway, CardDetails, TokenizedCard, ChargeResult, RefundResult } from './payment-gateway.js';
