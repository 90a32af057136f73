/**
 * Writes the server's OpenAPI document (to src/client/openapi.json, or the path given as the
 * first argument) without a database: the server is built in-process (routes only; nothing
 * connects until a query runs) and asked for /api/openapi.json through Fastify's inject.
 * `npm run api:types` then turns it into src/client/schema.d.ts with openapi-typescript: the
 * types of the typed client (`billing-center/client`), which the admin center and the CLI use.
 * Both files are committed, so a fresh clone builds without PostgreSQL. `npm run lint:api`
 * writes it to dist/ and lints it with Redocly.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createContext } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { buildServer } from '../../src/http/server.js';

const out = process.argv[2]
  ? path.resolve(process.argv[2])
  : path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/client/openapi.json');
fs.mkdirSync(path.dirname(out), { recursive: true });
// Never used: no request below touches the database.
const ctx = createContext(loadConfig({}), 'postgres://unused@127.0.0.1:1/unused', { poolSize: 1 });
const app = await buildServer(ctx);
const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
if (res.statusCode !== 200) throw new Error(`GET /api/openapi.json answered ${res.statusCode}: ${res.body}`);
fs.writeFileSync(out, `${JSON.stringify(res.json(), null, 2)}\n`);
await app.close();
await ctx.db.destroy();
console.log(`Wrote ${path.relative(process.cwd(), out)}`);
