import type Stripe from 'stripe';
import type { PaymentsConfig } from '../../config.js';
import {
  GatewayRequestError,
  GatewayUnavailableError,
  type GatewayBrowserSettings,
  type GatewayCharge,
  type GatewayDeclineCode,
  type GatewayPaymentMethod,
  type GatewayRefund,
  type PaymentGateway,
} from './gateway.js';

/**
 * `PaymentGateway` on the official `stripe` package. Real Stripe and the built-in
 * Stripe-compatible test gateway differ only in the base URL and keys, so the demo, the tests
 * and production run this same code.
 *
 * A charge is a PaymentIntent created and confirmed in one call; `GatewayCharge.id` is the
 * PaymentIntent id (`pi_…`), which is also what a refund names.
 */
export class StripeGateway implements PaymentGateway {
  readonly name: 'stripe' | 'test';
  readonly browser: GatewayBrowserSettings;
  private readonly config: ConstructorParameters<typeof Stripe>[1];
  private readonly secretKey: string;
  private client: Promise<Stripe> | undefined;

  constructor(options: {
    secretKey: string;
    publishableKey: string;
    /** A Stripe-compatible API (the test gateway) instead of api.stripe.com. */
    apiBase?: string | undefined;
    /** The base URL the browser uses for the test gateway, when it differs from apiBase. */
    browserApiBase?: string | undefined;
    timeoutMs?: number;
    /**
     * Retries of requests that failed in transit. Safe because every money-moving request
     * carries our idempotency key; 0 in tests so a fault is seen exactly as injected.
     */
    maxNetworkRetries?: number;
  }) {
    const base = options.apiBase ? new URL(options.apiBase) : undefined;
    this.name = base ? 'test' : 'stripe';
    this.secretKey = options.secretKey;
    this.config = {
      maxNetworkRetries: options.maxNetworkRetries ?? 2,
      timeout: options.timeoutMs ?? 30_000,
      telemetry: false,
      appInfo: { name: 'Billing Center' },
      ...(base
        ? {
            host: base.hostname,
            port: base.port || (base.protocol === 'https:' ? 443 : 80),
            protocol: base.protocol === 'https:' ? 'https' : 'http',
          }
        : {}),
    };
    this.browser = base
      ? {
          kind: 'test',
          apiBase: (options.browserApiBase ?? options.apiBase!).replace(/\/+$/, ''),
          publishableKey: options.publishableKey,
        }
      : { kind: 'stripe', publishableKey: options.publishableKey };
  }

  static fromConfig(config: PaymentsConfig, options: { maxNetworkRetries?: number } = {}): StripeGateway {
    return new StripeGateway({
      secretKey: config.secretKey,
      publishableKey: config.publishableKey,
      apiBase: config.mode === 'stripe' ? undefined : config.apiBase,
      ...options,
    });
  }

  /** The `stripe` package is loaded on first use: CLI commands that never pay start faster. */
  private get stripe(): Promise<Stripe> {
    this.client ??= loadStripe().then((m) => new m.default(this.secretKey, this.config));
    return this.client;
  }

  async createCustomer(input: { tenantId: string; name: string; idempotencyKey: string }) {
    const customer = await call(async () =>
      (await this.stripe).customers.create(
        { name: input.name, metadata: { tenant_id: input.tenantId } },
        { idempotencyKey: input.idempotencyKey },
      ),
    );
    return { id: customer.id };
  }

  async attachPaymentMethod(input: {
    customerId: string;
    paymentMethodId: string;
    idempotencyKey: string;
  }): Promise<GatewayPaymentMethod> {
    const pm = await call(async () =>
      (await this.stripe).paymentMethods.attach(
        input.paymentMethodId,
        { customer: input.customerId },
        { idempotencyKey: input.idempotencyKey },
      ),
    );
    return toPaymentMethod(pm);
  }

  async detachPaymentMethod(input: { paymentMethodId: string }): Promise<void> {
    try {
      await call(async () => (await this.stripe).paymentMethods.detach(input.paymentMethodId));
    } catch (error) {
      // Already detached or gone: the outcome wanted is reached.
      if (error instanceof GatewayRequestError && error.code !== 'idempotency_error') return;
      throw error;
    }
  }

