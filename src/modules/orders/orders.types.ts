import { z } from 'zod';
import { msg, schemaMessage } from '../../shared/messages/index.js';

export const billingFrequencySchema = z.enum(['monthly', 'annual']);
export const commitmentSchema = z.enum(['monthly', 'annual']);

export const checkoutItemSchema = z.strictObject({
  productId: z.string().min(1).max(100),
  quantity: z.number().int(schemaMessage(msg.schemaWholeNumber())).min(1).max(1_000_000),
  billingFrequency: billingFrequencySchema
    .optional()
    .describe('Defaults to the commitment; a traditional add-on defaults to its base subscription’s'),
  commitment: commitmentSchema.optional().describe('Term length; defaults to the billing frequency'),
  baseSubscriptionId: z
    .string()
    .max(100)
    .optional()
    .describe('For a traditional add-on: the subscription it attaches to (required when several qualify)'),
  autoAssign: z
    .boolean()
    .default(false)
    .describe('Assign licenses to every user who has none, oldest first, up to the quantity'),
});
export type CheckoutItem = z.input<typeof checkoutItemSchema>;

/** A payment method created in the browser at the gateway: the server never sees a card number. */
export const paymentMethodIdSchema = z
  .string()
  .regex(/^pm_\w{1,200}$/, schemaMessage(msg.schemaPaymentMethodId()))
  .describe('The gateway payment method (pm_…) the browser created, or a test id such as pm_card_visa');

export const paymentChoiceSchema = z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('saved'), paymentMethodId: z.string().min(1).max(100) }),
  z.strictObject({
    method: z.literal('card'),
    paymentMethodId: paymentMethodIdSchema,
    save: z
      .boolean()
      .default(true)
      .describe('Keep the card (attached to the tenant’s gateway customer) for later payments'),
    makeDefault: z
      .boolean()
      .default(false)
      .describe('Make the kept card the method renewals are charged to (only with save)'),
  }),
  z.strictObject({ method: z.literal('invoice') }),
]);
export type PaymentChoice = z.input<typeof paymentChoiceSchema>;

export const quoteRequestSchema = z.strictObject({
  items: z.array(checkoutItemSchema).min(1).max(20),
});

export const placeOrderRequestSchema = z.strictObject({
  items: z.array(checkoutItemSchema).min(1).max(20),
  payment: paymentChoiceSchema.optional().describe('Required when something is due today'),
});

export const coTermSchema = z
  .object({
    baseSubscriptionId: z.string(),
    termEndsAt: z.date().describe('The add-on’s term ends with its base’s'),
    currentPeriodEndsAt: z.date().describe('The first charge is prorated to the base’s current period end'),
    billingFrequency: billingFrequencySchema.describe('Billed as the base is'),
    commitment: commitmentSchema,
  })
  .describe('A traditional add-on is co-termed with its base subscription: it ends and is billed with it');

/** How an amount due is collected: charged to a card now, or due on an invoice the tenant pays. */
export const collectionSchema = z
  .enum(['charge_now', 'invoice', 'credit', 'none'])
  .describe(
    'charge_now: charged now to a card; invoice: due on an invoice (the payment method is invoice); ' +
      'credit: credited back; none: nothing to collect',
  );
export type Collection = z.infer<typeof collectionSchema>;

/** How `amount` is collected with a payment method of this type (none: the tenant has none yet). */
export function collectionOf(
  methodType: 'card' | 'invoice' | 'none' | undefined,
  amount: number,
): Collection {
  if (amount < 0) return 'credit';
  if (amount === 0) return 'none';
  return methodType === 'invoice' ? 'invoice' : 'charge_now';
}

export const quoteLineSchema = z.object({
  itemIndex: z.number().int(),
  productId: z.string(),
  productName: z.string(),
  kind: z.enum(['base', 'traditional_addon', 'standalone_addon']),
  unit: z.enum(['user', 'gb', 'credit']),
  quantity: z.number().int(),
  commitment: commitmentSchema,
  billingFrequency: billingFrequencySchema,
  baseSubscriptionId: z.string().nullable(),
  unitAmount: z.number().int().describe('Price of one unit for one billing period, minor units'),
  periodAmount: z.number().int().describe('unitAmount × quantity: what each full billing period costs'),
  periodStart: z.date(),
  periodEnd: z.date(),
  termEnd: z.date(),
  proratedDays: z.number().int(),
  periodDays: z.number().int(),
  prorated: z.boolean(),
  amount: z.number().int().describe('Charged today before tax'),
  taxRateBasisPoints: z.number().int(),
  tax: z.number().int(),
  total: z.number().int(),
  periodTax: z.number().int(),
  coTerm: coTermSchema.nullable(),
});
export type QuoteLine = z.infer<typeof quoteLineSchema>;

export const checkoutProblemSchema = z.object({
  itemIndex: z.number().int().nullable(),
  field: z
    .enum(['productId', 'quantity', 'billingFrequency', 'baseSubscriptionId'])
    .nullable()
    .describe('The item field the problem is about, for forms that show it next to that field'),
  path: z
    .string()
    .optional()
    .describe(
      'Where that field sits in the request, like the `errors[].path` of a problem (`body.items.0.quantity`)',
    ),
  code: z.string(),
  message: z
    .string()
    .describe('In the language of the request (?lang=, Accept-Language, the organization’s)'),
  hint: z.string().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type CheckoutProblem = z.infer<typeof checkoutProblemSchema>;

export const quoteSchema = z.object({
  valid: z.boolean(),
  currency: z.string(),
  lines: z.array(quoteLineSchema),
  subtotal: z.number().int(),
  tax: z.number().int(),
  totalDueToday: z.number().int(),
  totalPerPeriod: z
    .record(z.string(), z.number().int())
    .describe('What recurs, tax included, keyed by billing frequency (monthly, annual)'),
  problems: z.array(checkoutProblemSchema),
  collection: collectionSchema.describe(
    'How totalDueToday would be collected with the tenant’s default payment method (a card when it has none)',
  ),
  defaultPaymentMethodId: z.string().nullable(),
});
export type Quote = z.infer<typeof quoteSchema>;

export const autoAssignReportSchema = z.object({
  productId: z.string(),
  assigned: z.array(z.object({ userId: z.string(), email: z.string(), displayName: z.string() })),
  notAssigned: z.array(
    z.object({ userId: z.string(), email: z.string(), displayName: z.string(), reason: z.string() }),
  ),
});

export const orderSchema = z.object({
  id: z.string(),
  status: z.enum(['completed', 'failed']),
  createdAt: z.date(),
  currency: z.string(),
  subtotal: z.number().int(),
  tax: z.number().int(),
  totalDueToday: z.number().int(),
  totalPerPeriod: z.record(z.string(), z.number().int()),
  lines: z.array(
    quoteLineSchema
      .omit({ itemIndex: true, coTerm: true })
      .extend({ subscriptionId: z.string().nullable(), lineNo: z.number() }),
  ),
  payment: z
    .object({
      id: z.string().nullable(),
      method: z.enum(['card', 'invoice', 'none']),
      status: z.string(),
      paymentMethodId: z.string().nullable(),
      declineCode: z.string().nullable(),
      message: z.string().nullable(),
    })
    .describe('The payment attempt'),
  collection: collectionSchema.describe('How totalDueToday was collected'),
  invoice: z.object({ id: z.string(), number: z.string(), status: z.string() }).nullable(),
  subscriptionIds: z.array(z.string()),
  autoAssign: z.array(autoAssignReportSchema),
});
export type OrderView = z.infer<typeof orderSchema>;
