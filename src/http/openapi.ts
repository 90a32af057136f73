import type { ErrorCode } from '../shared/app-error.js';
import { errorCodes, statusForCode } from '../shared/app-error.js';

/**
 * What the OpenAPI document says beyond the route schemas, kept in one place so that route
 * files stay about behaviour: the operationId of every operation (SDK generators turn it into
 * method names, so it must never change once published) and the error codes each operation
 * can answer with, documented as problem+json responses grouped by status.
 *
 * `decorateOpenApi` runs as @fastify/swagger's `transformObject`; `test/openapi.test.ts`
 * checks that every operation has an entry here and that no entry is stale.
 */

type Codes = readonly ErrorCode[];

interface OperationDoc {
  operationId: string;
  /** The business refusals of this operation; auth, validation and 500 are added by kind. */
  codes?: Codes;
  /** The success answer carries an ETag, to send back as If-Match. */
  etag?: true;
}

const checkoutCodes: Codes = [
  'product_not_found',
  'product_not_available_in_cloud',
  'offer_not_available',
  'base_subscription_required',
  'base_subscription_not_eligible',
  'no_eligible_base_subscription',
  'quantity_out_of_bounds',
  'quantity_exceeds_base',
  'billing_frequency_mismatch',
  'duplicate_item',
  'addon_already_on_base',
];
const paymentCodes: Codes = [
  'payment_declined',
  'insufficient_funds',
  'payment_method_required',
  'card_invalid',
  // A card charge below the gateway's minimum (0.50 USD…): refused before any attempt.
  'amount_below_minimum',
  // The gateway could not be reached: nothing was charged, or reconciliation settles it.
  'payment_gateway_unavailable',
];
const licenseCodes: Codes = [
  'product_not_found',
  'license_not_assignable',
  'license_already_assigned',
  'license_not_assigned',
  'no_licenses_available',
  'base_license_required',
  'base_license_in_use',
];

