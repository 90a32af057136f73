export {
  insertInvoice,
  listInvoices,
  findInvoice,
  listOpenInvoicesOfSubscription,
  creditOpenInvoice,
  markInvoicePaid,
  findInvoiceOfOrder,
  voidInvoice,
} from './invoices.repository.js';
export type { InvoiceLine } from './invoices.repository.js';
export { monthsOf, termEndFor, firstPeriodEnd, nextPeriodEnd, prorationDays, validOffers } from './terms.js';
export { lockMoneyPath } from './money-locks.repository.js';
