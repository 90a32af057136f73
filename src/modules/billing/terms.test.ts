import { describe, expect, it } from 'vitest';
import { firstPeriodEnd, nextPeriodEnd, prorationDays, termEndFor } from './terms.js';

const d = (s: string) => new Date(s);

describe('terms and billing periods', () => {
  it('ends a monthly term on the same day next month, clamped to the month’s end, keeping the anchor', () => {
    expect(termEndFor(d('2026-01-15T00:00:00Z'), 'monthly').toISOString()).toBe('2026-02-15T00:00:00.000Z');
    expect(termEndFor(d('2026-01-31T00:00:00Z'), 'monthly').toISOString()).toBe('2026-02-28T00:00:00.000Z');
    // After a short month the anchor (31) comes back.
    expect(termEndFor(d('2026-02-28T00:00:00Z'), 'monthly', 31).toISOString()).toBe(
      '2026-03-31T00:00:00.000Z',
    );
    expect(termEndFor(d('2026-03-02T10:00:00Z'), 'annual').toISOString()).toBe('2027-03-02T10:00:00.000Z');
  });

  it('bills an annual commitment monthly in month-long periods, never past the term end', () => {
    const start = d('2026-03-02T10:00:00Z');
    const termEnd = termEndFor(start, 'annual');
    const first = firstPeriodEnd(start, 'monthly', termEnd);
    expect(first.toISOString()).toBe('2026-04-02T10:00:00.000Z');
    expect(firstPeriodEnd(start, 'annual', termEnd)).toEqual(termEnd);
    let end = first;
    for (let i = 0; i < 20; i++) end = nextPeriodEnd(end, 'monthly', termEnd, 2);
    expect(end).toEqual(termEnd);
  });

  it('counts whole days left in a period for proration, never more than the period', () => {
    const start = d('2026-03-01T00:00:00Z');
    const end = d('2026-04-01T00:00:00Z');
    expect(prorationDays(start, start, end)).toEqual({ remaining: 31, total: 31 });
    // Calendar days (UTC): the 16th to the 1st is 16 days, whatever the hour.
    expect(prorationDays(d('2026-03-16T12:00:00Z'), start, end)).toEqual({ remaining: 16, total: 31 });
    expect(prorationDays(d('2026-02-20T00:00:00Z'), start, end).remaining).toBe(31);
  });
});
