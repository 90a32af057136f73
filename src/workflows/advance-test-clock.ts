import type { AppContext } from '../app-context.js';
import type { TestClock } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { frozenClock, instanceNow } from '../shared/clock.js';
import { recordAudit, type Actor } from '../modules/audit/index.js';
import { sweepNotifications } from '../modules/notifications/index.js';
import {
  advanceIsStale,
  advanceTarget,
  advancing,
  findTestClock,
  nextDueInstant,
  nextInvoiceInstant,
  requireTestMode,
  testClockNotFound,
  updateTestClock,
  type AdvanceTestClockInput,
} from '../modules/test-clocks/index.js';
import { emptyBillingReport, runBilling, type BillingRunReport } from './run-billing.js';

export interface AdvanceReport extends BillingRunReport {
  /** The instants the clock stopped at, in order (each one's due work ran there). */
  steps: number;
  renewalReminders: number;
  overdueNotices: number;
  deletionNotices: number;
}

/** An advance never takes more stops than this (a monthly subscription over three years is 36). */
const maxSteps = 5000;

/**
 * Moves a tenant's test clock forward the way Stripe does: it stops at every instant where
 * something of the tenant falls due between its time and the target (period and term ends,
 * retries, lifecycle steps, reminders, dunning thresholds), in order, and runs that tenant's
 * billing run and notification sweep there, so a jump of three months bills three monthly
 * periods, each at its own date. Gateway calls happen between transactions as in every
 * billing run; the clock is marked `advancing` meanwhile (a second advance is refused) and its
 * time is saved after each stop, so a crash leaves it where it got to.
 */
export async function advanceTestClock(
  ctx: AppContext,
  id: string,
  input: AdvanceTestClockInput,
  scope: { tenantId?: string },
  actor: Actor,
): Promise<{ clock: TestClock; report: AdvanceReport }> {
  requireTestMode(ctx.config);
  const started = instanceNow(ctx.clock);
  const { row, target } = await inTransaction(ctx.db, async (trx) => {
    const row = await findTestClock(trx, id, { ...scope, forUpdate: true });
    if (!row) throw testClockNotFound(id);
    if (row.status === 'advancing' && !advanceIsStale(row, started)) throw advancing(row);
    const target = advanceTarget(row, input);
    await updateTestClock(trx, id, {
      status: 'advancing',
      advancing_to: target,
      advance_started_at: started,
      updated_at: started,
    });
    await recordAudit(trx, {
      tenantId: row.tenant_id,
      actor,
      action: 'test_clock.advanced',
      entityType: 'test_clock',
      entityId: row.id,
      before: { frozenTime: row.frozen_time.toISOString() },
      after: { frozenTime: target.toISOString() },
      at: started,
    });
    return { row, target };
  });

  const report: AdvanceReport = {
    steps: 0,
    ...emptyBillingReport(),
    renewalReminders: 0,
    overdueNotices: 0,
    deletionNotices: 0,
  };
  const policy = ctx.config.policy;
  const dunningDays = [
    policy.dunningFirstReminderDays,
    policy.dunningSecondReminderDays,
    policy.dunningWarningDays,
    policy.dunningSuspensionDays,
  ];
  let at = row.frozen_time;
  try {
    for (let step = 0; step < maxSteps; step++) {
      const candidates = [
        target,
        await nextDueInstant(ctx.db, row.tenant_id, at, target),
        await nextInvoiceInstant(ctx.db, row.tenant_id, at, target, dunningDays),
      ].filter((d): d is Date => d !== undefined);
      const next = new Date(Math.min(...candidates.map((d) => d.getTime())));
      // The time first: a request of the tenant during the stop already lives there.
      await updateTestClock(ctx.db, id, { frozen_time: next, updated_at: instanceNow(ctx.clock) });
      await runDueWork(ctx, row.tenant_id, next, report);
      report.steps++;
      at = next;
      if (next.getTime() >= target.getTime()) break;
    }
  } finally {
    await updateTestClock(ctx.db, id, {
      status: 'ready',
      advancing_to: null,
      advance_started_at: null,
      updated_at: instanceNow(ctx.clock),
    });
  }
  return { clock: (await findTestClock(ctx.db, id))!, report };
}

/** One stop: the tenant's billing run (renewals, retries, lifecycle, dunning), then its sweep. */
async function runDueWork(ctx: AppContext, tenantId: string, at: Date, report: AdvanceReport): Promise<void> {
  const billing = await runBilling(ctx, { now: at, tenantId });
  report.renewed += billing.renewed;
  report.charged += billing.charged;
  report.failed += billing.failed;
  report.expired += billing.expired;
  report.disabled += billing.disabled;
  report.deleted += billing.deleted;
  report.reminded += billing.reminded;
  report.warned += billing.warned;
  report.suspended += billing.suspended;
  const swept = await sweepNotifications({ ...ctx, clock: frozenClock(at) }, { tenantId });
  report.renewalReminders += swept.reminders;
  report.overdueNotices += swept.overdue;
  report.deletionNotices += swept.aboutToBeDeleted;
}
