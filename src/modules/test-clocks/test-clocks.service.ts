import { z } from 'zod';
import type { AppContext } from '../../app-context.js';
import type { Config } from '../../config.js';
import type { TestClock } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { AppError, msg } from '../../shared/app-error.js';
import { instanceNow } from '../../shared/clock.js';
import { newId } from '../../shared/ids.js';
import { recordAudit, type Actor } from '../audit/index.js';
import { findTenant } from '../tenants/index.js';
import { deleteTestClock, findTestClock, insertTestClock, listTestClocks } from './test-clocks.repository.js';

/**
 * Test mode (docs/test-clocks.md): payments go to the built-in test gateway or to Stripe with a
 * test key, so no real card can be charged by a clock run ahead. A live Stripe key is not.
 */
export function isTestMode(config: Config): boolean {
  return config.payments.mode !== 'stripe' || !config.payments.secretKey.includes('_live_');
}

export function requireTestMode(config: Config): void {
  if (isTestMode(config)) return;
  throw new AppError('test_mode_required', msg.testModeRequired(), { hint: msg.testModeHint() });
}

export const testClockSchema = z
  .object({
    id: z.string(),
    object: z.literal('test_clock'),
    tenantId: z.string(),
    name: z.string(),
    frozenTime: z.date().describe('The time the tenant lives at'),
    status: z.enum(['ready', 'advancing']),
    advancingTo: z.date().nullable().describe('While advancing: the time it is going to'),
    createdAt: z.date(),
  })
  .describe('A test clock attached to one tenant');

export type TestClockView = z.infer<typeof testClockSchema>;

export function toTestClockView(row: TestClock): TestClockView {
  return {
    id: row.id,
    object: 'test_clock',
    tenantId: row.tenant_id,
    name: row.name,
    frozenTime: row.frozen_time,
    status: row.status,
    advancingTo: row.advancing_to,
    createdAt: row.created_at,
  };
}

export const createTestClockSchema = z.strictObject({
  tenantId: z.string().min(1).max(100),
  name: z.string().trim().min(1).max(200).optional(),
  frozenTime: z.coerce
    .date()
    .optional()
    .describe('Where the tenant starts (default: the instance time); never before the instance time'),
});

export const advanceTestClockSchema = z
  .strictObject({
    frozenTime: z.coerce.date().optional().describe('Go to this time'),
    months: z.number().int().min(0).max(36).optional(),
    days: z.number().int().min(0).max(1100).optional(),
    hours: z.number().int().min(0).max(26_400).optional(),
  })
  .describe('Either `frozenTime`, or a duration in months, days and hours (added in that order)');

export type AdvanceTestClockInput = z.infer<typeof advanceTestClockSchema>;

/** Longest jump one advance makes (Stripe allows two intervals; three years covers annual terms). */
const maxAdvanceMs = 3 * 366 * 86_400_000;

export function testClockNotFound(id: string): AppError {
  return new AppError('not_found', msg.testClockNotFound({ id }));
}

/** The clock, for the operator (any tenant) or a tenant admin (their own only: others are unknown). */
export async function requireTestClock(
  ctx: AppContext,
  id: string,
  scope: { tenantId?: string } = {},
): Promise<TestClock> {
  const row = await findTestClock(ctx.db, id, scope);
  if (!row) throw testClockNotFound(id);
  return row;
}

export async function getTestClocks(
  ctx: AppContext,
  scope: { tenantId?: string } = {},
): Promise<TestClock[]> {
  return listTestClocks(ctx.db, scope.tenantId);
}

