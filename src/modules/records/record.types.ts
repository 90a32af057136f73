import { z } from 'zod';

/**
 * What a stored record (an invoice or credit-note line, a support request's subject) says, as
 * data: a kind and its parameters. The words are chosen when someone reads it, in their
 * language (`renderRecord`); nothing is stored as a sentence except what a person typed.
 */
export type ProductUnitKind = 'user' | 'gb' | 'credit';

interface ProductRef {
  productId: string;
  /** What a quantity counts (licenses, GB, credits): says "+2 licenses" rather than "+2". */
  unit: ProductUnitKind;
}

export interface RecordParams {
  /** A line of an order's invoice: the quantity bought. */
  'line.order': ProductRef & { quantity: number };
  /** A quantity increase, charged for the days left in the period. */
  'line.quantity_increase': ProductRef & {
    from: number;
    to: number;
    delta: number;
    days: number;
    periodDays: number;
  };
  /** A quantity decrease within the cancellation window, credited for the days left. */
  'line.quantity_decrease': ProductRef & {
    from: number;
    to: number;
    delta: number;
    days: number;
    periodDays: number;
  };
  /** A subscription ended with a refund (cancellation, removal by support): its credit. */
  'line.cancellation_credit': ProductRef & { quantity: number; days: number; periodDays: number };
  /** A renewal's first period. */
  'line.renewal': ProductRef & { quantity: number; periodStart: string; periodEnd: string };
  /** A later period of a term billed monthly. */
  'line.billing_period': ProductRef & { quantity: number; periodStart: string; periodEnd: string };
  /** A support request to remove a traditional add-on. */
  'support.remove_addon': { productId: string; subscriptionId: string };
  /** A general support request opened without a subject. */
  'support.general': Record<string, never>;
  /** Words stored as they are: a subject someone typed, or an old row nothing could be read from. */
  text: { text: string };
}

export type RecordKind = keyof RecordParams;

/** Every kind, listed once: the compiler checks this list against `RecordParams`. */
const kindList: { [K in RecordKind]: true } = {
  'line.order': true,
  'line.quantity_increase': true,
  'line.quantity_decrease': true,
  'line.cancellation_credit': true,
  'line.renewal': true,
  'line.billing_period': true,
  'support.remove_addon': true,
  'support.general': true,
  text: true,
};
export const recordKinds = Object.keys(kindList) as RecordKind[];

export type StoredRecord = { [K in RecordKind]: { kind: K; params: RecordParams[K] } }[RecordKind];

/** One record, typed by its kind. */
export function record<K extends RecordKind>(kind: K, params: RecordParams[K]): StoredRecord {
  return { kind, params } as StoredRecord;
}

export function isStoredRecord(value: unknown): value is StoredRecord {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { kind?: unknown; params?: unknown };
  return (
    typeof v.kind === 'string' &&
    (recordKinds as string[]).includes(v.kind) &&
    typeof v.params === 'object' &&
    v.params !== null
  );
}

/** The record as the API returns it (the rendered text comes beside it). */
export const recordSchema = z
  .object({
    kind: z.enum(recordKinds as [RecordKind, ...RecordKind[]]),
    params: z
      .record(z.string(), z.union([z.string(), z.number(), z.null()]))
      .describe(
        'The facts the text is made from: productId, unit, quantity, from, to, delta, days, periodDays, periodStart, periodEnd, subscriptionId, text (see docs/records.md)',
      ),
  })
  .describe(
    'What the record says, as data; `description`/`subject` beside it is the same in the reader’s language',
  );

export type RecordView = z.infer<typeof recordSchema>;

/** A record as the API shows it (its params are plain JSON values). */
export function recordView(rec: StoredRecord): RecordView {
  return { kind: rec.kind, params: rec.params as Record<string, string | number | null> };
}
