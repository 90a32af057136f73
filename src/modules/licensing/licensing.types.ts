import type { Message } from '../../shared/messages/index.js';
import { z } from 'zod';

/** Subscription statuses whose quantity still counts as purchased licenses (PRODUCT.md §5). */
export const countingStatuses = ['active', 'warning', 'expired', 'disabled'] as const;

const userIdsSchema = z
  .array(z.string().min(1).max(100))
  .min(1)
  .max(1000)
  .describe('Users of your tenant, in the order licenses should be given when there are not enough for all');

export const assignLicensesBodySchema = z.strictObject({ userIds: userIdsSchema });
export type AssignLicensesBody = z.infer<typeof assignLicensesBodySchema>;

export const unassignLicensesBodySchema = z.strictObject({
  userIds: userIdsSchema,
  cascade: z
    .boolean()
    .default(false)
    .describe('Also unassign the add-on licenses that would be left without an eligible base license'),
});
export type UnassignLicensesBody = z.infer<typeof unassignLicensesBodySchema>;

export const licenseSummaryItemSchema = z.object({
  productId: z.string(),
  names: z.record(z.string(), z.string()).describe('Product name per language (en, fr, …)'),
  kind: z.enum(['base', 'addon']),
  unit: z.enum(['user', 'gb', 'credit']),
  assignable: z.boolean().describe('Per-user products only; storage and credits are tenant-wide'),
  purchased: z.number().int(),
  assigned: z.number().int(),
  available: z.number().int(),
});
export type LicenseSummaryItem = z.infer<typeof licenseSummaryItemSchema>;

/** Why one user of a bulk request was refused; each is also an AppError code. */
export const licenseRefusalCodes = [
  'not_found',
  'license_already_assigned',
  'no_licenses_available',
  'base_license_required',
  'license_not_assigned',
  'base_license_in_use',
] as const;
export type LicenseRefusalCode = (typeof licenseRefusalCodes)[number];

/** The outcome for one user of an assign or unassign request. */
export interface LicenseChangeResult {
  userId: string;
  status: 'assigned' | 'unassigned' | 'refused';
  code: LicenseRefusalCode | null;
  /** Why it was refused, rendered in the reader's language by the route. */
  message: Message | null;
  hint: Message | null;
  details: Record<string, unknown> | null;
  /** Add-on licenses removed with this one (`cascade: true`). */
  alsoUnassigned: string[];
}

export const licenseChangeResultSchema = z.object({
  userId: z.string(),
  status: z.enum(['assigned', 'unassigned', 'refused']),
  code: z.enum(licenseRefusalCodes).nullable(),
  message: z.string().nullable(),
  hint: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
  alsoUnassigned: z.array(z.string()).describe('Add-on licenses removed along with this one'),
});

export const licenseAssignmentSchema = z.object({
  userId: z.string(),
  email: z.string(),
  displayName: z.string(),
  assignedAt: z.date(),
});
export type LicenseAssignmentView = z.infer<typeof licenseAssignmentSchema>;

export interface AutoAssignUser {
  userId: string;
  email: string;
  displayName: string;
}

export interface AutoAssignReport {
  assigned: AutoAssignUser[];
  notAssigned: (AutoAssignUser & { reason: 'no_license_left' | 'no_eligible_base_license' })[];
}

export interface ReleasedLicense {
  userId: string;
  email: string;
  productId: string;
}
