import type { LocaleCatalog } from './types.js';
import type { MessageFormat } from './format.js';
import type { Template } from './message.js';

type F = MessageFormat;
/** A commitment or billing frequency, as the API spells it. */
type Term = 'monthly' | 'annual';
/** A role, as the API spells it. */
type Role = 'global_admin' | 'billing_admin' | 'license_admin' | 'user';
const roles = {
  global_admin: 'Global admin',
  billing_admin: 'Billing admin',
  license_admin: 'License admin',
  user: 'User',
};

/**
 * English: the reference catalog. Each entry is one sentence; its parameter type is the contract
 * every other locale implements. Parameters typed `string` may be given as `localized(names)` or
 * as another message: they arrive here already in the reader's language.
 */
export const enUSMessages = {
  // schema messages (zod checks of our own: schemaMessage)
  schemaCountryCode: () => 'an ISO 3166-1 alpha-2 country code such as US, FR, DE or CN',
  schemaPaymentMethodId: () => 'a payment method id from the gateway (pm_…)',
  schemaWholeNumber: () => 'a whole number',
  schemaNotZero: () => 'must not be 0',
  schemaQuantityOrDelta: () => 'send either quantity or delta',
  schemaAtLeastOneField: () => 'Send at least one field to change',
  // http
  requestInvalid: (p: { summary: string }) => `The request is not valid: ${p.summary}`,
  contentTypeRefused: (p: { contentType: string }) => `Content-Type ${p.contentType} is not accepted here.`,
  sendJson: () => 'Send application/json (or text/csv for imports).',
  bodyNotJson: () => 'The request body is not valid JSON.',
  bodyTooLarge: () => 'The request body is too large.',
  addressPartTooLong: () => 'A part of the address is too long: no id is that long.',
  addressBadEncoding: () => 'The address is not valid (bad %-encoding).',
  requestRefused: (p: { reason: string }) => `The request was refused: ${p.reason}`,
  serverFailed: () => 'The request failed on the server; nothing was changed.',
  // checkout
  itemRepeatsItem: (p: { item: number; first: number }) => `Item ${p.item} repeats item ${p.first}.`,
  putQuantityOnOneItem: () => 'Put the whole quantity on one item.',
  productNotSold: (p: { productId: string }) => `No product ${p.productId} is sold.`,
  listProductsToBuy: () => 'GET /api/catalog/products lists what can be bought.',
  productNotSoldInCloud: (p: { product: string; cloud: string }) =>
    `${p.product} is not sold in the ${p.cloud} cloud.`,
  quantityOutOfBoundsAsked: (p: { product: string; min: number; max: number; quantity: number }) =>
    `${p.product} is sold in quantities from ${p.min} to ${p.max}; you asked for ${p.quantity}.`,
  addonNeedsBasePlan: (p: { product: string; required: string[] }, f: F) =>
    `${p.product} needs an active subscription to one of: ${f.or(p.required)}.`,
  buyBasePlanFirst: () => 'Buy one of these base plans first.',
  subscriptionCannotCarry: (p: { subscriptionId: string; product: string }) =>
    `Subscription ${p.subscriptionId} cannot carry ${p.product}: it is not an active subscription to an eligible plan.`,
  noSuchSubscriptionInTenant: (p: { subscriptionId: string }) =>
    `No subscription ${p.subscriptionId} in this tenant.`,
  chooseOneBase: (p: { product: string; count: number }) =>
    `${p.product} attaches to one base subscription and ${p.count} qualify; choose one.`,
  sendBaseSubscriptionId: () => 'Send baseSubscriptionId with one of the listed subscriptions.',
  addonAlreadyOnSubscription: (p: { product: string; subscriptionId: string }) =>
    `${p.product} is already on subscription ${p.subscriptionId}.`,
  changeExistingAddonQuantity: () =>
    'Change the quantity of the existing add-on instead (Your products › Add-ons › Change quantity).',
  addonAtMostBase: (p: { product: string; max: number }) =>
    `${p.product} can have at most ${p.max} licenses, the quantity of its base subscription.`,
  cotermedWithBase: (p: { product: string; billingFrequency: Term; commitment: Term }) =>
    `${p.product} is co-termed with its base subscription, billed ${p.billingFrequency} on a ${p.commitment} commitment.`,
  useBaseTerms: (p: { billingFrequency: Term; commitment: Term }) =>
    `Use billingFrequency "${p.billingFrequency}" and commitment "${p.commitment}", or leave them out.`,
  commitmentNotBilled: (p: { commitment: Term; billingFrequency: Term }) =>
    `A ${p.commitment} commitment cannot be billed ${p.billingFrequency}.`,
  offerNotInCurrency: (p: { product: string; commitment: Term; billingFrequency: Term; currency: string }) =>
    `${p.product} is not offered with a ${p.commitment} commitment billed ${p.billingFrequency} in ${p.currency}.`,
  // catalog
  productNotSoldHere: (p: { productId: string; cloud: string }) =>
    `No product "${p.productId}" is sold in the ${p.cloud} cloud.`,
  listInstanceProducts: () => 'GET /api/catalog/products lists the products of this instance.',
  catalogNotImportable: (p: { source: string; summary: string }) =>
    `The catalog from ${p.source} cannot be imported: ${p.summary}`,
  addonOnEveryBase: (p: { product: string }) =>
    `${p.product} is already on every subscription that can carry it; change its quantity instead.`,
  addonNeedsOneOfPlans: (p: { product: string; required: string[] }, f: F) =>
    `${p.product} needs an active subscription to one of these plans: ${f.or(p.required)}.`,
  addonHasNoPrice: (p: { product: string; currency: string }) =>
    `${p.product} has no price in ${p.currency}.`,
  catalogNotValid: (p: { summary: string; more: number }) =>
    `The catalog is not valid: ${p.summary}${p.more ? ` (+${p.more} more)` : ''}`,
  fixCatalogErrors: () =>
    'Fix every entry of `errors` (path and line in the document), then send it again. Nothing was imported.',
  headingAddOn: () => 'Add-on',
  headingAvailableWith: () => 'Available with',
  tenantNotFound: () => 'Tenant not found.',
  // subscriptions
  cardDeclined: () => 'The card was declined.',
  cardInsufficientFunds: () => 'The card has insufficient funds.',
  quantityNotChangedPayOther: () =>
    'The quantity was not changed. Pay with another method (paymentMethodId) and submit again.',
  subscriptionNotActiveQuantity: (p: { product: string; status: string }) =>
    `${p.product} is ${p.status}; its quantity cannot change.`,
  quantityOutOfBounds: (p: { product: string; min: number; max: number }) =>
    `${p.product} is sold in quantities from ${p.min} to ${p.max}.`,
  alreadyHasQuantity: (p: { product: string; quantity: number }) => `${p.product} already has ${p.quantity}.`,
  addToBaseFirst: () => 'Add licenses to the base subscription first.',
  addonHasMoreLicenses: (p: { addon: string; quantity: number }) =>
    `${p.addon} on this subscription has ${p.quantity} licenses; the base cannot go below that.`,
  reduceAddonFirst: () => 'Reduce the add-on first.',
  licensesAssignedUnassignFirst: (p: { assigned: number; product: string; toUnassign: number; to: number }) =>
    `${p.assigned} ${p.product} licenses are assigned; unassign ${p.toUnassign} before reducing to ${p.to}.`,
  unassignLicenses: (p: { count: number; productId: string }) =>
    `Unassign ${p.count} license(s): POST /api/licenses/${p.productId}/unassign.`,
  addingLicensesChargedNow: () => 'Adding licenses is charged now: add a payment method first.',
  otherChangePaymentRunning: () => 'A payment for another change of this subscription is still being made.',
  readAgainAndRetry: () => 'Read the subscription again in a moment and retry.',
  gatewaySilentQuantity: () => 'The payment service did not answer; the quantity is not changed yet.',
  readSubscriptionInAMinute: () =>
    'Read the subscription in a minute: the change is applied, or undone, once the payment is known.',
  // idempotency
  /** A sentence stored before the catalogs existed (an old idempotent refusal), in its languages. */
  storedText: (p: { text: string }) => p.text,
  idempotencyKeyLength: () => 'Idempotency-Key must be 1 to 255 characters.',
  idempotencyKeyReused: () => 'This Idempotency-Key was already used with a different request.',
  useNewKey: () => 'Use a new key for a new request; reuse a key only to retry the very same request.',
  // orders and invoices
  cardFundsShort: () => 'The card does not have enough funds for this amount.',
  cardDeclinedByIssuer: () => 'The card was declined by its issuer.',
  nothingBoughtUseAnotherCard: () =>
    'Nothing was bought. Use another card or pay by invoice, then place the order again.',
  paymentFailed: () => 'The payment did not go through.',
  paymentRefunded: (p: { reason: string }) => `${p.reason} The payment is refunded.`,
  orderCostChanged: () => 'The order no longer costs what was charged; nothing was bought.',
  firstRequestStillRunning: () => 'The first request with this Idempotency-Key is still running.',
  retryLaterSameKey: () =>
    'Retry later with the same key: you will get its answer, and nothing is charged twice.',
  gatewaySilentOrder: () => 'The payment service did not answer; the order is not confirmed yet.',
  retrySameIdempotencyKey: () =>
    'Retry with the same Idempotency-Key: the card is never charged twice, and the answer comes once the payment is known.',
  somethingDueChoosePayment: () => 'Something is due today: choose how to pay.',
  sendPaymentShape: () =>
    'Send payment: {method: "saved", paymentMethodId} or {method: "card", paymentMethodId: "pm_…"} or {method: "invoice"}.',
  invoiceNotFound: (p: { id: string }) => `Invoice ${p.id} not found.`,
  invoiceNotOpen: (p: { number: string; status: string }) =>
    `Invoice ${p.number} is ${p.status}: nothing is owed on it.`,
  transferAlreadyRecorded: (
    p: { reference: string; number: string; amount: number; currency: string; receivedOn: string },
    f: F,
  ) =>
    `Transfer ${p.reference} was already recorded on ${p.number} with ${f.money(p.amount, p.currency)} received on ${p.receivedOn}.`,
  invoiceOwesLess: (p: { number: string; due: number; amount: number; currency: string }, f: F) =>
    `Invoice ${p.number} owes ${f.money(p.due, p.currency)}, less than ${f.money(p.amount, p.currency)}.`,
  recordAtMostDue: () => 'Record at most the amount due; refund or credit the rest outside Billing Center.',
  payInvoiceByCard: () => 'Pay an invoice with a card; bank transfers are recorded when they arrive.',
  invoicePaymentInProgress: (p: { number: string }) =>
    `A payment of ${p.number} is in progress; its outcome is not known yet.`,
  reloadInvoiceLater: () =>
    'It is recorded and will be settled by reconciliation; reload the invoice later rather than paying again.',
  invoiceStillOpenPayAnother: () => 'The invoice is still open. Pay with another card.',
  invoiceNoLongerOwesRefunded: (p: { number: string }) =>
    `Invoice ${p.number} no longer owes what was charged; the payment is refunded.`,
  // sign-in and security
  authorizationHeaderShape: () => 'The Authorization header must be "Bearer <token>".',
  apiTokenUnknown: () => 'The API token is unknown or revoked.',
  signInOrSendToken: () => 'Sign in, or send an API token as "Authorization: Bearer <token>".',
  operatorCannotActForTenant: () => 'This route acts for a tenant; the operator credential cannot use it.',
  roleDoesNotAllow: (p: { role: Role; permission: string }) =>
    `The ${roles[p.role]} role does not allow ${p.permission}.`,
  sendOperatorCredential: () => 'Send the operator credential as "Authorization: Bearer <token>".',
  emailOrPasswordWrong: () => 'The email or password is wrong.',
  emailInSeveralTenants: () => 'This email signs in to several tenants; say which one.',
  sendTenantId: () => 'Send tenantId with the login.',
  enterAuthenticatorCode: () => 'Enter the code of your authenticator app (or a recovery code).',
  postSecondStep: () => 'POST /api/auth/second-step with {"code": "123456"} and the cookie just set.',
  signInWithPasswordFirst: () => 'Sign in with your password first.',
  codeWrongOrUsed: () => 'The code is wrong or was already used.',
  csrfOrigin: (p: { origin: string }) => `Requests from ${p.origin} may not change anything here.`,
  csrfFetchSite: (p: { fetchSite: string }) => `A ${p.fetchSite} request may not change anything here.`,
  csrfOriginMissing: () =>
    'A change made with the session cookie must say where it comes from (Origin header).',
  csrfHeaderMissing: (p: { value: string }) =>
    `A change made with the session cookie must carry the header X-Requested-With: ${p.value}.`,
  useAdminCenterOrToken: () =>
    'Use the admin center, or call the API with an API token (Authorization: Bearer …) instead of the session cookie.',
  sendOneOf: (p: { types: string[] }, f: F) => `Send ${f.or(p.types)}.`,
  hostileString: (p: { where: string }) => `${p.where} holds a NUL byte or an unpaired UTF-16 surrogate.`,
  hostileStringShort: () => 'NUL bytes and unpaired surrogates are not allowed',
  organisationRequiresTwoStep: () =>
    'Your organisation requires two-step sign-in for admins: set it up first.',
  openMyAccountSecurity: () =>
    'Open My account › Security in the admin center (POST /api/me/two-step/enrol, then /confirm).',
  tooManySignIns: (p: { seconds: number }) =>
    `Too many sign-in attempts from your address: try again in ${p.seconds} s.`,
  currentPasswordWrong: () => 'The current password is wrong.',
  userNotFound: () => 'User not found.',
  noSession: (p: { id: string }) => `No session ${p.id}.`,
  twoStepAlreadyOn: () => 'Two-step sign-in is already on: turn it off first to use another app.',
  startWithEnrol: () => 'Start with POST /api/me/two-step/enrol.',
  codeDoesNotMatch: () => 'The code does not match: check the time of your device.',
  organisationRequiresTwoStepShort: () => 'Your organisation requires two-step sign-in for admins.',
  globalAdminCanChange: () => 'A Global admin can change that in Settings › Security.',
  userNotFoundId: (p: { id: string }) => `No user ${p.id}.`,
  noRoute: (p: { method: string; path: string }) => `No route ${p.method} ${p.path}.`,
  seeApiDocs: () => 'See /api/docs for the routes this server offers.',
  concurrentChange: () => 'Another change to the same data ran at the same time; nothing was changed.',
  readCurrentStateAndRetry: () => 'Read the current state again, then retry.',
  // users and licenses
  csvHeaderShape: () =>
    'The first line must name the columns: email,displayName,role (role optional), or in French: adresse e-mail,nom complet,rôle.',
  csvQuoteNotClosed: (p: { line: number }) => `A quoted field opened on line ${p.line} is never closed.`,
  csvEmpty: () => 'The file is empty.',
  csvUnknownColumn: (p: { column: string }) => `Unknown column "${p.column}" in the header.`,
  csvColumnTwice: (p: { column: string }) => `The column "${p.column}" appears twice in the header.`,
  csvMissingColumn: (p: { column: string }) => `The header has no "${p.column}" column.`,
  csvTooManyRows: (p: { rows: number; max: number }) =>
    `The file has ${p.rows} rows; at most ${p.max} can be imported at once.`,
  listUsers: () => 'GET /api/users lists the users of your tenant.',
  emailTaken: (p: { email: string }) => `A user with the email ${p.email} already exists.`,
  lastGlobalAdminDelete: () => 'This user is the last Global admin of the tenant and cannot be deleted.',
  lastGlobalAdminRole: () => 'This user is the last Global admin of the tenant and must keep that role.',
  makeAnotherGlobalAdmin: () => 'Make another user a Global admin first.',
  noApiToken: (p: { id: string }) => `No API token ${p.id}.`,
  listTokens: () => 'GET /api/tokens lists the tokens of your tenant.',
  billingProfileChanged: () => 'The billing profile was changed by someone else; reload it.',
  tooManyAccountFailures: (p: { seconds: number }) =>
    `Too many failed attempts for this account: try again in ${p.seconds} s.`,
  eachFailureDoublesWait: () =>
    'Each further failure doubles the wait. An administrator can set a new password meanwhile.',
  noProductId: (p: { id: string }) => `No product ${p.id}.`,
  listLicensedProducts: () => 'GET /api/licenses lists the products your tenant has licenses for.',
  licenseSharedByTenant: (p: { product: string; unit: 'gb' | 'credit' | 'user' }) =>
    `${p.product} is ${p.unit === 'gb' ? 'storage in GB' : 'prepaid credit'}, shared by the whole tenant; it is not assigned to users.`,
  noUserInTenant: (p: { userId: string }) => `No user ${p.userId} in this tenant.`,
  userAlreadyHasLicense: (p: { email: string; product: string }) =>
    `${p.email} already has a ${p.product} license.`,
  needsBaseLicenseOnUser: (p: { product: string; bases: string[]; email: string }, f: F) =>
    `${p.product} needs a license of ${f.or(p.bases)} on the same user; ${p.email} has none.`,
  assignBaseLicenseFirst: () => 'Assign an eligible base plan license to this user first.',
  licensesWentToEarlierUsers: (p: {
    available: number;
    product: string;
    purchased: number;
    assigned: number;
  }) =>
    `Only ${p.available} ${p.product} license(s) were available (${p.purchased} purchased, ${p.assigned} assigned); they went to the users listed earlier in this request.`,
  noLicenseAvailable: (p: { product: string; purchased: number; assigned: number }) =>
    `No ${p.product} license is available: ${p.purchased} purchased, ${p.assigned} assigned.`,
  buyMoreOrUnassign: () => 'Buy more licenses, or unassign some first.',
  userHasNoLicense: (p: { email: string; product: string }) => `${p.email} has no ${p.product} license.`,
  addonLicenseNeedsThis: (p: { email: string; dependents: string[]; product: string }, f: F) =>
    `${p.email} has ${f.and(p.dependents)}, which needs this ${p.product} license.`,
  unassignAddonsFirstOrCascade: () =>
    'Unassign the add-on licenses first, or send "cascade": true to unassign them too.',
  csvRowEmailTaken: () => 'A user with this email already exists; left unchanged.',
  csvRowCreated: () => 'Created.',
  csvRowDuplicate: (p: { earlier: number }) => `The same email is on row ${p.earlier}.`,
  csvRowNotApplied: (p: { rows: string }) =>
    `Not imported: the import is atomic and row(s) ${p.rows} have errors.`,
  csvRowInvalidRole: (p: { role: string }) =>
    `Unknown role "${p.role}"; use global_admin, billing_admin, license_admin or user.`,
  csvRowInvalidDisplayName: () => 'The display name must have between 1 and 200 characters.',
  csvRowInvalidEmail: (p: { email: string }) => `"${p.email}" is not a valid email address.`,
  csvRowFieldCount: (p: { fields: number; columns: number }) =>
    `The row has ${p.fields} fields; the header has ${p.columns}. Quote values that contain a delimiter.`,
  csvRowMalformedQuotes: () =>
    'A closing quote is followed by text; double the quotes inside a quoted field ("").',
  // support, webhooks, payment methods, cancellation
  supportRequestNotFound: (p: { id: string }) => `Support request ${p.id} not found.`,
  removalNamesAddon: () => 'A removal request names the add-on: send subscriptionId.',
  subscriptionNotFound: (p: { id: string }) => `Subscription ${p.id} not found.`,
  onlyTraditionalNeedsSupport: () =>
    'Only a traditional add-on needs support to be removed; cancel this subscription or turn off its recurring billing.',
  subscriptionAlreadyEnded: (p: { id: string }) => `Subscription ${p.id} has already ended.`,
  supportRequestClosed: (p: { id: string; status: string }) => `Support request ${p.id} is ${p.status}.`,
  openNewRequest: () => 'Open a new request.',
  supportRequestAlreadyClosed: (p: { id: string; status: string }) =>
    `Support request ${p.id} is already ${p.status}.`,
  onlyRemovalRemoves: () => 'Only a removal request can remove an add-on.',
  webhookEndpointNotFound: (p: { id: string }) => `Webhook endpoint ${p.id} not found.`,
  webhookUrlRefused: (p: { url: string; reason: string }) => `Webhook URL ${p.url}: ${p.reason}.`,
  webhookNotUrl: () => 'not a URL',
  webhookCredentials: () => 'credentials in the URL are not allowed',
  webhookLoopback: () => 'loopback addresses are refused unless BILLING_CENTER_WEBHOOKS_ALLOW_LOCALHOST=true',
  webhookHttpsOnly: () => 'the URL must start with https://',
  useHttpsUrl: () => 'Use an https:// URL your server can receive POST requests on.',
  unknownEventTypes: (p: { types: string[] }) => `Unknown event type(s): ${p.types.join(', ')}.`,
  knownEventTypes: (p: { types: readonly string[] }) => `Known types: ${p.types.join(', ')}, or "*" for all.`,
  webhookDeliveryNotFound: (p: { id: string }) => `Webhook delivery ${p.id} not found.`,
  webhookDeliverySending: (p: { id: string }) => `Webhook delivery ${p.id} is being sent right now.`,
  waitThenResend: () => 'Wait for this attempt to finish, then resend if needed.',
  emailsNotOptional: (p: { types: string[] }) => `These emails cannot be turned off: ${p.types.join(', ')}.`,
  onlyTheseOptional: (p: { types: readonly string[] }) =>
    `Only these can: ${p.types.join(', ')}. Emails about payments and service ending are always sent.`,
  unsupportedLanguage: (p: { locale: string }) => `Unsupported language ${p.locale}.`,
  gatewaySilentTryAgain: () => 'The payment service did not answer. Try again in a moment.',
  useAnotherCardOrInvoice: () => 'Use another card or pay by invoice.',
  cardNotAccepted: () => 'The card was not accepted by the payment service.',
  sendPaymentMethodId: () =>
    'Send the id of a payment method created in the browser (pm_…), or a test id such as pm_card_visa.',
  paymentMethodNotFound: (p: { id: string }) => `Payment method ${p.id} not found.`,
  traditionalAddonNotRemovable: (p: { product: string }) =>
    `${p.product} is a traditional add-on: once bought it cannot be removed by an administrator.`,
  openSupportRequestToRemove: (p: { subscriptionId: string }) =>
    `Open a support request to have it removed: POST /api/support-requests {"type": "remove_traditional_addon", "subscriptionId": "${p.subscriptionId}"}.`,
  cancellationWindowClosed: (p: { product: string; until: string; hours: number }) =>
    `${p.product} can be cancelled with a refund only until ${p.until}, ${p.hours} hours after purchase or renewal.`,
  turnOffRecurringInstead: (p: { termEnd: string; subscriptionId: string }) =>
    `Turn off recurring billing instead; the subscription then ends on ${p.termEnd}: PATCH /api/subscriptions/${p.subscriptionId} {"recurringBilling": false}.`,
  subscriptionChanged: (p: { id: string; version: number; sent: number }) =>
    `Subscription ${p.id} changed since you read it (version ${p.version}, you sent ${p.sent}).`,
  readAgainCheckRetry: () =>
    'Read it again, check the change still makes sense, and retry with the new ETag.',
  // operator, notifications, orders
  emailHasNoEml: (p: { id: string }) => `Email ${p.id} has no .eml file (sent by SMTP, or not yet).`,
  emailNotFound: (p: { id: string }) => `Email ${p.id} not found.`,
  eventNotFound: (p: { id: string }) => `Event ${p.id} not found.`,
  clockNotManual: () => 'The clock can be moved only when BILLING_CENTER_MANUAL_CLOCK=true.',
  ifMatchShape: (p: { header: string }) =>
    `If-Match must be an ETag from this API, such as "v3"; got ${p.header}.`,
  orderNotFound: (p: { id: string }) => `Order ${p.id} not found.`,
  subscriptionChangedWhilePaid: (p: { id: string }) =>
    `Subscription ${p.id} changed while its period was being paid.`,
  addonFollowsBase: (p: { product: string }) =>
    `${p.product} is a traditional add-on: it renews or ends with its base subscription.`,
  changeRecurringOnBase: (p: { baseSubscriptionId: string }) =>
    `Change recurring billing on the base subscription ${p.baseSubscriptionId}.`,
  subscriptionNotActiveRecurring: (p: { product: string; status: string }) =>
    `${p.product} is ${p.status}; recurring billing cannot change.`,
  webhookAddressRefused: (p: { url: string; loopback: boolean }) =>
    `Webhook URL ${p.url}: ${p.loopback ? 'a loopback' : 'a private, link-local or reserved'} address is refused.`,
  webhookAllowLoopbackHint: () =>
    'Use a public https:// URL; an operator may allow loopback with BILLING_CENTER_WEBHOOKS_ALLOW_LOCALHOST=true.',
  webhookAllowPrivateHint: () =>
    'Use a public https:// URL; an operator may allow private networks with BILLING_CENTER_WEBHOOKS_ALLOW_PRIVATE_NETWORKS=true.',
  databaseUnavailable: () => 'The database cannot be reached right now; the request was not completed.',
  retryAfterHint: () =>
    'Retry in a few seconds (see Retry-After). A request sent with an Idempotency-Key can be retried with the same key: nothing is done twice.',
  amountBelowMinimum: (p: { amount: number; minimum: number; currency: string }, f: F) =>
    `${f.money(p.amount, p.currency)} is less than the smallest card payment the payment service accepts (${f.money(p.minimum, p.currency)}).`,
  amountBelowMinimumHint: () =>
    'Pay this amount by invoice (bank transfer), or buy more at once so that the amount due reaches the minimum. Nothing was charged or changed.',
  subscriptionChangedDuringPayment: () =>
    'The subscription changed while the payment was being made; the quantity was not changed.',
  readSubscriptionSubmitAgain: () => 'Read the subscription again and submit the change again.',
  baseNowHasLicenses: (p: { quantity: number }) =>
    `The base subscription now has ${p.quantity} licenses; the add-on cannot have more.`,
  paymentRefundedAfter: (p: { reason: string }) => `${p.reason} The payment is refunded.`,
  testModeRequired: () =>
    'Test clocks exist only in test mode: this instance charges real cards through live Stripe.',
  testModeHint: () => 'Use the built-in test gateway or a Stripe test key (sk_test_…) on a test instance.',
  testClockNotFound: (p: { id: string }) => `Test clock ${p.id} was not found.`,
  testClockBeforeInstance: () => 'A test clock cannot start before the instance time.',
  giveTimeAtOrAfter: (p: { time: string }) => `Give a frozenTime at or after ${p.time}.`,
  tenantIdNotFound: (p: { id: string }) => `Tenant ${p.id} was not found.`,
  testClockExists: (p: { tenantId: string }) => `Tenant ${p.tenantId} already has a test clock.`,
  advanceOrDeleteClockHint: () => 'Advance that clock, or delete it first.',
  testClockAdvancing: (p: { id: string }) => `Test clock ${p.id} is already advancing.`,
  waitUntilClockReadyHint: () => 'Wait until its status is ready again.',
  timeOrDurationNotBoth: () => 'Give either frozenTime or a duration, not both.',
  testClockOnlyForward: () => 'A test clock only moves forward.',
  giveTimeAfter: (p: { time: string }) => `Give a time after ${p.time}.`,
  testClockMaxAdvance: () => 'A test clock advances at most three years at a time.',
  // (new messages above this line)
} satisfies Record<string, Template>;

