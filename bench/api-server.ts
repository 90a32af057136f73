/**
 * The API server of the checkout benchmark, in a process of its own so that the load
 * generator does not share its event loop. Prints its URL on stdout, then serves until killed.
 */
import { createContext } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { buildServer } from '../src/http/server.js';

const databaseUrl = process.argv[2];
const gatewayUrl = process.argv[3];
if (!databaseUrl || !gatewayUrl) throw new Error('usage: api-server.ts <database url> <test gateway url>');
const config = loadConfig({ BILLING_CENTER_BILLING_INTERVAL_SECONDS: '0', BILLING_CENTER_STRIPE_API_BASE: gatewayUrl });
const ctx = createContext(config, databaseUrl, {
  poolSize: 20,
});
const app = await buildServer(ctx);
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
if (address && typeof address === 'object') console.log(`http://127.0.0.1:${address.port}`);
process.on('SIGTERM', () => {
  void app
    .close()
    .then(() => ctx.db.destroy())
    .then(() => process.exit(0));
});
