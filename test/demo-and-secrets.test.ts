import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { demoAdminEmail, demoAdminPassword, seedDemo } from '../src/db/seed.js';
import { cloneTemplateDatabase, startTestServer, type TestServer } from './support/harness.js';

describe('demo data only where it cannot hurt', () => {
  let server: TestServer | undefined;
  afterAll(() => server?.close());

  it('seeds the demo by default with the embedded database only', () => {
    expect(loadConfig({}).seedDemo).toBe(true);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/billing' }).seedDemo).toBe(false);
    expect(
      loadConfig({ DATABASE_URL: 'postgres://db/billing', BILLING_CENTER_SEED_DEMO: 'true' }).seedDemo,
    ).toBe(true);
    expect(loadConfig({ BILLING_CENTER_SEED_DEMO: 'false' }).seedDemo).toBe(false);
  });

  it('tells the admin center while the published demo password still signs in', async () => {
    server = await startTestServer();
    expect((await server.request('GET', '/api/instance')).body.demoSignIn).toBeNull();
    await seedDemo(server.ctx);
    server.clock.advance(60_000);
    expect((await server.request('GET', '/api/instance')).body.demoSignIn).toEqual({ email: demoAdminEmail });

    const login = await server.request('POST', '/api/auth/login', {
      body: { email: demoAdminEmail, password: demoAdminPassword },
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const changed = await server.request('POST', '/api/me/password', {
      cookie,
      body: { currentPassword: demoAdminPassword, newPassword: 'lantern orchard velvet' },
    });
    expect(changed.status).toBe(200);
    server.clock.advance(60_000);
    expect((await server.request('GET', '/api/instance')).body.demoSignIn).toBeNull();
  });
});

describe('billing-center serve output', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('never prints the generated operator token, says where it is, and warns of the demo sign-in', async () => {
    const { url } = await cloneTemplateDatabase();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-serve-'));
    dirs.push(dataDir);
    const child = spawn(process.execPath, [path.resolve('bin/billing-center.js'), 'serve'], {
      env: {
        ...process.env,
        DATABASE_URL: url,
        BILLING_CENTER_DATA_DIR: dataDir,
        BILLING_CENTER_SEED_DEMO: 'true',
        BILLING_CENTER_BILLING_INTERVAL_SECONDS: '0',
        BILLING_CENTER_SKIP_WEB_BUILD: 'true',
        PORT: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (output.includes('Press Ctrl+C to stop.')) {
          clearInterval(timer);
          resolve();
        }
      }, 100);
      void exited.then((code) => {
        clearInterval(timer);
        reject(new Error(`serve exited with ${code}: ${output}`));
      });
    });
    child.kill('SIGINT');
    await exited;
    const token = fs.readFileSync(path.join(dataDir, 'operator-token'), 'utf8').trim();
    expect(fs.statSync(path.join(dataDir, 'operator-token')).mode & 0o777).toBe(0o600);
    expect(output).not.toContain(token);
    expect(output).toContain(`in ${path.join(dataDir, 'operator-token')}`);
    expect(output).toMatch(/DEMO INSTANCE: anyone can sign in as admin@contoso\.example/);
  }, 90_000);
});