export const enUS: LocaleCatalog = {
  titles: {
    validation_failed: 'The request is not valid',
    invalid_json: 'The body is not valid JSON',
    unauthenticated: 'Sign-in required',
    invalid_credentials: 'Wrong email or password',
    forbidden: 'Your role does not allow this',
    operator_only: 'Operator credential required',
    not_found: 'Not found',
    conflict: 'Conflict',
    precondition_failed: 'The resource changed since you read it',
    precondition_required: 'If-Match header required',
    idempotency_key_reused: 'Idempotency key already used with another request',
    idempotency_key_in_flight: 'A request with this idempotency key is still running',
    payment_declined: 'The payment was declined',
    insufficient_funds: 'Insufficient funds',
    payment_method_required: 'A payment method is required',
    card_invalid: 'The card is not valid',
    payment_gateway_unavailable: 'The payment service did not answer',
    addon_already_on_base: 'This subscription already has this add-on',
    unsupported_media_type: 'Unsupported content type',
    product_not_found: 'No such product',
    product_not_available_in_cloud: 'Not sold in this cloud',
    offer_not_available: 'No such offer',
    price_not_available: 'No price in your currency',
    not_an_addon: 'Not an add-on',
    base_subscription_required: 'Choose a base subscription',
    base_subscription_not_eligible: 'This subscription cannot carry the add-on',
    no_eligible_base_subscription: 'You need an eligible base plan first',
    quantity_out_of_bounds: 'Quantity out of bounds',
    quantity_exceeds_base: 'More add-on licenses than base licenses',
    billing_frequency_mismatch: 'Billing frequency must match the base subscription',
    duplicate_item: 'The same product appears twice',
    catalog_invalid: 'The catalog is not valid',
    subscription_not_active: 'The subscription is not active',
    quantity_unchanged: 'The quantity is unchanged',
    quantity_below_assigned: 'Fewer licenses than are assigned',
    quantity_below_addons: 'Fewer licenses than an add-on of this subscription',
    cancellation_window_closed: 'Cancellation is no longer possible',
    traditional_addon_not_removable: 'A traditional add-on cannot be removed',
    follows_base_subscription: 'This add-on follows its base subscription',
    already_cancelled: 'Already ended',
    license_not_assignable: 'This product is not assigned to users',
    license_already_assigned: 'License already assigned',
    license_not_assigned: 'License not assigned',
    no_licenses_available: 'No licenses available',
    base_license_required: 'The user needs an eligible base license',
    base_license_in_use: 'An add-on license depends on this base license',
    user_email_taken: 'Email already in use',
    last_global_admin: 'Last Global admin',
    csv_invalid: 'The CSV file is not valid',
    support_request_closed: 'Support request closed',
    support_request_type_invalid: 'Wrong support request type',
    invoice_not_open: 'The invoice is not open',
    amount_exceeds_amount_due: 'More than the invoice still owes',
    bank_transfer_reference_reused: 'This transfer reference was recorded with other values',
    payment_in_progress: 'A payment of this invoice is in progress',
    tenant_exists: 'Tenant exists',
    csrf_rejected: 'Request refused: it did not come from the admin center',
    too_many_requests: 'Too many attempts',
    payload_too_large: 'The request body is too large',
    uri_too_long: 'The address is too long',
    second_factor_required: 'Two-step verification code required',
    invalid_second_factor: 'The verification code is wrong',
    two_step_enrolment_required: 'Set up two-step sign-in first',
    internal_error: 'Something went wrong on our side',
    amount_below_minimum: 'Amount below the smallest card payment',
    test_mode_required: 'Only in test mode',
    test_clock_exists: 'The tenant already has a test clock',
    test_clock_advancing: 'The test clock is advancing',
    test_clock_cannot_go_back: 'A test clock only moves forward',
    webhook_url_not_allowed: 'Webhook address not allowed',
    service_unavailable: 'The service is unavailable for a moment',
  },
  messages: enUSMessages,
};
