/**
 * All rounding in Billing Center happens here. Amounts are integer minor units (cents, fen)
 * held in JavaScript numbers that must stay safe integers; intermediate products are computed
 * in BigInt so a large quantity times a large price never loses precision.
 */
export type Currency = 'USD' | 'EUR' | 'CNY';
export const currencies: readonly Currency[] = ['USD', 'EUR', 'CNY'];

export function assertMinorUnits(amount: number, what = 'amount'): number {
  if (!Number.isSafeInteger(amount)) {
    throw new RangeError(`${what} must be a safe integer number of minor units, got ${amount}`);
  }
  return amount;
}

/** numerator / denominator rounded half away from zero, all integers. */
export function divideRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError('denominator must be positive');
  const negative = numerator < 0n;
  const n = negative ? -numerator : numerator;
  const q = (2n * n + denominator) / (2n * denominator);
  return negative ? -q : q;
}

function toSafeNumber(value: bigint, what: string): number {
  const n = Number(value);
  return assertMinorUnits(n, what);
}

/** unitAmount × quantity, exact. */
export function extend(unitAmount: number, quantity: number): number {
  return toSafeNumber(BigInt(unitAmount) * BigInt(quantity), 'line amount');
}

/**
 * The share of `unitAmount × quantity` for `remainingDays` out of `periodDays`, rounded once,
 * half-up, to the minor unit. Used for charges and credits alike so a charge and the credit
 * that reverses it on the same day are equal.
 */
export function prorate(
  unitAmount: number,
  quantity: number,
  remainingDays: number,
  periodDays: number,
): number {
  if (periodDays <= 0) throw new RangeError('periodDays must be positive');
  const days = Math.min(Math.max(remainingDays, 0), periodDays);
  const numerator = BigInt(unitAmount) * BigInt(quantity) * BigInt(days);
  return toSafeNumber(divideRoundHalfUp(numerator, BigInt(periodDays)), 'prorated amount');
}

/** Tax on a line, rate in basis points (1900 = 19 %), rounded half-up per line. */
export function taxOn(amount: number, rateBasisPoints: number): number {
  return toSafeNumber(divideRoundHalfUp(BigInt(amount) * BigInt(rateBasisPoints), 10_000n), 'tax');
}

export function sum(amounts: readonly number[]): number {
  let total = 0n;
  for (const a of amounts) total += BigInt(a);
  return toSafeNumber(total, 'total');
}

const minorDigits: Record<Currency, number> = { USD: 2, EUR: 2, CNY: 2 };

/** For logs and CLI output only; the web UI formats with Intl in the user's locale. */
export function formatMoney(amount: number, currency: Currency, locale = 'en-US'): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(
    amount / 10 ** minorDigits[currency],
  );
}
