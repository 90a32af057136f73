import type { Config } from '../../config.js';
import { operatorActor } from '../../modules/audit/index.js';
import {
  createTestClock,
  getTestClocks,
  isTestMode,
  removeTestClock,
  toTestClockView,
  type TestClockView,
} from '../../modules/test-clocks/index.js';
import { advanceTestClock } from '../../workflows/advance-test-clock.js';
import { usageError } from '../cli-error.js';

const advanceUsage = 'billing-center test-clock advance <id> (--to <time> | --months N --days N --hours N)';
import { openContext } from '../database.js';
import { resolveTenant } from '../inputs.js';
import type { Lifecycle } from '../lifecycle.js';
import { printJson, table } from '../remote.js';
import { startEmbeddedGateway } from './test-gateway.js';

/**
 * `billing-center test-clock …`: the operator's per-tenant test clocks (docs/test-clocks.md),
 * straight on the database like `billing run`, so they work with no server running.
 */

function printClocks(clocks: TestClockView[]): void {
  process.stdout.write(
    table(
      ['ID', 'TENANT', 'TIME', 'STATUS', 'NAME'],
      clocks.map((c) => [c.id, c.tenantId, c.frozenTime.toISOString(), c.status, c.name]),
    ),
  );
}

function parseTime(value: string | undefined, flag: string): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime()))
    throw usageError(`${flag} must be a date and time, e.g. 2026-12-01T00:00:00Z.`, advanceUsage);
  return date;
}

function parseCount(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw usageError(`${flag} must be a whole number ≥ 0.`, advanceUsage);
  return Number(value);
}

export async function createTestClockCommand(
  config: Config,
  lifecycle: Lifecycle,
  args: { tenant: string; time?: string | undefined; name?: string | undefined; json: boolean },
): Promise<number> {
  const frozenTime = parseTime(args.time, '--time');
  const { ctx } = await openContext(config, lifecycle);
  const tenant = await resolveTenant(ctx.db, args.tenant);
  const view = toTestClockView(
    await createTestClock(
      ctx,
      {
        tenantId: tenant.id,
        ...(frozenTime ? { frozenTime } : {}),
        ...(args.name ? { name: args.name } : {}),
      },
      operatorActor,
    ),
  );
  if (args.json) printJson(view);
  else
    process.stdout.write(
      `Test clock ${view.id} attached to ${tenant.name}, at ${view.frozenTime.toISOString()}.\n`,
    );
  return 0;
}

export async function listTestClocksCommand(
  config: Config,
  lifecycle: Lifecycle,
  args: { json: boolean },
): Promise<number> {
  const { ctx } = await openContext(config, lifecycle);
  const clocks = (await getTestClocks(ctx)).map(toTestClockView);
  if (args.json) printJson({ testMode: isTestMode(ctx.config), testClocks: clocks });
  else if (clocks.length === 0) process.stdout.write('No test clocks.\n');
  else printClocks(clocks);
  return 0;
}

export async function advanceTestClockCommand(
  config: Config,
  lifecycle: Lifecycle,
  args: {
    id: string;
    to?: string | undefined;
    months?: string | undefined;
    days?: string | undefined;
    hours?: string | undefined;
    json: boolean;
  },
): Promise<number> {
  const input = {
    frozenTime: parseTime(args.to, '--to'),
    months: parseCount(args.months, '--months'),
    days: parseCount(args.days, '--days'),
    hours: parseCount(args.hours, '--hours'),
  };
  if (Object.values(input).every((v) => v === undefined)) {
    throw usageError('Say where to: --to <time>, or --months/--days/--hours.', advanceUsage);
  }
  // Renewals charge cards: the same gateway a billing run uses.
  const embedded = await startEmbeddedGateway(config, lifecycle, { useRunning: true });
  const { ctx } = await openContext(embedded.config, lifecycle);
  const { clock, report } = await advanceTestClock(
    ctx,
    args.id,
    Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
    {},
    operatorActor,
  );
  if (args.json) {
    printJson({ testClock: toTestClockView(clock), work: report });
    return 0;
  }
  const rows: [string, number][] = [
    ['stops', report.steps],
    ['renewed', report.renewed],
    ['charged', report.charged],
    ['payment failed', report.failed],
    ['expired', report.expired],
    ['disabled', report.disabled],
    ['deleted', report.deleted],
    ['reminders', report.renewalReminders],
    ['dunning', report.reminded + report.warned + report.suspended],
  ];
  process.stdout.write(
    `Test clock ${clock.id} is at ${clock.frozen_time.toISOString()}:\n` +
      rows.map(([label, count]) => `  ${label.padEnd(14)} ${count}\n`).join(''),
  );
  return 0;
}

export async function deleteTestClockCommand(
  config: Config,
  lifecycle: Lifecycle,
  args: { id: string },
): Promise<number> {
  const { ctx } = await openContext(config, lifecycle);
  await removeTestClock(ctx, args.id, operatorActor);
  process.stdout.write(`Test clock ${args.id} deleted: its tenant lives at the instance time again.\n`);
  return 0;
}
