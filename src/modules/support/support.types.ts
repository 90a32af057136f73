import { z } from 'zod';
import { recordSchema } from '../records/index.js';

export const supportRequestTypeSchema = z.enum(['remove_traditional_addon', 'general']);

export const createSupportRequestSchema = z.strictObject({
  type: supportRequestTypeSchema,
  subscriptionId: z.string().max(100).optional().describe('Required for remove_traditional_addon'),
  subject: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe(
      'A general request’s subject, kept as typed. Ignored for remove_traditional_addon: its subject is the removal of its add-on, in each reader’s language',
    ),
  description: z.string().trim().max(5000).default(''),
});
export type CreateSupportRequest = z.input<typeof createSupportRequestSchema>;

export const supportMessageSchema = z.object({
  authorType: z.enum(['tenant', 'operator']),
  authorId: z.string().nullable(),
  body: z.string(),
  createdAt: z.date(),
});

export const supportRequestSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  type: supportRequestTypeSchema,
  subscriptionId: z.string().nullable(),
  subject: z
    .string()
    .describe(
      'In the reader’s language (Accept-Language, else the tenant’s locale): `subjectRecord` rendered, or the subject as typed',
    ),
  subjectRecord: recordSchema
    .nullable()
    .describe('The subject as data; null when it is what the author typed'),
  description: z.string(),
  status: z.enum(['open', 'resolved', 'rejected']),
  resolution: z.string().nullable(),
  creditAmount: z.number().int().nullable(),
  creditInvoiceId: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  resolvedAt: z.date().nullable(),
  messages: z.array(supportMessageSchema),
});
export type SupportRequestView = z.infer<typeof supportRequestSchema>;

export const resolveSupportRequestSchema = z.strictObject({
  action: z
    .enum(['remove_addon', 'close', 'reject'])
    .describe('remove_addon ends the traditional add-on now, with the credit the policy allows'),
  resolution: z.string().trim().min(1).max(5000),
});
