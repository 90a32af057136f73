import type { Config } from '../../config.js';
import { startJobWorkers } from '../../jobs/index.js';
import { openContext } from '../database.js';
import type { Lifecycle } from '../lifecycle.js';

/**
 * `billing-center worker`: the job workers without the HTTP server. Run as many as wanted
 * beside `serve` (BILLING_CENTER_IN_PROCESS_WORKERS=false); they share the queue in PostgreSQL,
 * so a job is run by one of them at a time and the periodic runs never overlap.
 */
export async function worker(config: Config, lifecycle: Lifecycle): Promise<number> {
  const { ctx } = await openContext(config, lifecycle);
  const workers = await startJobWorkers(ctx, {
    log: (message, error) =>
      process.stderr.write(`${message}${error instanceof Error ? `: ${error.message}` : ''}\n`),
  });
  lifecycle.defer('stop the job workers', workers.stop);
  process.stderr.write('Billing Center job workers are running. Press Ctrl+C to stop.\n');
  const reason = await lifecycle.stopRequested;
  return reason.kind === 'signal' ? 0 : reason.exitCode;
}
