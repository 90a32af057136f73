import { z } from 'zod';

export const createApiTokenBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(100).describe('What the token is for, e.g. "HR sync script"'),
  userId: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe('The user the token acts as (its role decides what it may do); yourself when absent'),
});
export type CreateApiTokenInput = z.infer<typeof createApiTokenBodySchema>;

export const apiTokenViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  userId: z.string(),
  userEmail: z.string(),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
});
export type ApiTokenView = z.infer<typeof apiTokenViewSchema>;

export const createdApiTokenSchema = apiTokenViewSchema.extend({
  token: z.string().describe('The secret (bct_…), shown this once only: store it now'),
});
