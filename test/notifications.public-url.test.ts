import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createContext } from '../src/app.js';
import type { AppContext } from '../src/app-context.js';
import { loadConfig } from '../src/config.js';
import { hashToken } from '../src/http/auth.js';
import { systemActor } from '../src/modules/audit/index.js';
import { createTenant } from '../src/modules/tenants/index.js';
import { newId, newSecret } from '../src/shared/ids.js';
import { parseMail, type ReceivedMail } from './support/mail-and-webhooks.js';
import { cloneTemplateDatabase } from './support/harness.js';

/**
 * Links in mail sent by a separate `billing-center worker` (docs/notifications.md): `serve`
 * records the address it is reached at in the database, and a worker without
 * BILLING_CENTER_PUBLIC_URL uses it. Both run as the real commands, in child processes.
 */
describe('links in mail from separate worker processes', () => {
  let databaseUrl: string;
  let workDir: string;
  let ctx: AppContext;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    databaseUrl = (await cloneTemplateDatabase()).url;
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-public-url-'));
    ctx = createContext(loadConfig({ BILLING_CENTER_BILLING_INTERVAL_SECONDS: '0' }), databaseUrl, {
      poolSize: 2,
    });
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await ctx.db.destroy();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  const baseEnv = () => ({
    ...process.env,
    DATABASE_URL: databaseUrl,
    HOST: '127.0.0.1',
    PORT: '0',
    BILLING_CENTER_BILLING_INTERVAL_SECONDS: '0',
    BILLING_CENTER_STRIPE_API_BASE: inject('gatewayUrl'),
    BILLING_CENTER_OPERATOR_TOKEN: 'public-url-operator-token-0123456789',
    BILLING_CENTER_IN_PROCESS_WORKERS: 'false',
    BILLING_CENTER_SEED_DEMO: 'false',
    BILLING_CENTER_PUBLIC_URL: '',
  });

  /** Starts a command and resolves once `ready` matches what it printed; returns that match. */
  function start(
    args: string[],
    env: NodeJS.ProcessEnv,
    ready: RegExp,
  ): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
    const { BILLING_CENTER_PUBLIC_URL: publicUrl, ...rest } = env;
    const child = spawn(process.execPath, [path.resolve('bin/billing-center.js'), ...args], {
      env: publicUrl ? { ...rest, BILLING_CENTER_PUBLIC_URL: publicUrl } : rest,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let output = '';
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${args[0]} did not start:\n${output}`)), 60_000);
      const look = (chunk: Buffer) => {
        output += chunk.toString();
        const match = output.match(ready);
        if (match) {
          clearTimeout(timer);
          resolve({ child, match });
        }
      };
      child.stdout!.on('data', look);
      child.stderr!.on('data', look);
      child.on('exit', (code) => reject(new Error(`${args[0]} exited (${code}):\n${output}`)));
    });
  }
  const stop = (child: ChildProcess) =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });

  /** A tenant with an API token, made in the database as `tenant create` and `token create` do. */
  async function tenantWithToken(): Promise<string> {
    const { tenant, adminUserId } = await createTenant(
      ctx.db,
      {
        name: 'Fabrikam',
        billingCountry: 'US',
        admin: {
          email: `admin-${randomBytes(3).toString('hex')}@example.com`,
          displayName: 'Ada Admin',
          password: 'correct horse battery',
        },
      },
      { cloud: ctx.config.cloud, now: new Date(), actor: systemActor },
    );
    const token = newSecret('bct');
    await ctx.db
      .insertInto('api_tokens')
      .values({
        id: newId('apiToken'),
        tenant_id: tenant.id,
        user_id: adminUserId,
        name: 'test',
        token_hash: hashToken(token),
        created_at: new Date(),
      })
      .execute();
    return token;
  }
  async function order(base: string, token: string): Promise<void> {
    const res = await fetch(`${base}/api/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        items: [{ productId: 'o365-e3', quantity: 2 }],
        payment: { method: 'card', paymentMethodId: 'pm_card_visa' },
      }),
    });
    expect(res.status).toBe(201);
  }
  /** The messages a worker wrote (no SMTP: .eml files under its data dir), once there are some. */
  async function mailWritten(dataDir: string): Promise<ReceivedMail[]> {
    const dir = path.join(dataDir, 'mail');
    const deadline = Date.now() + 60_000;
    for (;;) {
      const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.eml')) : [];
      if (files.length > 0) return files.map((f) => parseMail(fs.readFileSync(path.join(dir, f), 'utf8')));
      if (Date.now() > deadline) throw new Error('no mail written');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  const links = (mail: ReceivedMail) =>
    [...`${mail.html}\n${mail.text}`.matchAll(/https?:\/\/[^\s"'<>)]+/g)].map((m) => m[0]);

  it('a worker without BILLING_CENTER_PUBLIC_URL links to where serve is reached; with it, to what it says', async () => {
    const serve = await start(
      ['serve'],
      { ...baseEnv(), BILLING_CENTER_DATA_DIR: path.join(workDir, 'serve') },
      /Admin center\s+(http:\/\/\S+?)\/?\n/,
    );
    const base = serve.match[1]!;
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(base).not.toMatch(/:0$/);
    const token = await tenantWithToken();
    await order(base, token);

    const dataDir = path.join(workDir, 'worker');
    const worker = await start(
      ['worker'],
      { ...baseEnv(), BILLING_CENTER_DATA_DIR: dataDir },
      /workers are running/,
    );
    const mail = await mailWritten(dataDir);
    await stop(worker.child);
    const found = mail.flatMap(links).filter((l) => !l.startsWith('http://www.w3.org'));
    expect(found.length).toBeGreaterThan(0);
    // Every link opens the admin center `serve` runs, not the worker's own default (port 0).
    expect(found.filter((l) => !l.startsWith(`${base}/`))).toEqual([]);

    // An explicit BILLING_CENTER_PUBLIC_URL on the worker still wins.
    await order(base, token);
    const explicitDir = path.join(workDir, 'worker-explicit');
    const explicit = await start(
      ['worker'],
      {
        ...baseEnv(),
        BILLING_CENTER_DATA_DIR: explicitDir,
        BILLING_CENTER_PUBLIC_URL: 'https://billing.example.com',
      },
      /workers are running/,
    );
    const more = await mailWritten(explicitDir);
    await stop(explicit.child);
    await stop(serve.child);
    const explicitLinks = more.flatMap(links).filter((l) => !l.startsWith('http://www.w3.org'));
    expect(explicitLinks.length).toBeGreaterThan(0);
    expect(explicitLinks.filter((l) => !l.startsWith('https://billing.example.com/'))).toEqual([]);
  }, 180_000);
});
