import path from 'node:path';
import type { Config } from '../../config.js';
import { startTestGateway, type TestGateway, type TestGatewayFaults } from '../../test-gateway/index.js';
import { CliError } from '../cli-error.js';
import type { Lifecycle } from '../lifecycle.js';
import { portInUse } from '../database.js';

/**
 * `billing-center test-gateway`: the Stripe-compatible test gateway as a process of its own,
 * for a server pointed at it with BILLING_CENTER_STRIPE_API_BASE (and for fault tests that
 * kill the server but not the gateway).
 */
export async function testGatewayCommand(
  config: Config,
  lifecycle: Lifecycle,
  options: { port: string | undefined; dataDir: string | undefined; host: string | undefined },
): Promise<number> {
  const port = options.port === undefined ? config.payments.testGateway.port : Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new CliError(`--port must be a port number (0 picks a free one), got "${options.port}".`);
  const dataDir = path.resolve(options.dataDir ?? config.payments.testGateway.dataDir);
  const gateway = await listen({ port, dataDir, host: options.host ?? '127.0.0.1', faults: faultsFromEnv() });
  lifecycle.defer('stop the test gateway', gateway.close);
  // The first line is the URL alone, so scripts can read it.
  process.stdout.write(
    [
      gateway.url,
      '',
      `  Test payment gateway (Stripe-compatible) is running.`,
      `  Ledger           ${path.join(dataDir, 'ledger.jsonl')}`,
      `  Secret key       ${gateway.secretKey}`,
      `  Publishable key  ${gateway.publishableKey}`,
      `  Use it with      BILLING_CENTER_STRIPE_API_BASE=${gateway.url}`,
      '',
      '',
    ].join('\n'),
  );
  const reason = await lifecycle.stopRequested;
  return reason.kind === 'signal' ? 0 : reason.exitCode;
}

/**
 * The test gateway `serve` runs in-process when no Stripe key or API base is configured.
 * Returns the configuration with the gateway's actual address (port 0 picks one).
 */
export async function startEmbeddedGateway(
  config: Config,
  lifecycle: Lifecycle,
  options: { useRunning?: boolean } = {},
): Promise<{ config: Config; gateway: TestGateway | null }> {
  if (config.payments.mode !== 'test-embedded') return { config, gateway: null };
  // A one-shot command next to a running server uses that server's gateway (and ledger).
  if (
    options.useRunning &&
    config.payments.testGateway.port !== 0 &&
    (await portInUse(config.payments.testGateway.port))
  )
    return { config, gateway: null };
  let gateway: TestGateway;
  try {
    gateway = await listen({
      port: config.payments.testGateway.port,
      dataDir: config.payments.testGateway.dataDir,
      host: '127.0.0.1',
      faults: faultsFromEnv(),
    });
  } catch (error) {
    // Another process took the port between the check and the listen: that one serves.
    if (options.useRunning && isAddressInUse(error)) return { config, gateway: null };
    throw error;
  }
  lifecycle.defer('stop the test gateway', gateway.close);
  return { config: { ...config, payments: { ...config.payments, apiBase: gateway.url } }, gateway };
}

function isAddressInUse(error: unknown): boolean {
  return error instanceof CliError || (error as NodeJS.ErrnoException | null)?.code === 'EADDRINUSE';
}

async function listen(options: { port: number; dataDir: string; host: string; faults: TestGatewayFaults }) {
  if (options.port !== 0 && (await portInUse(options.port, options.host))) {
    throw new CliError(`Port ${options.port} is already in use, so the test payment gateway cannot listen.`, {
      hint: 'Another Billing Center may be running: stop it, or set BILLING_CENTER_TEST_GATEWAY_PORT (0 picks a free port).',
    });
  }
  return startTestGateway(options);
}

/** Fault hooks for tests of a separately started gateway, e.g. {"delayMs":500}. */
function faultsFromEnv(): TestGatewayFaults {
  const raw = process.env.BILLING_CENTER_TEST_GATEWAY_FAULTS;
  if (!raw) return {};
  try {
    return JSON.parse(raw) as TestGatewayFaults;
  } catch {
    throw new CliError('BILLING_CENTER_TEST_GATEWAY_FAULTS must be JSON, e.g. {"delayMs":500}.');
  }
}
