import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestGateway, type TestGateway, type TestGatewayFaults } from '../../src/test-gateway/index.js';

/**
 * A test gateway of the test file's own, for fault tests: the run's shared gateway (global
 * setup) must not get faults that other files would meet. Pass `env` to `startTestServer`:
 *
 *   const gw = await ownTestGateway();
 *   const server = await startTestServer({ env: gw.env });
 *   gw.gateway.faults = { failAfterRecord: { endpoints: ['payment_intents'], count: 1, mode: 'error' } };
 */
export async function ownTestGateway(faults: TestGatewayFaults = {}): Promise<{
  gateway: TestGateway;
  env: Record<string, string>;
  /** Stops it and starts it again on the same ledger (a gateway restart). */
  restart(): Promise<TestGateway>;
  close(): Promise<void>;
}> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-own-gateway-'));
  let gateway = await startTestGateway({ dataDir, faults });
  const port = gateway.port;
  const handle = {
    gateway,
    env: { BILLING_CENTER_STRIPE_API_BASE: gateway.url },
    async restart() {
      await gateway.close();
      gateway = await startTestGateway({ dataDir, port });
      handle.gateway = gateway;
      return gateway;
    },
    async close() {
      await gateway.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return handle;
}