/** Keyed by "METHOD /api/path" as the document spells it (`{id}` for path parameters). */
export const operationDocs: Record<string, OperationDoc> = {
  'GET /api/instance': { operationId: 'getInstance' },
  'POST /api/auth/login': {
    operationId: 'signIn',
    codes: ['invalid_credentials', 'second_factor_required', 'too_many_requests'],
  },
  'POST /api/auth/logout': { operationId: 'signOut' },
  'GET /api/me': { operationId: 'getMe' },

  'GET /api/catalog/products': { operationId: 'listProducts' },
  'GET /api/catalog/products/{id}': { operationId: 'getProduct' },
  'GET /api/catalog/available-addons': { operationId: 'listAvailableAddOnsTable' },
  'GET /api/catalog/addons': { operationId: 'listPurchasableAddOns' },
  'GET /api/operator/catalog/versions': { operationId: 'listCatalogVersions' },
  'POST /api/operator/catalog/import': { operationId: 'importCatalog', codes: ['catalog_invalid'] },

  'POST /api/checkout/quote': { operationId: 'quoteOrder' },
  'POST /api/orders': {
    operationId: 'placeOrder',
    codes: [
      ...checkoutCodes,
      ...paymentCodes,
      'idempotency_key_reused',
      'idempotency_key_in_flight',
      // An unknown saved payment method.
      'not_found',
    ],
  },
  'GET /api/orders': { operationId: 'listOrders' },
  'GET /api/orders/{id}': { operationId: 'getOrder' },

  'GET /api/subscriptions': { operationId: 'listSubscriptions' },
  'GET /api/subscriptions/{id}': { operationId: 'getSubscription', etag: true },
  'PATCH /api/subscriptions/{id}': {
    operationId: 'setRecurringBilling',
    etag: true,
    codes: ['subscription_not_active', 'follows_base_subscription', 'precondition_failed'],
  },
  'GET /api/subscriptions/{id}/add-ons': { operationId: 'listSubscriptionAddOns' },
  'POST /api/subscriptions/{id}/quantity': {
    operationId: 'changeSubscriptionQuantity',
    etag: true,
    codes: [
      'subscription_not_active',
      'quantity_unchanged',
      'quantity_out_of_bounds',
      'quantity_exceeds_base',
      'quantity_below_assigned',
      'quantity_below_addons',
      'precondition_failed',
      ...paymentCodes,
    ],
  },
  'POST /api/subscriptions/{id}/cancel': {
    operationId: 'cancelSubscription',
    codes: [
      'already_cancelled',
      'cancellation_window_closed',
      'traditional_addon_not_removable',
      'subscription_not_active',
      'precondition_failed',
    ],
  },

  'GET /api/payment-methods': { operationId: 'listPaymentMethods' },
  'POST /api/payment-methods': { operationId: 'addPaymentMethod', codes: ['card_invalid'] },
  'POST /api/payment-methods/{id}/default': { operationId: 'setDefaultPaymentMethod' },
  'DELETE /api/payment-methods/{id}': { operationId: 'deletePaymentMethod' },

  'GET /api/invoices': { operationId: 'listInvoices' },
  'GET /api/invoices/{id}': { operationId: 'getInvoice' },

  'GET /api/users': { operationId: 'listUsers' },
  'POST /api/users': { operationId: 'createUser', codes: ['user_email_taken'] },
  'POST /api/users/import': { operationId: 'importUsers', codes: ['csv_invalid'] },
  'GET /api/users/{id}': { operationId: 'getUser' },
  'PATCH /api/users/{id}': { operationId: 'updateUser', codes: ['user_email_taken', 'last_global_admin'] },
  'DELETE /api/users/{id}': { operationId: 'deleteUser', codes: ['last_global_admin'] },

  'GET /api/licenses': { operationId: 'listLicenses' },
  'GET /api/licenses/{productId}/assignments': {
    operationId: 'listLicenseAssignments',
    codes: ['product_not_found'],
  },
  'POST /api/licenses/{productId}/assign': { operationId: 'assignLicenses', codes: licenseCodes },
  'POST /api/licenses/{productId}/unassign': { operationId: 'unassignLicenses', codes: licenseCodes },
  'PUT /api/users/{id}/licenses/{productId}': { operationId: 'assignUserLicense', codes: licenseCodes },
  'DELETE /api/users/{id}/licenses/{productId}': { operationId: 'unassignUserLicense', codes: licenseCodes },

  'POST /api/tokens': { operationId: 'createApiToken' },
  'GET /api/tokens': { operationId: 'listApiTokens' },
  'DELETE /api/tokens/{id}': { operationId: 'revokeApiToken' },

  'GET /api/audit-log': { operationId: 'listAuditLog' },

  'POST /api/support-requests': {
    operationId: 'openSupportRequest',
    // not_found: the subscription named in the body.
    codes: ['support_request_type_invalid', 'already_cancelled', 'not_found'],
  },
  'GET /api/support-requests': { operationId: 'listSupportRequests' },
  'GET /api/support-requests/{id}': { operationId: 'getSupportRequest' },
  'POST /api/support-requests/{id}/messages': {
    operationId: 'addSupportRequestMessage',
    codes: ['support_request_closed'],
  },

  'GET /api/operator/tenants': { operationId: 'operatorListTenants' },
  'POST /api/operator/tenants': { operationId: 'operatorCreateTenant', codes: ['user_email_taken'] },
  'GET /api/operator/tenants/{id}': { operationId: 'operatorGetTenant' },
  'GET /api/operator/orders': { operationId: 'operatorListOrders' },
  'GET /api/operator/support-requests': { operationId: 'operatorListSupportRequests' },
  'GET /api/operator/support-requests/{id}': { operationId: 'operatorGetSupportRequest' },
  'POST /api/operator/support-requests/{id}/messages': {
    operationId: 'operatorAnswerSupportRequest',
    codes: ['support_request_closed'],
  },
  'POST /api/operator/support-requests/{id}/resolve': {
    operationId: 'operatorResolveSupportRequest',
    codes: ['support_request_closed', 'support_request_type_invalid', 'already_cancelled'],
  },
  'POST /api/operator/billing/run': { operationId: 'operatorRunBilling' },
  'POST /api/operator/clock': { operationId: 'operatorAdvanceClock', codes: ['forbidden'] },
  'POST /api/operator/test-clocks': {
    operationId: 'operatorCreateTestClock',
    codes: ['test_mode_required', 'test_clock_exists', 'test_clock_cannot_go_back', 'not_found'],
  },
  'GET /api/operator/test-clocks': { operationId: 'operatorListTestClocks' },
  'GET /api/operator/test-clocks/{id}': { operationId: 'operatorGetTestClock', codes: ['not_found'] },
  'POST /api/operator/test-clocks/{id}/advance': {
    operationId: 'operatorAdvanceTestClock',
    codes: ['test_mode_required', 'test_clock_advancing', 'test_clock_cannot_go_back', 'not_found'],
  },
  'DELETE /api/operator/test-clocks/{id}': {
    operationId: 'operatorDeleteTestClock',
    codes: ['test_clock_advancing', 'not_found'],
  },
  'GET /api/test-clocks': { operationId: 'listTestClocks' },
  'GET /api/test-clocks/{id}': { operationId: 'getTestClock', codes: ['not_found'] },
  'POST /api/test-clocks/{id}/advance': {
    operationId: 'advanceTestClock',
    codes: ['test_mode_required', 'test_clock_advancing', 'test_clock_cannot_go_back', 'not_found'],
  },

  'POST /api/auth/second-step': {
    operationId: 'completeSignIn',
    codes: ['invalid_second_factor', 'too_many_requests'],
  },
  'GET /api/me/sessions': { operationId: 'listMySessions' },
  'DELETE /api/me/sessions/{id}': { operationId: 'endMySession' },
  'POST /api/me/sessions/sign-out-everywhere': { operationId: 'signOutEverywhere' },
  'POST /api/me/password': { operationId: 'changeMyPassword', codes: ['invalid_credentials'] },
  'GET /api/me/two-step': { operationId: 'getMyTwoStep' },
  'POST /api/me/two-step/enrol': { operationId: 'startTwoStepEnrolment', codes: ['conflict'] },
  'POST /api/me/two-step/confirm': {
    operationId: 'confirmTwoStep',
    codes: ['invalid_second_factor', 'conflict'],
  },
  'POST /api/me/two-step/disable': {
    operationId: 'disableTwoStep',
    codes: ['invalid_second_factor', 'conflict'],
  },
  'GET /api/tenant/security': { operationId: 'getTenantSecurity' },
  'PUT /api/tenant/security': { operationId: 'setTenantSecurity', codes: ['conflict'] },
  'DELETE /api/users/{id}/api-tokens': { operationId: 'revokeUserApiTokens' },

  'GET /api/billing/profile': { operationId: 'getBillingProfile', etag: true },
  'PUT /api/billing/profile': {
    operationId: 'setBillingProfile',
    etag: true,
    codes: ['precondition_failed'],
  },
  'GET /api/invoices/{id}/pdf': { operationId: 'downloadInvoicePdf' },
  'POST /api/invoices/{id}/pay': {
    operationId: 'payInvoice',
    codes: [...paymentCodes, 'invoice_not_open', 'payment_in_progress'],
  },
  'GET /api/operator/invoices/{id}': { operationId: 'operatorGetInvoice' },
  'POST /api/operator/invoices/{id}/bank-transfers': {
    operationId: 'recordBankTransfer',
    codes: ['invoice_not_open', 'amount_exceeds_amount_due', 'bank_transfer_reference_reused'],
  },

  'GET /api/events/types': { operationId: 'listEventTypes' },
  'GET /api/events': { operationId: 'listEvents' },
  'GET /api/events/{id}': { operationId: 'getEvent' },
  'GET /api/notification-preferences': { operationId: 'getNotificationPreferences' },
  'PUT /api/notification-preferences': { operationId: 'setNotificationPreferences' },
  'GET /api/operator/mail': { operationId: 'operatorListMail' },
  'GET /api/operator/mail/{id}': { operationId: 'operatorGetMail' },
  'GET /api/operator/mail/{id}/eml': { operationId: 'operatorDownloadMail' },
  'POST /api/operator/notifications/sweep': { operationId: 'operatorSweepNotifications' },

  'GET /api/webhooks/endpoints': { operationId: 'listWebhookEndpoints' },
  'POST /api/webhooks/endpoints': {
    operationId: 'createWebhookEndpoint',
    codes: ['webhook_url_not_allowed'],
  },
  'GET /api/webhooks/endpoints/{id}': { operationId: 'getWebhookEndpoint' },
  'PATCH /api/webhooks/endpoints/{id}': {
    operationId: 'updateWebhookEndpoint',
    codes: ['webhook_url_not_allowed'],
  },
  'DELETE /api/webhooks/endpoints/{id}': { operationId: 'deleteWebhookEndpoint' },
  'POST /api/webhooks/endpoints/{id}/rotate-secret': { operationId: 'rotateWebhookSecret' },
  'GET /api/webhooks/endpoints/{id}/deliveries': { operationId: 'listWebhookDeliveries' },
  'GET /api/webhooks/deliveries/{id}': { operationId: 'getWebhookDelivery' },
  'POST /api/webhooks/deliveries/{id}/resend': { operationId: 'resendWebhookDelivery' },
  'GET /api/operator/webhooks/endpoints': { operationId: 'operatorListWebhookEndpoints' },
  'POST /api/operator/webhooks/endpoints': {
    operationId: 'operatorCreateWebhookEndpoint',
    codes: ['webhook_url_not_allowed'],
  },
  'GET /api/operator/webhooks/endpoints/{id}': { operationId: 'operatorGetWebhookEndpoint' },
  'PATCH /api/operator/webhooks/endpoints/{id}': {
    operationId: 'operatorUpdateWebhookEndpoint',
    codes: ['webhook_url_not_allowed'],
  },
  'DELETE /api/operator/webhooks/endpoints/{id}': { operationId: 'operatorDeleteWebhookEndpoint' },
  'POST /api/operator/webhooks/endpoints/{id}/rotate-secret': { operationId: 'operatorRotateWebhookSecret' },
  'GET /api/operator/webhooks/endpoints/{id}/deliveries': { operationId: 'operatorListWebhookDeliveries' },
  'GET /api/operator/webhooks/deliveries/{id}': { operationId: 'operatorGetWebhookDelivery' },
  'POST /api/operator/webhooks/deliveries/{id}/resend': { operationId: 'operatorResendWebhookDelivery' },
};

