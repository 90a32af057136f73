/**
 * Every rule reads time from a Clock, never from `new Date()`, so tests and operators can move
 * time (7-day windows, renewals, expiry) without waiting.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock the operator may move forward (only when BILLING_CENTER_MANUAL_CLOCK=true). */
export interface MovableClock extends Clock {
  advance(ms: number): void;
}

export function isMovable(clock: Clock): clock is MovableClock {
  return typeof (clock as Partial<MovableClock>).advance === 'function';
}

/** A clock that only moves when told to; optionally offset from real time. */
export class ManualClock implements Clock {
  private current: number;
  constructor(start: Date | string = new Date()) {
    this.current = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  set(to: Date | string): void {
    this.current = new Date(to).getTime();
  }
  advance(ms: number): void {
    this.current += ms;
  }
  advanceDays(days: number): void {
    this.current += days * 86_400_000;
  }
  advanceHours(hours: number): void {
    this.current += hours * 3_600_000;
  }
}

/** A clock that follows real time shifted by an offset the operator can change. */
export class OffsetClock implements Clock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
