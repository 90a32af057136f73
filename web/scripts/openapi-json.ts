/**
 * Writes the server's OpenAPI document to web/src/api/openapi.json without a database: the
 * server is built in-process (routes only; nothing connects until a query runs) and asked for
 * /api/openapi.json through Fastify's inject. `npm run api:types` then turns it into
 * web/src/api/schema.d.ts with openapi-typescript. Both files are committed, so a fresh clone
 * builds the admin center without PostgreSQL.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createContext } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { buildServer } from '../../src/http/server.js';

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/api/openapi.json');
// Never used: no request below touches the database.
const ctx = createContext(loadConfig({}), 'postgres://unused@127.0.0.1:1/unused', { poolSize: 1 });
const app = await buildServer(ctx);
const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
if (res.statusCode !== 200) throw new Error(`GET /api/openapi.json answered ${res.statusCode}: ${res.body}`);
fs.writeFileSync(out, `${JSON.stringify(res.json(), null, 2)}\n`);
await app.close();
await ctx.db.destroy();
console.log(`Wrote ${path.relative(process.cwd(), out)}`);
