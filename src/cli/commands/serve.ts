import { cloudProfiles, type Config } from '../../config.js';
import {
  demoAdminEmail,
  demoAdminPassword,
  demoCredentialsWork,
  demoTenantName,
  findDemoTenant,
  seedDemo,
} from '../../db/seed.js';
import { buildServer } from '../../http/server.js';
import { systemActor } from '../../modules/audit/index.js';
import { listTenants } from '../../modules/tenants/index.js';
import { OffsetClock, systemClock } from '../../shared/clock.js';
import { startJobWorkers } from '../../jobs/index.js';
import { CliError } from '../cli-error.js';
import { openContext, portInUse } from '../database.js';
import type { Lifecycle } from '../lifecycle.js';
import { ensureOperatorToken } from '../operator-token.js';
import { importCatalogWithProgress } from './catalog.js';
import { startEmbeddedGateway } from './test-gateway.js';
import { mailDir, recordPublicUrl } from '../../modules/notifications/index.js';

/**
 * `billing-center serve`: database → migrations → catalog → demo data (first start) → HTTP
 * server → periodic billing runs, until SIGINT/SIGTERM; then everything stops in reverse order.
 */
export async function serve(baseConfig: Config, lifecycle: Lifecycle): Promise<number> {
  // Fail before minutes of start-up work rather than after (listen below still checks again).
  if (baseConfig.port !== 0 && (await portInUse(baseConfig.port, baseConfig.host)))
    throw httpPortTaken(baseConfig);
  const token = ensureOperatorToken(baseConfig);
  const embedded = await startEmbeddedGateway(token.config, lifecycle);
  const config = embedded.config;
  // With a manual clock the operator can move time through the API; it starts at real time.
  const clock = config.manualClock ? new OffsetClock() : systemClock;
  const { ctx, database, migrations } = await openContext(config, lifecycle, { clock });
  if (migrations.length) say(`Applied ${migrations.length} migration(s): ${migrations.join(', ')}`);

  const catalog = await importCatalogWithProgress(ctx, config.catalogFile, systemActor);

  let demo: 'created' | 'exists' | 'skipped-disabled' | 'skipped-tenants' | 'failed';
  if (!config.seedDemo) demo = 'skipped-disabled';
  else if ((await listTenants(ctx.db)).length > 0)
    demo = (await findDemoTenant(ctx)) ? 'exists' : 'skipped-tenants';
  else {
    say('Creating the demo tenant "Contoso (demo)"…');
    try {
      await seedDemo(ctx);
      demo = 'created';
    } catch (error) {
      // The instance is still useful without its demo data; say why there is none.
      say(`Warning: ${error instanceof Error ? error.message : String(error)}`);
      demo = 'failed';
    }
  }

  const app = await buildServer(ctx, { logger: { level: config.logLevel } });
  lifecycle.defer('close the HTTP server', () => app.close());
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw httpPortTaken(config);
    throw error;
  }

  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const base = `http://${displayHost(config.host)}:${port}`;
  // Links in mail point at where this server really listens (PORT=0 picks the port only now),
  // unless BILLING_CENTER_PUBLIC_URL says otherwise. Set before the workers send anything.
  if (!config.publicUrlConfigured) ctx.config.publicUrl = base;
  // Separate `billing-center worker` processes read it from there (docs/notifications.md).
  await recordPublicUrl(ctx);

  if (config.inProcessWorkers) {
    const workers = await startJobWorkers(ctx, {
      log: (message, error) => app.log.error({ err: error }, message),
    });
    lifecycle.defer('stop the job workers', workers.stop);
  }

  const profile = cloudProfiles[config.cloud];
  const rows: [string, string][] = [
    ['Admin center', `${base}/`],
    ['API docs', `${base}/api/docs`],
    ['Cloud', `${config.cloud} (${profile.currency}, ${profile.locale})`],
    ['Database', database.description],
    ['Catalog', `${catalog.version} (${config.catalogFile})`],
    ['Demo sign-in', demoLine(demo)],
    ['Payments', paymentsLine(config, embedded.gateway !== null)],
    [
      'Operator token',
      // Never the token itself: start output ends up in log collectors.
      token.source === 'environment'
        ? 'set by BILLING_CENTER_OPERATOR_TOKEN'
        : `in ${token.file} (mode 0600; read it with: cat ${token.file})`,
    ],
    [
      'Billing runs',
      config.billingIntervalSeconds > 0
        ? `every ${Math.max(1, Math.round(config.billingIntervalSeconds / 60))} min (job queue)`
        : 'off (BILLING_CENTER_BILLING_INTERVAL_SECONDS=0)',
    ],
    ['Job workers', config.inProcessWorkers ? 'in this process' : 'none here: run "billing-center worker"'],
    [
      'Mail',
      config.smtpUrl
        ? `SMTP ${new URL(config.smtpUrl).host}`
        : `written to ${mailDir(config)} (${base}/api/operator/mail.html)`,
    ],
  ];
  if (config.manualClock) rows.push(['Clock', 'manual: the operator can move it (POST /api/operator/clock)']);
  const width = Math.max(...rows.map(([label]) => label.length));
  const demoOpen = await demoCredentialsWork(ctx);
  process.stdout.write(
    [
      '',
      `  Billing Center is running.`,
      '',
      ...(demoOpen
        ? [
            `  !! DEMO INSTANCE: anyone can sign in as ${demoAdminEmail} with the password published in README.md.`,
            '  !! Change that password or delete the demo tenant before real use; never expose this instance.',
            '',
          ]
        : []),
      ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`),
      '',
      '  Press Ctrl+C to stop.',
      '',
      '',
    ].join('\n'),
  );

  const reason = await lifecycle.stopRequested;
  // Asked to stop is a normal end; PostgreSQL going away under a running server is not.
  return reason.kind === 'signal' ? 0 : reason.exitCode;
}

function httpPortTaken(config: Config): CliError {
  return new CliError(
    `Port ${config.port} on ${config.host} is already in use, so the server cannot listen.`,
    {
      hint: 'Stop the other program or choose another port, e.g. PORT=3001 npm start.',
    },
  );
}

function paymentsLine(config: Config, embedded: boolean): string {
  const p = config.payments;
  if (p.mode === 'stripe')
    return `Stripe (${p.secretKey.includes('_live_') ? 'live' : 'test'} mode, BILLING_CENTER_STRIPE_SECRET_KEY)`;
  const where = embedded
    ? `in-process, ledger in ${p.testGateway.dataDir}`
    : 'BILLING_CENTER_STRIPE_API_BASE';
  return `test gateway ${p.apiBase} (${where}; test cards: docs/payments.md)`;
}

function demoLine(demo: 'created' | 'exists' | 'skipped-disabled' | 'skipped-tenants' | 'failed'): string {
  const login = `${demoAdminEmail} / ${demoAdminPassword}`;
  switch (demo) {
    case 'created':
      return `${login} (tenant "${demoTenantName}", just created)`;
    case 'exists':
      return `${login} (tenant "${demoTenantName}", unless the password was changed)`;
    case 'skipped-disabled':
      return 'none (BILLING_CENTER_SEED_DEMO=false, or DATABASE_URL is set: set BILLING_CENTER_SEED_DEMO=true to seed it)';
    case 'skipped-tenants':
      return 'none (the database already had tenants; run "billing-center seed" to add it)';
    case 'failed':
      return 'none (seeding failed, see the warning above)';
  }
}

/** 0.0.0.0 and :: listen everywhere, but a browser needs an address it can open. */
function displayHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

function say(line: string): void {
  process.stderr.write(`${line}\n`);
}