  async retrievePaymentMethod(input: { paymentMethodId: string }): Promise<GatewayPaymentMethod> {
    return toPaymentMethod(
      await call(async () => (await this.stripe).paymentMethods.retrieve(input.paymentMethodId)),
    );
  }

  async charge(input: {
    amount: number;
    currency: string;
    customerId: string | null;
    paymentMethodId: string;
    offSession: boolean;
    description: string;
    idempotencyKey: string;
    metadata: Record<string, string>;
  }): Promise<GatewayCharge> {
    try {
      const stripe = await this.stripe;
      const intent = await withoutCallSite(() =>
        stripe.paymentIntents.create(
          {
            amount: input.amount,
            currency: input.currency.toLowerCase(),
            ...(input.customerId ? { customer: input.customerId } : {}),
            payment_method: input.paymentMethodId,
            confirm: true,
            // No redirects: Billing Center has no page to come back to, and a renewal runs
            // with nobody present (off_session).
            automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
            ...(input.offSession ? { off_session: true } : {}),
            description: input.description,
            metadata: input.metadata,
          },
          { idempotencyKey: input.idempotencyKey },
        ),
      );
      return toCharge(intent);
    } catch (error) {
      if (stripeErrors && error instanceof stripeErrors.StripeCardError)
        return declineOf(error, error.payment_intent?.id ?? null);
      throw translate(error);
    }
  }

  async findCharge(input: { attemptId: string }): Promise<GatewayCharge | null> {
    if (!/^[\w-]+$/.test(input.attemptId))
      throw new GatewayRequestError('parameter_invalid', 'Bad attempt id.');
    // Stripe's search index can lag a write by up to a minute (documented by Stripe), so a
    // reconciliation that finds nothing must not conclude "never charged" for a younger attempt.
    const result = await call(async () =>
      (await this.stripe).paymentIntents.search({
        query: `metadata['attempt_id']:'${input.attemptId}'`,
        limit: 10,
      }),
    );
    const intents = result.data;
    if (!intents.length) return null;
    const best = intents.find((i) => i.status === 'succeeded') ?? intents[0]!;
    return toCharge(best);
  }

  async refund(input: {
    chargeId: string;
    amount: number;
    idempotencyKey: string;
    metadata: Record<string, string>;
  }): Promise<GatewayRefund> {
    const stripe = await this.stripe;
    const refund = await call(() =>
      withoutCallSite(() =>
        stripe.refunds.create(
          { payment_intent: input.chargeId, amount: input.amount, metadata: input.metadata },
          { idempotencyKey: input.idempotencyKey },
        ),
      ),
    );
    return toRefund(refund);
  }

  async findRefund(input: { chargeId: string; attemptId: string }): Promise<GatewayRefund | null> {
    try {
      const list = (await this.stripe).refunds.list({ payment_intent: input.chargeId, limit: 100 });
      for await (const refund of list) {
        if (refund.metadata?.attempt_id === input.attemptId) return toRefund(refund);
      }
    } catch (error) {
      throw translate(error);
    }
    return null;
  }
}

type StripeModule = { default: typeof Stripe };
let stripeModule: Promise<StripeModule> | undefined;
/** Stripe's error classes, once the package is loaded (no Stripe error exists before). */
let stripeErrors: (typeof Stripe)['errors'] | undefined;
function loadStripe(): Promise<StripeModule> {
  stripeModule ??= import('stripe').then((m) => {
    stripeErrors = m.default.errors;
    return m;
  });
  return stripeModule;
}

/**
 * Starts a stripe request without the caller's stack trace the package captures for every
 * request (`new Error().stack`, formatted at once and, under tsx, through source maps): about
 * 0.25 ms of CPU per charge, paid even when nothing fails. Our errors are translated anyway
 * (`translate`, the stripe error kept as `cause`), so nothing readable is lost. The capture
 * happens synchronously inside the call, hence the limit is restored right after it.
 */
function withoutCallSite<T>(start: () => Promise<T>): Promise<T> {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return start();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw translate(error);
  }
}

/**
 * Stripe's errors to the contract's: "we do not know what happened" (connection, timeout,
 * 5xx, rate limit, a concurrent request on the same key) versus "the gateway said no".
 * Bad keys stay plain errors: an operator's mistake, not something to reconcile.
 */
