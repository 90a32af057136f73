import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { divideRoundHalfUp, extend, prorate, sum, taxOn } from './money.js';

describe('money (minor units, half-up once per line)', () => {
  it('rounds half away from zero', () => {
    expect(divideRoundHalfUp(5n, 2n)).toBe(3n);
    expect(divideRoundHalfUp(-5n, 2n)).toBe(-3n);
    expect(divideRoundHalfUp(4n, 3n)).toBe(1n);
    expect(() => divideRoundHalfUp(1n, 0n)).toThrow(RangeError);
  });

  it('prorates: whole period = the full amount, no days = nothing, never more than the full amount', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 366 }),
        fc.integer({ min: -5, max: 400 }),
        (unit, quantity, periodDays, remaining) => {
          const full = extend(unit, quantity);
          expect(prorate(unit, quantity, periodDays, periodDays)).toBe(full);
          expect(prorate(unit, quantity, 0, periodDays)).toBe(0);
          const part = prorate(unit, quantity, remaining, periodDays);
          expect(part).toBeGreaterThanOrEqual(0);
          expect(part).toBeLessThanOrEqual(full);
        },
      ),
    );
  });

  it('a charge and the credit that reverses it the same day are equal (one function, one rounding)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 31 }), (unit, days) => {
        const charge = prorate(unit, 3, days, 31);
        const credit = prorate(unit, 3, days, 31);
        expect(charge + taxOn(charge, 2000) - (credit + taxOn(credit, 2000))).toBe(0);
      }),
    );
  });

  it('taxes per line in basis points and refuses amounts beyond safe integers', () => {
    expect(taxOn(1000, 1900)).toBe(190);
    expect(taxOn(1005, 1000)).toBe(101);
    expect(sum([1, 2, 3])).toBe(6);
    expect(() => extend(Number.MAX_SAFE_INTEGER, 2)).toThrow(RangeError);
  });
});