/** Creates a clock and attaches it to a tenant (one per tenant). */
export async function createTestClock(
  ctx: AppContext,
  input: z.infer<typeof createTestClockSchema>,
  actor: Actor,
): Promise<TestClock> {
  requireTestMode(ctx.config);
  const now = instanceNow(ctx.clock);
  const frozen = input.frozenTime ?? now;
  if (frozen.getTime() < now.getTime() - 1000) {
    throw new AppError('test_clock_cannot_go_back', msg.testClockBeforeInstance(), {
      hint: msg.giveTimeAtOrAfter({ time: now.toISOString() }),
      field: 'body.frozenTime',
    });
  }
  return inTransaction(ctx.db, async (trx) => {
    const tenant = await findTenant(trx, input.tenantId);
    if (!tenant) {
      throw new AppError('not_found', msg.tenantIdNotFound({ id: input.tenantId }), {
        field: 'body.tenantId',
      });
    }
    const row = await insertTestClock(trx, {
      id: newId('testClock', now.getTime()),
      tenant_id: tenant.id,
      name: input.name ?? `Test clock of ${tenant.name}`,
      frozen_time: frozen,
      status: 'ready',
      advancing_to: null,
      advance_started_at: null,
      created_at: now,
      updated_at: now,
    });
    if (!row) {
      throw new AppError('test_clock_exists', msg.testClockExists({ tenantId: tenant.id }), {
        hint: msg.advanceOrDeleteClockHint(),
        field: 'body.tenantId',
      });
    }
    await recordAudit(trx, {
      tenantId: tenant.id,
      actor,
      action: 'test_clock.created',
      entityType: 'test_clock',
      entityId: row.id,
      after: { frozenTime: frozen.toISOString() },
      at: now,
    });
    return row;
  });
}

/** Detaches and deletes a clock: the tenant lives at the instance time again. */
export async function removeTestClock(ctx: AppContext, id: string, actor: Actor): Promise<void> {
  const now = instanceNow(ctx.clock);
  await inTransaction(ctx.db, async (trx) => {
    const row = await findTestClock(trx, id, { forUpdate: true });
    if (!row) throw testClockNotFound(id);
    if (row.status === 'advancing' && !advanceIsStale(row, now)) throw advancing(row);
    await deleteTestClock(trx, id);
    await recordAudit(trx, {
      tenantId: row.tenant_id,
      actor,
      action: 'test_clock.deleted',
      entityType: 'test_clock',
      entityId: row.id,
      before: { frozenTime: row.frozen_time.toISOString() },
      at: now,
    });
  });
}

/** An advance left "advancing" this long ago belongs to a process that died: take it over. */
const staleAdvanceMs = 10 * 60_000;

export function advanceIsStale(row: TestClock, instanceTime: Date): boolean {
  return (
    !row.advance_started_at || instanceTime.getTime() - row.advance_started_at.getTime() > staleAdvanceMs
  );
}

export function advancing(row: TestClock): AppError {
  return new AppError('test_clock_advancing', msg.testClockAdvancing({ id: row.id }), {
    hint: msg.waitUntilClockReadyHint(),
  });
}

/** Where an advance goes: an explicit time, or months, then days, then hours after the clock's time. */
export function advanceTarget(row: TestClock, input: AdvanceTestClockInput): Date {
  let target: Date;
  if (input.frozenTime) {
    if (input.months || input.days || input.hours) {
      throw new AppError('validation_failed', msg.timeOrDurationNotBoth());
    }
    target = input.frozenTime;
  } else {
    target = new Date(row.frozen_time.getTime());
    if (input.months) {
      const day = target.getUTCDate();
      target.setUTCDate(1);
      target.setUTCMonth(target.getUTCMonth() + input.months);
      const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
      target.setUTCDate(Math.min(day, last));
    }
    target = new Date(target.getTime() + (input.days ?? 0) * 86_400_000 + (input.hours ?? 0) * 3_600_000);
  }
  if (target.getTime() <= row.frozen_time.getTime()) {
    throw new AppError('test_clock_cannot_go_back', msg.testClockOnlyForward(), {
      hint: msg.giveTimeAfter({ time: row.frozen_time.toISOString() }),
      // A time the operator typed is shown beside its field; a duration has no field of its own.
      ...(input.frozenTime ? { field: 'body.frozenTime' } : {}),
    });
  }
  if (target.getTime() - row.frozen_time.getTime() > maxAdvanceMs) {
    throw new AppError(
      'validation_failed',
      msg.testClockMaxAdvance(),
      input.frozenTime ? { field: 'body.frozenTime' } : {},
    );
  }
  return target;
}
