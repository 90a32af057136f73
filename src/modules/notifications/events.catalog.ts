import { z } from 'zod';
import { recordSchema } from '../records/index.js';

/**
 * The event catalog: every event Billing Center emits, the shape of its `data` (version
 * `eventApiVersion`), and who hears about it by email. Webhook payloads and emails are both
 * built from these records, so what an integrator receives and what an admin reads agree.
 *
 * Versioning: fields are only ever added to a version. Removing or changing a field means a
 * new `eventApiVersion`, announced in docs/webhooks.md.
 */
export const eventApiVersion = '2026-11-26';

const money = z.number().int().describe('Integer minor units of `currency` (cents, fen)');
const isoDate = z.string().describe('ISO 8601 date-time, UTC');

export const eventDataSchemas = {
  'order.placed': z.object({
    orderId: z.string(),
    currency: z.string(),
    subtotal: money,
    tax: money,
    totalDueToday: money,
    paymentMethod: z.enum(['card', 'invoice', 'none']),
    invoiceId: z.string(),
    invoiceNumber: z.string(),
    lines: z.array(
      z.object({
        productId: z.string(),
        subscriptionId: z.string(),
        quantity: z.number().int(),
        amount: money,
      }),
    ),
  }),
  'subscription.quantity_changed': z.object({
    subscriptionId: z.string(),
    productId: z.string(),
    change: z.enum(['increase', 'decrease', 'scheduled_decrease', 'scheduled_decrease_withdrawn']),
    from: z.number().int(),
    to: z.number().int(),
    effectiveAt: isoDate,
    currency: z.string(),
    total: money.describe('Charged (positive) or credited (negative) now, tax included'),
    invoiceId: z.string().nullable(),
  }),
  'subscription.recurring_billing_changed': z.object({
    subscriptionId: z.string(),
    productId: z.string(),
    recurringBilling: z.boolean(),
    termEnd: isoDate,
    expiresAt: isoDate.nullable().describe('When recurring billing is off: the day it expires'),
  }),
  'subscription.renewal_reminder': z.object({
    subscriptionId: z.string(),
    productId: z.string(),
    daysBefore: z.number().int().describe('30 or 7'),
    termEnd: isoDate,
    quantity: z.number().int(),
    renewalQuantity: z.number().int().describe('The quantity it renews with (a scheduled decrease applied)'),
    currency: z.string(),
    periodAmount: money.describe('Price of one billing period after renewal, before tax'),
  }),
  'subscription.renewed': z.object({
    subscriptionId: z.string(),
    productId: z.string(),
    quantity: z.number().int(),
    termStart: isoDate,
    termEnd: isoDate,
    invoiceId: z.string(),
    currency: z.string(),
    total: money,
  }),
  'payment.failed': z.object({
    subscriptionId: z.string(),
    productId: z.string(),
    attempt: z.number().int(),
    currency: z.string(),
    amount: money,
    paymentMethodId: z.string().nullable(),
    nextAttemptAt: isoDate,
    expiresAt: isoDate.describe('Expires on this day if no payment succeeds before'),
  }),
  'invoice.issued': z.object({
    invoiceId: z.string(),
    number: z.string(),
    kind: z.enum(['order', 'quantity_change', 'renewal', 'period', 'credit']),
    status: z.string(),
    currency: z.string(),
    total: money,
    dueAt: isoDate,
    subscriptionId: z.string().nullable(),
    orderId: z.string().nullable(),
  }),
  'invoice.overdue': z.object({
    invoiceId: z.string(),
    number: z.string(),
    currency: z.string(),
    total: money,
    dueAt: isoDate,
    subscriptionId: z.string().nullable(),
  }),
  'credit_note.issued': z.object({
    creditNoteId: z.string(),
    number: z.string(),
    currency: z.string(),
    total: money.describe('Negative: what is given back or taken off, tax included'),
    creditedInvoiceId: z.string().nullable().describe('The open invoice it reduced, if any'),
    subscriptionId: z.string().nullable(),
    orderId: z.string().nullable(),
  }),
  'invoice.dunning_stage_changed': z.object({
    invoiceId: z.string(),
    number: z.string(),
    stage: z
      .enum(['first_reminder', 'second_reminder', 'warning', 'suspended'])
      .describe('Reminders, then a final warning, then suspension of what it bills'),
    currency: z.string(),
    amountDue: money,
    dueAt: isoDate,
    suspensionAt: isoDate.describe('When the subscriptions it bills are (or were) suspended if unpaid'),
    subscriptionId: z.string().nullable(),
    suspendedSubscriptionIds: z
      .array(z.string())
      .describe('At stage `suspended`: the subscriptions disabled until it is paid'),
  }),
  'subscription.expired': z.object({
    subscriptionId: z.string(),
    productId: z.string(),
    disabledAt: isoDate.nullable(),
  }),
  'subscription.disabled': z.object({
    subscriptionId: z.string(),
    productId: z.string(),
    deletedAt: isoDate.nullable(),
  }),
  'subscription.about_to_be_deleted': z.object({
    subscriptionId: z.string(),
    productId: z.string(),
    deletedAt: isoDate,
  }),
  'support_request.updated': z.object({
    supportRequestId: z.string(),
    subject: z.string().describe('As typed, or the English text of subjectRecord'),
    subjectRecord: recordSchema
      .nullable()
      .optional()
      .describe('The subject as data, for a subject the server words (docs/records.md)'),
    status: z.enum(['open', 'resolved', 'rejected']),
    change: z.enum(['message', 'resolved', 'rejected']),
    message: z.string().nullable(),
    currency: z.string(),
    creditAmount: money.nullable(),
  }),
  'license.assigned': z.object({
    userId: z.string(),
    email: z.string(),
    displayName: z.string(),
    productId: z.string(),
  }),
} as const;

