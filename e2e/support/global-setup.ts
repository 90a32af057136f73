import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** The browser tests need the built admin center; build it once when it is missing or stale. */
export default function setup() {
  execFileSync(process.execPath, [path.resolve('web/scripts/ensure-build.mjs'), '--strict'], {
    stdio: 'inherit',
  });
  if (!fs.existsSync('/usr/bin/chromium')) {
    throw new Error(
      'Chromium is missing: apt-get install -y chromium (Debian’s package; no browser download).',
    );
  }
  fs.mkdirSync(path.resolve('test-results/screenshots'), { recursive: true });
}
