// Builds web/dist when it is missing or older than the sources, so `npm start` serves the admin
// center straight after `npm install` on a fresh clone. Plain JavaScript: runs before anything
// is compiled. BILLING_CENTER_SKIP_WEB_BUILD=true skips it (an API-only instance). Without
// --strict (prestart), a missing Vite (npm install --omit=dev) or a failed build only warns:
// the API is still worth starting. `--strict` (test:e2e, bench:web) fails instead.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const strict = process.argv.includes('--strict');
const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const index = path.join(web, 'dist', 'index.html');

function newest(dir) {
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs);
  }
  return latest;
}

if (process.env.BILLING_CENTER_SKIP_WEB_BUILD === 'true') process.exit(0);
const sources = Math.max(newest(path.join(web, 'src')), fs.statSync(path.join(web, 'index.html')).mtimeMs);
if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= sources) process.exit(0);

const vite = path.resolve(web, '../node_modules/vite/bin/vite.js');
if (!fs.existsSync(vite)) {
  console.warn(
    'Vite is not installed (npm install without --omit=dev builds the admin center): serving the API only.',
  );
  process.exit(strict ? 1 : 0);
}
console.log(
  fs.existsSync(index)
    ? 'The admin center changed: rebuilding web/dist…'
    : 'Building the admin center (web/dist)…',
);
const started = Date.now();
const result = spawnSync(
  process.execPath,
  [vite, 'build', '--config', path.join(web, 'vite.config.ts'), '--logLevel', 'warn'],
  { stdio: 'inherit' },
);
if (result.status !== 0) {
  console.error('Building the admin center failed; the API still works. Run `npm run build:web` to see why.');
  process.exit(strict ? (result.status ?? 1) : 0);
}
console.log(`Built web/dist in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