/** Tags in the order an integrator meets them, each with what it is for. */
export const openApiTags = [
  {
    name: 'security',
    description:
      'Your own account (sessions, password, two-step sign-in) and the tenant’s sign-in rules. See docs/security.md.',
  },
  {
    name: 'events',
    description:
      'What happened in the tenant, as the notifications and webhooks carry it; the event catalog.',
  },
  {
    name: 'notifications',
    description: 'Which emails you receive, and in which language. See docs/notifications.md.',
  },
  {
    name: 'webhooks',
    description:
      'HTTPS endpoints that receive signed events (HMAC-SHA256), with retries for up to 3 days. See docs/webhooks.md.',
  },
  { name: 'instance', description: 'What this server is: its cloud, currency, locale and policy numbers.' },
  {
    name: 'auth',
    description:
      'Who is calling. Scripts send an API token (`Authorization: Bearer bct_…`); the admin center ' +
      'signs in with a password and gets a session cookie.',
  },
  {
    name: 'catalog',
    description:
      'Products, offers and prices of this cloud, and which add-ons a tenant can buy on which plan.',
  },
  {
    name: 'checkout',
    description:
      'Quote, then place an order. Send an `Idempotency-Key` on `POST /api/orders` so a retry never buys twice.',
  },
  {
    name: 'subscriptions',
    description:
      'Your products: quantities, recurring billing and cancellation. Send the `ETag` you read as ' +
      '`If-Match` to refuse a change made meanwhile (412).',
  },
  {
    name: 'payments',
    description: 'Saved payment methods: cards (tokenised by the gateway) and pay by invoice.',
  },
  { name: 'billing', description: 'Invoices and credit notes.' },
  { name: 'users', description: 'The users of a tenant, one by one or imported from CSV.' },
  { name: 'licenses', description: 'Assign and unassign the licenses a tenant bought.' },
  { name: 'tokens', description: 'API tokens for scripts; each acts with the role of its user.' },
  { name: 'audit', description: 'Who changed what in the tenant, newest first.' },
  {
    name: 'support',
    description: 'Support requests, e.g. to remove a traditional add-on, which only support can do.',
  },
  {
    name: 'operator',
    description:
      'The instance operator (`Authorization: Bearer <operator token>`): tenants, support, billing runs.',
  },
  {
    name: 'test-clocks',
    description:
      'Test mode only: a test clock attached to your organization by the operator, which you can advance ' +
      'to try renewals, reminders and dunning. See docs/test-clocks.md.',
  },
];

