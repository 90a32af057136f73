import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { AppContext } from '../src/app-context.js';
import { createContext } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { buildServer } from '../src/http/server.js';
import { cloneTemplateDatabase } from './support/harness.js';

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The CLI as an operator runs it: `bin/billing-center.js` in a child process, on a fresh
 * database (DATABASE_URL), checked through the HTTP API of a server on the same database.
 */
// Each command is a child process starting Node, tsx and often the database's migrations check.
describe('billing-center CLI', { timeout: 180_000 }, () => {
  let databaseUrl: string;
  let workDir: string;
  let ctx: AppContext;
  let app: FastifyInstance;
  let baseUrl: string;

  function cli(
    args: string[],
    options: { stdin?: string; env?: Record<string, string> } = {},
  ): Promise<CliResult> {
    return new Promise((resolve) => {
      const child = execFile(
        process.execPath,
        [path.resolve('bin/billing-center.js'), ...args],
        {
          env: {
            ...process.env,
            DATABASE_URL: databaseUrl,
            BILLING_CENTER_DATA_DIR: workDir,
            ...options.env,
          },
          timeout: 60_000,
        },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
      child.stdin?.end(options.stdin ?? '');
    });
  }

  beforeAll(async () => {
    databaseUrl = (await cloneTemplateDatabase()).url;
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-cli-test-'));
    ctx = createContext(loadConfig({ BILLING_CENTER_BILLING_INTERVAL_SECONDS: '0' }), databaseUrl, {
      poolSize: 2,
    });
    app = await buildServer(ctx);
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await app?.close();
    await ctx?.db.destroy();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('explains itself, and refuses unknown commands and options with exit status 2', async () => {
    const help = await cli(['help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('user import');
    const unknown = await cli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "frobnicate"');
    const badOption = await cli(['tenant', 'create', '--name', 'X', '--colour', 'red']);
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toContain('Usage: billing-center tenant create');
  });

  it('validates catalog files without a database, naming the line of each problem', async () => {
    const good = await cli(['catalog', 'validate', 'catalog/default.yaml'], {
      env: { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
    });
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/valid catalog: version .+, 17 base plan\(s\) and 11 add-on\(s\)/);
    const file = path.join(workDir, 'broken.yaml');
    fs.writeFileSync(file, 'version: "1"\ntaxRates: { default: 0 }\nproducts:\n  - id: Not_Valid\n');
    const bad = await cli(['catalog', 'validate', file]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`${file}:4: products[0].id:`);
  });

  it('creates a tenant, its users from flags and CSV, and an API token that works over HTTP', async () => {
    const tenant = await cli(
      [
        'tenant',
        'create',
        '--name',
        'Fabrikam',
        '--country',
        'FR',
        '--admin-email',
        'admin@fabrikam.example',
      ],
      {},
    );
    expect(tenant.code).toBe(2);
    expect(tenant.stderr).toContain('Missing --admin-password');

    const created = await cli(
      [
        'tenant',
        'create',
        '--name',
        'Fabrikam',
        '--country',
        'fr',
        '--admin-email',
        'admin@fabrikam.example',
        '--admin-password',
        '-',
      ],
      { stdin: 'correct horse battery\n' },
    );
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/Created tenant "Fabrikam" \(ten_\w+\): FR, EUR/);

    const user = await cli([
      'user',
      'create',
      '--tenant',
      'fabrikam',
      '--email',
      'lea@fabrikam.example',
      '--name',
      'Léa Martin',
      '--role',
      'license-admin',
    ]);
    expect(user.code).toBe(0);
    const duplicate = await cli([
      'user',
      'create',
      '--tenant',
      'Fabrikam',
      '--email',
      'LEA@fabrikam.example',
      '--name',
      'Léa',
    ]);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain('[user_email_taken]');

    const csv = path.join(workDir, 'users.csv');
    const rows = ['email,displayName,role'];
    for (let i = 1; i <= 230; i++) rows.push(`user${i}@fabrikam.example,User ${i},user`);
    rows.push('user3@fabrikam.example,Again,user', 'not-an-email,Broken,user');
    fs.writeFileSync(csv, `${rows.join('\n')}\n`);

    const atomic = await cli(['user', 'import', '--tenant', 'Fabrikam', csv, '--atomic']);
    expect(atomic.code).toBe(1);
    expect(atomic.stderr).toContain('Nothing imported');
    const partial = await cli(['user', 'import', '--tenant', 'Fabrikam', csv]);
    expect(partial.code).toBe(1);
    expect(partial.stderr).toContain('230 created, 1 skipped, 1 error(s)');
    expect(partial.stdout).toContain('row 232 user3@fabrikam.example: skipped [duplicate_in_file]');
    expect(partial.stdout).toContain('row 233 not-an-email: error [invalid_email]');
    // Without a terminal the progress is plain counter lines, never carriage returns.
    expect(partial.stderr).toMatch(/Importing 232 user\(s\) into "Fabrikam": \d+\/232/);
    expect(partial.stderr).not.toContain('\r');

    const token = await cli([
      'token',
      'create',
      '--tenant',
      'Fabrikam',
      '--user',
      'admin@fabrikam.example',
      '--name',
      'HR sync',
    ]);
    expect(token.code).toBe(0);
    const secret = token.stdout.trim();
    expect(secret).toMatch(/^bct_\S+$/);
    const users = await fetch(`${baseUrl}/api/users?limit=1`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(users.status).toBe(200);
    expect(((await users.json()) as { total: number }).total).toBe(232);
  });

  it('says a command can simply run again when another change held what it writes', async () => {
    // Another transaction holds the users table; the commands' own connections give up waiting
    // after 300 ms, which PostgreSQL reports like a deadlock (lock_not_available, 55P03).
    const whileUsersAreHeld = (args: string[], stdin?: string) =>
      ctx.db.transaction().execute(async (trx) => {
        await sql`LOCK TABLE users IN EXCLUSIVE MODE`.execute(trx);
        return cli(args, { env: { PGOPTIONS: '-c lock_timeout=300' }, ...(stdin ? { stdin } : {}) });
      });
    const expectRunAgain = (result: CliResult) => {
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toContain('Error: Another change ran at the same time; nothing was changed.');
      expect(result.stderr).toContain('Hint: Run the command again.');
    };
    const createNorthwind = [
      'tenant',
      'create',
      '--name',
      'Northwind',
      '--country',
      'US',
      '--admin-email',
      'admin@northwind.example',
      '--admin-password',
      '-',
    ];
    const password = 'correct horse battery\n';
    expectRunAgain(await whileUsersAreHeld(createNorthwind, password));
    // Nothing was written: the same command now creates the tenant and its admin.
    const created = await cli(createNorthwind, { stdin: password });
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/Created tenant "Northwind" \(ten_\w+\): US/);

    const csv = path.join(workDir, 'northwind-users.csv');
    fs.writeFileSync(csv, 'email,displayName,role\nnancy@northwind.example,Nancy Davolio,user\n');
    const importUsers = ['user', 'import', '--tenant', 'Northwind', csv];
    expectRunAgain(await whileUsersAreHeld(importUsers));
    const imported = await cli(importUsers);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toContain('1 created, 0 skipped, 0 error(s)');
  });

  it('seeds the demo once and runs a billing cycle', async () => {
    const first = await cli(['seed']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Sign in as admin@contoso.example / BillingCenter!2026');
    const again = await cli(['seed']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already exists; nothing changed');
    const billing = await cli(['billing', 'run']);
    expect(billing.code).toBe(0);
    expect(billing.stdout).toMatch(/renewed\s+0/);
  });

  it('attaches, advances and deletes a test clock (docs/test-clocks.md)', async () => {
    await cli(['seed']);
    const created = await cli(['test-clock', 'create', '--tenant', 'Contoso (demo)', '--json']);
    expect(created.code, created.stderr).toBe(0);
    const clock = JSON.parse(created.stdout) as { id: string; frozenTime: string };
    const start = new Date(clock.frozenTime).getTime();
    const advanced = await cli(['test-clock', 'advance', clock.id, '--months', '2', '--json']);
    expect(advanced.code, advanced.stderr).toBe(0);
    const { testClock, work } = JSON.parse(advanced.stdout) as {
      testClock: { frozenTime: string };
      work: { steps: number; charged: number };
    };
    expect(new Date(testClock.frozenTime).getTime() - start).toBeGreaterThanOrEqual(59 * 86_400_000);
    // The demo’s monthly-billed subscription: its next period is billed (by invoice) on the way.
    expect(work.charged).toBeGreaterThanOrEqual(1);
    const back = await cli(['test-clock', 'advance', clock.id, '--to', clock.frozenTime]);
    expect(back.code).not.toBe(0);
    expect(back.stderr).toContain('test_clock_cannot_go_back');
    const listed = await cli(['test-clock', 'list']);
    expect(listed.stdout).toContain(clock.id);
    expect((await cli(['test-clock', 'delete', clock.id])).code).toBe(0);
    expect((await cli(['test-clock', 'list'])).stdout).toContain('No test clocks.');
  });
});
