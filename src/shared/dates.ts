const DAY_MS = 86_400_000;

function utcDay(d: Date): number {
  return Math.floor(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) / DAY_MS);
}

/** Whole UTC calendar days from `from` to `to` (0 when `to` is the same day or earlier). */
export function wholeDaysBetween(from: Date, to: Date): number {
  return Math.max(0, utcDay(to) - utcDay(from));
}

/**
 * Adds calendar months, clamping to the last day of a shorter month (Jan 31 + 1 month =
 * Feb 28/29), keeping the time of day. `anchorDay` keeps a subscription billed on the 31st
 * returning to the 31st after a short month.
 */
export function addMonths(date: Date, months: number, anchorDay = date.getUTCDate()): Date {
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(
      y,
      m,
      Math.min(anchorDay, lastDay),
      date.getUTCHours(),
      date.getUTCMinutes(),
      date.getUTCSeconds(),
      date.getUTCMilliseconds(),
    ),
  );
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

export function addHours(date: Date, hours: number): Date {
  return new Date(date.getTime() + hours * 3_600_000);
}