export const openApiInfo = {
  title: 'Billing Center API',
  description:
    'Seat-based SaaS subscriptions and add-ons: catalog, checkout, subscriptions, licenses, support.\n\n' +
    'Errors are RFC 9457 `application/problem+json` with a stable `code` (each code always has the ' +
    'same HTTP status); every operation lists the codes it can answer with. `title`, `detail` and ' +
    '`hint` (and names and sentences of other answers) are in the reader’s language: an explicit `?lang=` ' +
    'where a route offers it, else `Accept-Language` (quality values honoured), else the organization’s ' +
    'locale, else English; the server speaks en-US, fr-FR, de-DE and zh-CN. A problem about one input ' +
    'points at it in `errors[].path`. Amounts are integers in minor units of ' +
    'the tenant’s currency (1250 = 12.50).',
  version: '0.1.0',
  contact: { name: 'Billing Center', url: 'https://billing-center.dev' },
  license: { name: 'MIT', identifier: 'MIT' },
};

export const openApiServers = [
  {
    url: '{origin}',
    description: 'Your Billing Center server (`npm start` listens on http://127.0.0.1:3000)',
    variables: {
      origin: { default: 'http://127.0.0.1:3000', description: 'Scheme, host and port of the server' },
    },
  },
];

/** The problem+json body as a reusable component. */
const problemComponent = {
  type: 'object',
  description: 'RFC 9457 problem details. `code` is stable; the other texts may be reworded or translated.',
  required: ['type', 'title', 'status', 'code', 'detail', 'instance'],
  properties: {
    type: { type: 'string', description: 'A URL naming the problem type, derived from `code`' },
    title: { type: 'string', description: 'Short, human-readable summary of the problem type' },
    status: { type: 'integer', description: 'The HTTP status' },
    code: {
      type: 'string',
      enum: Object.keys(errorCodes),
      description: 'Stable, machine-readable error code',
    },
    detail: { type: 'string', description: 'What went wrong with this request' },
    instance: { type: 'string', description: 'The path of the request' },
    hint: { type: 'string', description: 'What to do about it, when the server knows' },
    errors: {
      type: 'array',
      description: 'Per-field problems of a `validation_failed` answer',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: { path: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
  additionalProperties: true,
};

const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

interface OperationObject {
  operationId?: string;
  security?: unknown[];
  parameters?: { in: string }[];
  requestBody?: unknown;
  responses?: Record<string, unknown>;
  [key: string]: unknown;
}

interface OpenApiDocument {
  paths?: Record<string, Partial<Record<(typeof methods)[number], OperationObject>>>;
  components?: { schemas?: Record<string, unknown>; [key: string]: unknown };
  [key: string]: unknown;
}

/** Every operation of a document as "METHOD /path" with its object. */
export function operationsOf(document: OpenApiDocument): [string, OperationObject][] {
  const out: [string, OperationObject][] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of methods) {
      const operation = item[method];
      if (operation) out.push([`${method.toUpperCase()} ${path}`, operation]);
    }
  }
  return out;
}

/** The codes an operation can answer with: those of its kind, then its own. */
export function errorCodesOf(key: string, operation: OperationObject): ErrorCode[] {
  const path = key.slice(key.indexOf(' ') + 1);
  const codes = new Set<ErrorCode>(['unauthenticated']);
  const isPublic = Array.isArray(operation.security) && operation.security.length === 0;
  if (path.startsWith('/api/operator/')) codes.add('operator_only');
  else if (!isPublic && key !== 'POST /api/auth/login' && key !== 'POST /api/auth/logout')
    codes.add('forbidden');
  if (operation.parameters?.length || operation.requestBody) codes.add('validation_failed');
  if (operation.requestBody) {
    codes.add('invalid_json');
    codes.add('unsupported_media_type');
    codes.add('payload_too_large');
  }
  // Cookie-authenticated changes need a same-origin request with the CSRF header (docs/security.md).
  if (!isPublic && !key.startsWith('GET ') && !path.startsWith('/api/operator/')) codes.add('csrf_rejected');
  // A tenant that requires two-step sign-in lets an admin without it only set it up.
  if (!isPublic && !path.startsWith('/api/operator/') && !path.startsWith('/api/me'))
    codes.add('two_step_enrolment_required');
  if (path.includes('{')) codes.add('uri_too_long');
  // Another tenant's id answers exactly like a missing one.
  if (path.includes('{')) codes.add('not_found');
  for (const code of operationDocs[key]?.codes ?? []) codes.add(code);
  // A change that lost a deadlock or a serialization failure to another one (inTransaction):
  // nothing was changed, the client may retry.
  if (!key.startsWith('GET ')) codes.add('conflict');
  // PostgreSQL down or unreachable: a 503 with Retry-After, on every operation.
  codes.add('service_unavailable');
  codes.add('internal_error');
  return [...codes];
}

function errorResponse(codes: ErrorCode[]) {
  return {
    description: `Problem: ${codes.map((c) => `\`${c}\``).join(', ')}`,
    content: {
      'application/problem+json': {
        schema: {
          allOf: [
            { $ref: '#/components/schemas/Problem' },
            {
              type: 'object',
              // type and title repeated so that each half reads as problem details on its own
              // (Redocly's operation-4xx-problem-details-rfc7807, as openapi-typescript runs it).
              properties: {
                type: { type: 'string' },
                title: { type: 'string' },
                code: { type: 'string', enum: codes },
              },
            },
          ],
        },
      },
    },
  };
}

/**
 * Adds operationIds, the documented error responses, the Problem component and tags to the
 * document @fastify/swagger generated. Error responses declared by routes are replaced: the
 * codes here are the single source.
 */
export function decorateOpenApi<T extends object>(input: T): T {
  const document = input as OpenApiDocument;
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, Problem: problemComponent },
  };
  for (const [key, operation] of operationsOf(document)) {
    const doc = operationDocs[key];
    if (doc) operation.operationId = doc.operationId;
    const byStatus = new Map<number, ErrorCode[]>();
    for (const code of errorCodesOf(key, operation)) {
      const status = statusForCode(code);
      byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
    }
    const responses: Record<string, unknown> = {};
    for (const [status, value] of Object.entries(operation.responses ?? {})) {
      if (Number(status) >= 400) continue;
      const response = { ...(value as { description?: string; headers?: Record<string, unknown> }) };
      // @fastify/swagger says "Default Response"; the summary says what comes back.
      if (response.description === 'Default Response' && typeof operation.summary === 'string') {
        response.description = operation.summary;
      }
      if (doc?.etag) {
        response.headers = {
          ...response.headers,
          ETag: {
            description: 'Version of the subscription, e.g. "v3": send it as If-Match to change it',
            schema: { type: 'string' },
          },
        };
      }
      responses[status] = response;
    }
    for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
      responses[String(status)] = errorResponse(codes);
    }
    operation.responses = responses;
  }
  return input;
}