function translate(error: unknown): Error {
  const E = stripeErrors;
  if (!E) return error instanceof Error ? error : new Error(String(error));
  if (
    error instanceof E.StripeConnectionError ||
    error instanceof E.StripeAPIError ||
    error instanceof E.StripeRateLimitError ||
    (error instanceof E.StripeError && (error.statusCode ?? 0) >= 500) ||
    (error instanceof E.StripeError && error.code === 'idempotency_key_in_use')
  ) {
    return new GatewayUnavailableError(error.message, { cause: error });
  }
  if (error instanceof E.StripeAuthenticationError || error instanceof E.StripePermissionError) {
    return new Error(`Payment gateway refused the API key: ${error.message}`, { cause: error });
  }
  if (error instanceof E.StripeIdempotencyError) {
    return new GatewayRequestError('idempotency_error', error.message);
  }
  if (error instanceof E.StripeCardError) {
    return new GatewayRequestError(declineCodeOf(error.code, error.decline_code), error.message, error.param);
  }
  if (error instanceof E.StripeError) {
    return new GatewayRequestError(error.code ?? error.type, error.message, error.param);
  }
  return error instanceof Error ? error : new Error(String(error));
}

function declineCodeOf(code: string | undefined, declineCode: string | undefined): GatewayDeclineCode {
  if (declineCode === 'insufficient_funds') return 'insufficient_funds';
  if (code === 'expired_card' || declineCode === 'expired_card') return 'expired_card';
  if (code === 'incorrect_cvc' || declineCode === 'incorrect_cvc') return 'incorrect_cvc';
  if (code === 'processing_error' || declineCode === 'processing_error') return 'processing_error';
  if (code === 'authentication_required' || declineCode === 'authentication_required')
    return 'authentication_required';
  return 'card_declined';
}

function declineOf(
  error: { code?: string | undefined; decline_code?: string | undefined; message?: string | undefined },
  id: string | null,
): GatewayCharge {
  return {
    status: 'declined',
    id,
    code: declineCodeOf(error.code, error.decline_code),
    message: error.message ?? 'Your card was declined.',
  };
}

function toCharge(intent: Stripe.PaymentIntent): GatewayCharge {
  if (intent.status === 'succeeded') {
    return {
      status: 'succeeded',
      id: intent.id,
      amount: intent.amount_received,
      currency: intent.currency.toUpperCase(),
    };
  }
  if (intent.status === 'requires_payment_method' && intent.last_payment_error) {
    return declineOf(intent.last_payment_error, intent.id);
  }
  if (intent.status === 'requires_action' || intent.status === 'requires_confirmation') {
    // Billing Center has no page for a 3-D Secure challenge: the card needs a customer present.
    return {
      status: 'declined',
      id: intent.id,
      code: 'authentication_required',
      message: 'The card asks for authentication (3-D Secure), which this payment cannot perform.',
    };
  }
  if (intent.status === 'canceled' || intent.status === 'requires_payment_method') {
    return {
      status: 'declined',
      id: intent.id,
      code: 'card_declined',
      message: 'The payment did not go through.',
    };
  }
  // processing / requires_capture: not final yet; reconciliation asks again.
  throw new GatewayUnavailableError(`PaymentIntent ${intent.id} is ${intent.status}`);
}

function toRefund(refund: Stripe.Refund): GatewayRefund {
  const status =
    refund.status === 'succeeded'
      ? 'succeeded'
      : refund.status === 'failed' || refund.status === 'canceled'
        ? 'failed'
        : 'pending';
  return { id: refund.id, status, amount: refund.amount };
}

function toPaymentMethod(pm: Stripe.PaymentMethod): GatewayPaymentMethod {
  if (!pm.card)
    throw new GatewayRequestError('payment_method_unexpected_type', `Payment method ${pm.id} is not a card.`);
  return {
    id: pm.id,
    brand: pm.card.brand,
    last4: pm.card.last4,
    expMonth: pm.card.exp_month,
    expYear: pm.card.exp_year,
    holderName: pm.billing_details?.name ?? null,
  };
}
