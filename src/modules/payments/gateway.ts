/**
 * The seam to a payment processor, shaped on Stripe's API so that one adapter (the official
 * `stripe` package) serves real Stripe and the built-in Stripe-compatible test gateway alike.
 *
 * Contract every caller relies on:
 * - Billing Center never sees a card number: the browser hands card details to the gateway
 *   and the API receives a payment-method id (`pm_…`).
 * - Every money-moving call carries an idempotency key (the payment attempt's), so repeating
 *   a call after a crash or a timeout never charges or refunds twice.
 * - `charge` and `refund` answer a definite outcome, or throw `GatewayUnavailableError` when
 *   the outcome is unknown (network failure, timeout, 5xx): the attempt then stays in doubt
 *   until reconciliation asks `findCharge` / `findRefund`.
 * - No method is ever called inside a database transaction or while a row lock is held.
 */

export interface GatewayPaymentMethod {
  /** The gateway's payment-method id (`pm_…`), kept as `payment_methods.gateway_token`. */
  id: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  /** The name the browser gave with the card (Stripe's `billing_details.name`), if any. */
  holderName: string | null;
}

export type GatewayDeclineCode =
  | 'card_declined'
  | 'insufficient_funds'
  | 'expired_card'
  | 'incorrect_cvc'
  | 'processing_error'
  | 'authentication_required';

export type GatewayCharge =
  | { status: 'succeeded'; id: string; amount: number; currency: string }
  | { status: 'declined'; id: string | null; code: GatewayDeclineCode; message: string };

export interface GatewayRefund {
  id: string;
  status: 'succeeded' | 'pending' | 'failed';
  amount: number;
}

/** The outcome is unknown (network failure, timeout, 5xx, rate limit): reconcile later. */
export class GatewayUnavailableError extends Error {
  override readonly name = 'GatewayUnavailableError';
}

/** The gateway refused the request itself (unknown payment method, invalid card data…). */
export class GatewayRequestError extends Error {
  override readonly name = 'GatewayRequestError';
  constructor(
    readonly code: string,
    message: string,
    readonly param?: string,
  ) {
    super(message);
  }
}

/** What the browser needs to tokenise a card without the card reaching Billing Center. */
export type GatewayBrowserSettings =
  { kind: 'stripe'; publishableKey: string } | { kind: 'test'; apiBase: string; publishableKey: string };

export interface PaymentGateway {
  readonly name: 'stripe' | 'test';
  readonly browser: GatewayBrowserSettings;
  /** One gateway customer per tenant; the id is stored on the tenant. */
  createCustomer(input: { tenantId: string; name: string; idempotencyKey: string }): Promise<{ id: string }>;
  /** Attaches a payment method the browser created (or a test id such as `pm_card_visa`). */
  attachPaymentMethod(input: {
    customerId: string;
    paymentMethodId: string;
    idempotencyKey: string;
  }): Promise<GatewayPaymentMethod>;
  detachPaymentMethod(input: { paymentMethodId: string }): Promise<void>;
  /**
   * Reads a payment method without attaching it: a card used for one payment only
   * (`save: false`) is charged without a customer and never kept.
   */
  retrievePaymentMethod(input: { paymentMethodId: string }): Promise<GatewayPaymentMethod>;
  /**
   * Creates and confirms a PaymentIntent; `offSession` for renewals. Metadata carries
   * `attempt_id`. The answer's `id` is the PaymentIntent id (`pi_…`), which `refund` names.
   * `customerId` null charges a payment method that is not attached (used once).
   */
  charge(input: {
    amount: number;
    currency: string;
    customerId: string | null;
    paymentMethodId: string;
    offSession: boolean;
    description: string;
    idempotencyKey: string;
    metadata: Record<string, string>;
  }): Promise<GatewayCharge>;
  /** Reconciliation: the charge made for this attempt (metadata `attempt_id`), or null if none arrived. */
  findCharge(input: { attemptId: string }): Promise<GatewayCharge | null>;
  refund(input: {
    chargeId: string;
    amount: number;
    idempotencyKey: string;
    metadata: Record<string, string>;
  }): Promise<GatewayRefund>;
  /** Reconciliation: the refund made for this attempt on that charge, or null if none arrived. */
  findRefund(input: { chargeId: string; attemptId: string }): Promise<GatewayRefund | null>;
}

/**
 * The smallest charge a card gateway accepts, in minor units of `currency` (Stripe's
 * "minimum charge amounts"; Stripe refuses less with `amount_too_small`). Currencies Stripe
 * does not list are given an amount at or above 0.50 USD. The test gateway enforces the same
 * table, and checkout and quantity changes refuse a smaller card charge before any attempt.
 */
export function minimumChargeAmount(currency: string): number {
  return minimumCharges[currency.toUpperCase()] ?? 50;
}

const minimumCharges: Record<string, number> = {
  USD: 50,
  EUR: 50,
  GBP: 30,
  CAD: 50,
  AUD: 50,
  NZD: 50,
  CHF: 50,
  SGD: 50,
  BRL: 50,
  INR: 50,
  JPY: 50,
  HKD: 400,
  DKK: 250,
  NOK: 300,
  SEK: 300,
  PLN: 200,
  CZK: 1500,
  MXN: 1000,
  // Not in Stripe's table: about 0.55 USD.
  CNY: 400,
};
