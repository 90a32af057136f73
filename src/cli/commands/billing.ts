import type { Config } from '../../config.js';
import { runBilling } from '../../workflows/run-billing.js';
import { openContext } from '../database.js';
import type { Lifecycle } from '../lifecycle.js';
import { startEmbeddedGateway } from './test-gateway.js';

/**
 * `billing-center billing run`: one pass of the billing cycle at the current time, the same
 * pass `serve` makes every BILLING_CENTER_BILLING_INTERVAL_SECONDS. For cron, or a server run
 * with the interval at 0.
 */
export async function runBillingCommand(config: Config, lifecycle: Lifecycle): Promise<number> {
  const embedded = await startEmbeddedGateway(config, lifecycle, { useRunning: true });
  const { ctx } = await openContext(embedded.config, lifecycle);
  const result = await runBilling(ctx);
  const rows: [string, number][] = [
    ['renewed', result.renewed],
    ['charged', result.charged],
    ['payment failed', result.failed],
    ['expired', result.expired],
    ['disabled', result.disabled],
    ['deleted', result.deleted],
  ];
  process.stdout.write(
    `Billing run at ${ctx.clock.now().toISOString()}:\n` +
      rows.map(([label, count]) => `  ${label.padEnd(14)} ${count}\n`).join(''),
  );
  return 0;
}