export type EventType = keyof typeof eventDataSchemas;
export type EventData<T extends EventType> = z.infer<(typeof eventDataSchemas)[T]>;
export const eventTypes = Object.keys(eventDataSchemas) as EventType[];

export function isEventType(value: string): value is EventType {
  return Object.hasOwn(eventDataSchemas, value);
}

/**
 * Email audience per event. `essential` mail cannot be turned off: it is about money owed or
 * service about to stop. Everything else an admin may opt out of.
 */
export const eventEmail: Record<EventType, { audience: 'admins' | 'user'; essential: boolean }> = {
  'order.placed': { audience: 'admins', essential: false },
  'subscription.quantity_changed': { audience: 'admins', essential: false },
  'subscription.recurring_billing_changed': { audience: 'admins', essential: false },
  'subscription.renewal_reminder': { audience: 'admins', essential: true },
  'subscription.renewed': { audience: 'admins', essential: false },
  'payment.failed': { audience: 'admins', essential: true },
  'invoice.issued': { audience: 'admins', essential: false },
  'invoice.overdue': { audience: 'admins', essential: true },
  'credit_note.issued': { audience: 'admins', essential: false },
  'invoice.dunning_stage_changed': { audience: 'admins', essential: true },
  'subscription.expired': { audience: 'admins', essential: true },
  'subscription.disabled': { audience: 'admins', essential: true },
  'subscription.about_to_be_deleted': { audience: 'admins', essential: true },
  'support_request.updated': { audience: 'admins', essential: false },
  'license.assigned': { audience: 'user', essential: false },
};

export const optionalEmailTypes = eventTypes.filter(
  (t) => eventEmail[t].audience === 'admins' && !eventEmail[t].essential,
);

/** The webhook body: the same for every endpoint and attempt, so its signature is checkable. */
export function eventEnvelopeSchema() {
  return z.discriminatedUnion(
    'type',
    eventTypes.map((type) =>
      z.object({
        id: z.string(),
        object: z.literal('event'),
        type: z.literal(type),
        apiVersion: z.literal(eventApiVersion),
        createdAt: isoDate,
        tenantId: z.string(),
        data: eventDataSchemas[type],
      }),
    ) as unknown as [z.ZodObject<z.ZodRawShape>, ...z.ZodObject<z.ZodRawShape>[]],
  );
}
