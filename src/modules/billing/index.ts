export {
  insertInvoice,
  insertInvoices,
  listInvoices,
  findInvoice,
  listOpenInvoicesOfSubscription,
  creditOpenInvoice,
  markInvoicePaid,
  findInvoiceOfOrder,
  voidInvoice,
} from './invoices.repository.js';
export type { InvoiceLine, NewInvoiceInput } from './invoices.repository.js';
export { monthsOf, termEndFor, firstPeriodEnd, nextPeriodEnd, prorationDays, validOffers } from './terms.js';
export { lockMoneyPath, lockMoneyPaths } from './money-locks.repository.js';
export {
  billingProfileInputSchema,
  billingProfileSchema,
  loadBillingProfile,
  saveBillingProfile,
} from './billing-profile.js';
export type { BillingProfileInput, BillingProfileView } from './billing-profile.js';
export { renderInvoicePdf, formatInvoiceMoney, formatInvoiceDate, taxByRate } from './invoice-pdf.js';
export { invoiceLocales, invoiceLocaleFor, invoiceWords } from './invoice-pdf.text.js';
export type { InvoiceLocale } from './invoice-pdf.text.js';
export { paymentStatusOf, amountDueOf } from './invoice-status.js';
export type { InvoicePaymentStatus } from './invoice-status.js';
export {
  invoiceSchema,
  toInvoiceView,
  inReaderLanguage,
  bankTransferSchema,
  toBankTransferView,
} from './invoice-view.js';
export type { InvoiceView } from './invoice-view.js';
export {
  lockInvoice,
  findInvoiceAnyTenant,
  addInvoicePayment,
  setInvoicePaymentMethod,
  findBankTransfer,
  insertBankTransfer,
  listBankTransfers,
  listOverdueInvoices,
  setDunningStage,
  subscriptionIdsOf,
  insertSuspension,
  listActiveSuspensions,
  isSuspendedByOtherInvoice,
  findActiveSuspension,
  markSuspensionLifted,
} from './collection.repository.js';
