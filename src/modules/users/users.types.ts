import { msg, schemaMessage, type Message } from '../../shared/messages/index.js';
import { z } from 'zod';
import type { Role } from '../../db/schema.js';
import { newPasswordSchema, roleSchema } from '../tenants/index.js';

const emailSchema = z.email().max(320);
const displayNameSchema = z.string().trim().min(1).max(200);
const passwordSchema = newPasswordSchema.describe(
  'Lets the user sign in to the admin center: at least 12 characters, not a common or breached password',
);

export const createUserBodySchema = z.strictObject({
  email: emailSchema,
  displayName: displayNameSchema,
  role: roleSchema.default('user'),
  password: passwordSchema.optional(),
});
export type CreateUserInput = z.infer<typeof createUserBodySchema>;

export const updateUserBodySchema = z
  .strictObject({
    email: emailSchema.optional(),
    displayName: displayNameSchema.optional(),
    role: roleSchema.optional(),
    password: passwordSchema.optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), {
    message: schemaMessage(msg.schemaAtLeastOneField()),
  });
export type UpdateUserInput = z.infer<typeof updateUserBodySchema>;

export const listUsersQuerySchema = z.strictObject({
  search: z
    .string()
    .trim()
    .max(200)
    .optional()
    .describe('Part of the email or display name, case-insensitive'),
  role: roleSchema.optional(),
  hasLicenseFor: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe('Only users holding a license of this product id'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ListUsersQuery = z.infer<typeof listUsersQuerySchema>;

export const userViewSchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: roleSchema,
  canSignIn: z.boolean().describe('Whether a password is set'),
  licenses: z.array(z.string()).describe('Product ids of the licenses the user holds'),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type UserView = z.infer<typeof userViewSchema>;

export const userListSchema = z.object({
  items: z.array(userViewSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});
export type UserList = z.infer<typeof userListSchema>;

/** Why a CSV row was skipped or refused. A closed list, so scripts can act on it. */
export const importRowCodes = [
  'invalid_email',
  'invalid_display_name',
  'invalid_role',
  'wrong_field_count',
  'malformed_quotes',
  'user_email_taken',
  'duplicate_in_file',
  'not_applied',
] as const;
export type ImportRowCode = (typeof importRowCodes)[number];

/** One data row of a users CSV, after parsing: either a user to create or what is wrong with it. */
export type UsersCsvRow =
  | { row: number; ok: true; email: string; displayName: string; role: Role }
  | { row: number; ok: false; email: string; code: ImportRowCode; message: Message };

export interface ImportRowReport {
  /** Record number in the file, the header being row 1 (what a spreadsheet shows). */
  row: number;
  email: string;
  status: 'created' | 'skipped' | 'error';
  code: ImportRowCode | null;
  /** What happened to the row, rendered in the reader's language by the route. */
  message: Message;
  userId: string | null;
}

export interface ImportReport {
  /** False when `atomic` was asked and a row had an error: nothing was created. */
  applied: boolean;
  created: number;
  skipped: number;
  errors: number;
  rows: ImportRowReport[];
}

export const importReportSchema = z.object({
  applied: z.boolean().describe('False when atomic=true and a row had an error: nothing was created'),
  created: z.number().int(),
  skipped: z.number().int(),
  errors: z.number().int(),
  rows: z.array(
    z.object({
      row: z.number().int().describe('Record number in the file; the header is row 1'),
      email: z.string(),
      status: z.enum(['created', 'skipped', 'error']),
      code: z.enum(importRowCodes).nullable(),
      message: z.string(),
      userId: z.string().nullable(),
    }),
  ),
});
