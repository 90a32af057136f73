import { AsyncLocalStorage } from 'node:async_hooks';

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

/** The clock the operator may move (the instance's, under a tenant-aware wrapper), if any. */
export function movableClockOf(clock: Clock): MovableClock | null {
  const inner = clock instanceof TenantAwareClock ? clock.instance : clock;
  return isMovable(inner) ? inner : null;
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

// ── per-tenant test clocks ──────────────────────────────────────────────────────────────

/**
 * A frozen instant that every `ctx.clock.now()` in an async call tree returns instead of the
 * instance's time: how one tenant on a test clock lives at its own date while the others do not
 * (docs/test-clocks.md). Async-local rather than a second context so that every route,
 * workflow and repository keeps reading `ctx.clock` exactly as before.
 */
const testClockScope = new AsyncLocalStorage<{ at: Date }>();

/** Runs `fn` with every tenant-aware clock reading `at`. */
export function runAtTestClockTime<T>(at: Date, fn: () => T): T {
  return testClockScope.run({ at: new Date(at.getTime()) }, fn);
}

/** The instant `clock` reads now, ignoring any test clock (sessions, two-step codes, tokens). */
export function instanceNow(clock: Clock): Date {
  return clock instanceof TenantAwareClock ? clock.instance.now() : clock.now();
}

/** The instance's clock, unless a test clock's time is in scope (see `runAtTestClockTime`). */
export class TenantAwareClock implements Clock {
  constructor(readonly instance: Clock) {}
  now(): Date {
    const scoped = testClockScope.getStore();
    return scoped ? new Date(scoped.at.getTime()) : this.instance.now();
  }
}

/** A clock stopped at one instant (a test clock's time, handed to work run for it). */
export function frozenClock(at: Date): Clock {
  const ms = at.getTime();
  return { now: () => new Date(ms) };
}
