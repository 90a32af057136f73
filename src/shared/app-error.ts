import { defaultLocale, type UiLocale } from './locale.js';
import { renderMessage, type Message } from './messages/index.js';

export { localized, msg, type Message } from './messages/index.js';

/**
 * The one error type that business code throws. Each code maps to exactly one HTTP status
 * (see `statusForCode`), so routes never pick statuses themselves and integrators can rely on
 * `code` staying stable while messages are reworded or translated.
 */
export const errorCodes = {
  validation_failed: 400,
  invalid_json: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  operator_only: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  precondition_required: 428,
  idempotency_key_reused: 422,
  idempotency_key_in_flight: 409,
  payment_declined: 402,
  insufficient_funds: 402,
  payment_method_required: 422,
  card_invalid: 422,
  amount_below_minimum: 422,
  payment_gateway_unavailable: 503,
  addon_already_on_base: 409,
  unsupported_media_type: 415,
  // catalog and checkout
  product_not_found: 404,
  product_not_available_in_cloud: 422,
  offer_not_available: 422,
  price_not_available: 422,
  not_an_addon: 422,
  base_subscription_required: 422,
  base_subscription_not_eligible: 422,
  no_eligible_base_subscription: 422,
  quantity_out_of_bounds: 422,
  quantity_exceeds_base: 422,
  billing_frequency_mismatch: 422,
  duplicate_item: 422,
  catalog_invalid: 422,
  // subscriptions
  subscription_not_active: 409,
  quantity_unchanged: 422,
  quantity_below_assigned: 409,
  quantity_below_addons: 409,
  cancellation_window_closed: 409,
  traditional_addon_not_removable: 409,
  follows_base_subscription: 409,
  already_cancelled: 409,
  // licenses and users
  license_not_assignable: 422,
  license_already_assigned: 409,
  license_not_assigned: 409,
  no_licenses_available: 409,
  base_license_required: 409,
  base_license_in_use: 409,
  user_email_taken: 409,
  last_global_admin: 409,
  csv_invalid: 400,
  // support
  support_request_closed: 409,
  support_request_type_invalid: 422,
  // invoices
  invoice_not_open: 409,
  amount_exceeds_amount_due: 422,
  bank_transfer_reference_reused: 409,
  payment_in_progress: 409,
  // tenants
  tenant_exists: 409,
  // security
  csrf_rejected: 403,
  too_many_requests: 429,
  payload_too_large: 413,
  uri_too_long: 414,
  second_factor_required: 401,
  invalid_second_factor: 401,
  two_step_enrolment_required: 403,
  // test clocks
  test_mode_required: 409,
  test_clock_exists: 409,
  test_clock_advancing: 409,
  test_clock_cannot_go_back: 422,
  // webhooks
  webhook_url_not_allowed: 422,
  internal_error: 500,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorCodes;

export function statusForCode(code: ErrorCode): number {
  return errorCodes[code];
}

export interface AppErrorOptions {
  /** What the caller can do next: a message of the catalogs, like the detail. */
  hint?: Message;
  /** Machine-readable details: the users to unassign, eligible plans… (spread into the problem). */
  details?: Record<string, unknown>;
  /**
   * The one input the error is about, as a path in the request like the validation problems'
   * (`body.items.0.quantity`, `body.email`): the problem then lists it in `errors`, so a form
   * can show the detail beside that field.
   */
  field?: string;
}

/**
 * A business error: a stable code, the message that explains it (id + named parameters, rendered
 * in the reader's language by `src/http/problem.ts` or the CLI) and optionally a hint and the
 * field it is about. `message` is the English text, for logs and tests.
 *
 * @example
 * throw new AppError('quantity_out_of_bounds', msg.quantityOutOfRange({ product: localized(p.names), min, max }), {
 *   field: 'body.quantity',
 * });
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly detailMessage: Message;
  readonly hintMessage: Message | undefined;
  readonly details: Record<string, unknown> | undefined;
  readonly field: string | undefined;

  constructor(code: ErrorCode, message: Message, options: AppErrorOptions = {}) {
    super(renderMessage(message, defaultLocale));
    this.name = 'AppError';
    this.code = code;
    this.detailMessage = message;
    this.hintMessage = options.hint;
    this.details = options.details;
    this.field = options.field;
  }

  get status(): number {
    return statusForCode(this.code);
  }

  /** The hint in English (logs, tests). */
  get hint(): string | undefined {
    return this.hintMessage && renderMessage(this.hintMessage, defaultLocale);
  }

  /** The detail in the reader's language. */
  detailIn(locale: UiLocale): string {
    return renderMessage(this.detailMessage, locale);
  }

  hintIn(locale: UiLocale): string | undefined {
    return this.hintMessage && renderMessage(this.hintMessage, locale);
  }

  /** The same error about another field (a workflow knows where the input sat in the request). */
  at(field: string): AppError {
    return new AppError(this.code, this.detailMessage, {
      ...(this.hintMessage ? { hint: this.hintMessage } : {}),
      ...(this.details ? { details: this.details } : {}),
      field,
    });
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
