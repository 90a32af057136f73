import type { BillingFrequency, Commitment } from '../../db/schema.js';
import { addMonths, wholeDaysBetween } from '../../shared/dates.js';

export function monthsOf(length: Commitment | BillingFrequency): number {
  return length === 'monthly' ? 1 : 12;
}

export function termEndFor(start: Date, commitment: Commitment, anchorDay = start.getUTCDate()): Date {
  return addMonths(start, monthsOf(commitment), anchorDay);
}

/**
 * The first billing period of a term starting at `start`: a month for monthly billing, the
 * whole term for annual billing (an annual commitment billed annually).
 */
export function firstPeriodEnd(start: Date, billing: BillingFrequency, termEnd: Date): Date {
  const end = addMonths(start, monthsOf(billing));
  return end.getTime() > termEnd.getTime() ? termEnd : end;
}

export function nextPeriodEnd(
  periodEnd: Date,
  billing: BillingFrequency,
  termEnd: Date,
  anchorDay: number,
): Date {
  const end = addMonths(periodEnd, monthsOf(billing), anchorDay);
  return end.getTime() > termEnd.getTime() ? termEnd : end;
}

/** Whole days left in a period, and its length, for proration (PRODUCT.md §5). */
export function prorationDays(
  now: Date,
  periodStart: Date,
  periodEnd: Date,
): { remaining: number; total: number } {
  const total = Math.max(1, wholeDaysBetween(periodStart, periodEnd));
  return { remaining: Math.min(total, wholeDaysBetween(now, periodEnd)), total };
}

export const validOffers: ReadonlyArray<{ commitment: Commitment; billingFrequency: BillingFrequency }> = [
  { commitment: 'monthly', billingFrequency: 'monthly' },
  { commitment: 'annual', billingFrequency: 'monthly' },
  { commitment: 'annual', billingFrequency: 'annual' },
];
