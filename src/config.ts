import path from 'node:path';
import { z } from 'zod';

export const clouds = ['worldwide', 'germany', '21vianet'] as const;
export type Cloud = (typeof clouds)[number];

export const locales = ['en-US', 'fr-FR'] as const;
export type Locale = (typeof locales)[number];

/** What each cloud sells in and speaks by default (PRODUCT.md §2). */
export const cloudProfiles: Record<
  Cloud,
  { currency: 'USD' | 'EUR' | 'CNY'; locale: string; navigation: 'purchase-services' | 'subscriptions' }
> = {
  worldwide: { currency: 'USD', locale: 'en-US', navigation: 'purchase-services' },
  germany: { currency: 'EUR', locale: 'de-DE', navigation: 'subscriptions' },
  '21vianet': { currency: 'CNY', locale: 'zh-CN', navigation: 'subscriptions' },
};

/**
 * Every policy number lives here (PRODUCT.md §5). Each can be overridden by an environment
 * variable of the same name in SCREAMING_SNAKE_CASE prefixed with BILLING_CENTER_POLICY_.
 */
export interface Policy {
  /** Hours after purchase or renewal during which reductions and cancellation are refunded. */
  cancellationWindowHours: number;
  /** Days an expired subscription stays usable before it is disabled. */
  expiredDays: number;
  /** Days a disabled subscription stays (admins only) before it is deleted. */
  disabledDays: number;
  /** Days between retries of a failed renewal payment while in the warning state. */
  renewalRetryIntervalDays: number;
  /** Days a subscription may stay in warning before it expires. */
  warningDays: number;
  /** Days until an invoice paid by bank transfer is due. */
  invoicePaymentTermDays: number;
  /** Session cookie lifetime. */
  sessionHours: number;
  /** Days past an open invoice's due date before the first payment reminder. */
  dunningFirstReminderDays: number;
  /** Days past due before the second reminder. */
  dunningSecondReminderDays: number;
  /** Days past due before the final warning that names the suspension date. */
  dunningWarningDays: number;
  /** Days past due before the subscriptions the invoice covers are suspended (until paid). */
  dunningSuspensionDays: number;
}

export const defaultPolicy: Policy = {
  cancellationWindowHours: 168,
  expiredDays: 30,
  disabledDays: 90,
  renewalRetryIntervalDays: 3,
  warningDays: 30,
  invoicePaymentTermDays: 30,
  sessionHours: 12,
  dunningFirstReminderDays: 1,
  dunningSecondReminderDays: 7,
  dunningWarningDays: 14,
  dunningSuspensionDays: 21,
};

export interface Config {
  port: number;
  host: string;
  /** External PostgreSQL; when absent an embedded server is started under dataDir. */
  databaseUrl: string | undefined;
  /**
   * Repeated statements as named prepared statements (src/db/prepared.ts). Off for a connection
   * pooler that cannot keep them (PgBouncer before 1.21 in transaction mode).
   */
  preparedStatements: boolean;
  dataDir: string;
  embeddedPostgresPort: number;
  cloud: Cloud;
  catalogFile: string;
  operatorToken: string | undefined;
  /** Demo tenant on an empty database: on by default with the embedded PostgreSQL only. */
  seedDemo: boolean;
  /** Fastify's trustProxy: false, true, a hop count, or addresses/CIDRs of the proxies. */
  trustProxy: boolean | number | string[];
  /** Sign-in attempts (password or second step) a client address may make per minute. */
  signInAttemptsPerMinute: number;
  logLevel: string;
  /** Lets an operator move time (POST /api/operator/clock); never on in production. */
  manualClock: boolean;
  billingIntervalSeconds: number;
  /** How often pending payment attempts are reconciled with the gateway (0: only at start). */
  reconcileIntervalSeconds: number;
  /**
   * How long a payment attempt may stay pending before reconciliation treats it as in doubt
   * (its request died, or its gateway call never answered). Longer than any gateway call.
   */
  reconcileAfterSeconds: number;
  /** `serve` runs the job workers itself; false when `billing-center worker` processes do. */
  inProcessWorkers: boolean;
  policy: Policy;
  /** Notifications: SMTP server (nodemailer URL); absent, mail is written as .eml files. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Where the admin center is reached, for links in emails. */
  publicUrl: string;
  /**
   * BILLING_CENTER_PUBLIC_URL was given. Otherwise `serve` replaces `publicUrl` with the address
   * it actually listens on (PORT=0 only knows its port once listening).
   */
  publicUrlConfigured: boolean;
  /** Lets webhook endpoints use http://127.0.0.1 / localhost (tests and local demos only). */
  webhooksAllowLocalhost: boolean;
  /**
   * Key that encrypts secrets kept at rest (webhook signing secrets); unset, one is generated in
   * `<dataDir>/secrets-key`. Every process sharing the database needs the same one.
   */
  secretsKey: string | undefined;
  /** Lets webhook endpoints reach private, link-local and reserved addresses (SSRF guard off). */
  webhooksAllowPrivateNetworks: boolean;
  /** First delay before an email the SMTP server refused is tried again (doubling, 8 tries). */
  mailRetrySeconds: number;
  payments: PaymentsConfig;
  /** Who issues the invoices: printed as the seller on every PDF. */
  seller: Seller;
}

export interface Seller {
  legalName: string;
  /** Postal address, one entry per printed line. */
  addressLines: string[];
  taxId: string | null;
  email: string | null;
}

/**
 * Where payments go. With a Stripe secret key: real Stripe. Otherwise the built-in
 * Stripe-compatible test gateway: the one at `apiBase` when given, else the one `serve`
 * starts in-process on `testGateway.port`. The same adapter serves all three.
 */
export interface PaymentsConfig {
  mode: 'stripe' | 'test-external' | 'test-embedded';
  secretKey: string;
  publishableKey: string;
  /** Base URL of a Stripe-compatible API (the test gateway); undefined means api.stripe.com. */
  apiBase: string | undefined;
  testGateway: { port: number; dataDir: string };
}

/** The keys the built-in test gateway accepts unless told otherwise (not secrets: test only). */
export const testGatewayKeys = {
  secretKey: 'sk_test_billing_center_test_gateway',
  publishableKey: 'pk_test_billing_center_test_gateway',
} as const;

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().optional(),
  BILLING_CENTER_DB_PREPARED_STATEMENTS: z.enum(['true', 'false']).default('true'),
  BILLING_CENTER_DATA_DIR: z.string().default('./data'),
  BILLING_CENTER_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54320),
  BILLING_CENTER_CLOUD: z.enum(clouds).default('worldwide'),
  BILLING_CENTER_CATALOG: z.string().default('catalog/default.yaml'),
  BILLING_CENTER_OPERATOR_TOKEN: z.string().min(16).optional(),
  BILLING_CENTER_SEED_DEMO: z.enum(['true', 'false']).optional(),
  BILLING_CENTER_TRUST_PROXY: z
    .string()
    .regex(
      /^(true|false|\d+|[0-9a-fA-F.:/]+(,[0-9a-fA-F.:/]+)*)$/,
      'true, false, a hop count or comma-separated proxy addresses',
    )
    .default('false'),
  BILLING_CENTER_SIGN_IN_ATTEMPTS_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  BILLING_CENTER_MANUAL_CLOCK: z.enum(['true', 'false']).default('false'),
  BILLING_CENTER_BILLING_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(60),
  BILLING_CENTER_RECONCILE_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(300),
  BILLING_CENTER_RECONCILE_AFTER_SECONDS: z.coerce.number().int().min(0).default(120),
  BILLING_CENTER_IN_PROCESS_WORKERS: z.enum(['true', 'false']).default('true'),
  LOG_LEVEL: z.string().default('info'),
  BILLING_CENTER_SELLER_NAME: z.string().trim().min(1).max(200).default('Billing Center Operator'),
  BILLING_CENTER_SELLER_ADDRESS: z.string().max(1000).default('1 Example Street|00000 Example City|US'),
  BILLING_CENTER_SELLER_TAX_ID: z.string().max(100).optional(),
  BILLING_CENTER_SELLER_EMAIL: z.string().max(200).optional(),
  BILLING_CENTER_SMTP_URL: z.string().optional(),
  BILLING_CENTER_MAIL_FROM: z.string().default('Billing Center <billing@localhost>'),
  BILLING_CENTER_PUBLIC_URL: z.string().url().optional(),
  BILLING_CENTER_WEBHOOKS_ALLOW_LOCALHOST: z.enum(['true', 'false']).default('false'),
  BILLING_CENTER_WEBHOOKS_ALLOW_PRIVATE_NETWORKS: z.enum(['true', 'false']).default('false'),
  BILLING_CENTER_SECRETS_KEY: z
    .string()
    .regex(
      /^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=?)$/,
      '32 bytes as 64 hex digits or base64 (openssl rand -base64 32)',
    )
    .optional(),
  BILLING_CENTER_MAIL_RETRY_SECONDS: z.coerce.number().int().min(1).default(30),
  BILLING_CENTER_STRIPE_SECRET_KEY: z
    .string()
    .regex(/^(sk|rk)_(test|live)_\w+$/, 'a Stripe secret key (sk_live_… or sk_test_…)')
    .optional(),
  BILLING_CENTER_STRIPE_PUBLISHABLE_KEY: z
    .string()
    .regex(/^pk_(test|live)_\w+$/, 'a Stripe publishable key (pk_…)')
    .optional(),
  BILLING_CENTER_STRIPE_API_BASE: z.url({ protocol: /^https?$/ }).optional(),
  BILLING_CENTER_TEST_GATEWAY_PORT: z.coerce.number().int().min(0).max(65535).optional(),
});

const policyEnv: Record<keyof Policy, string> = {
  cancellationWindowHours: 'BILLING_CENTER_POLICY_CANCELLATION_WINDOW_HOURS',
  expiredDays: 'BILLING_CENTER_POLICY_EXPIRED_DAYS',
  disabledDays: 'BILLING_CENTER_POLICY_DISABLED_DAYS',
  renewalRetryIntervalDays: 'BILLING_CENTER_POLICY_RENEWAL_RETRY_INTERVAL_DAYS',
  warningDays: 'BILLING_CENTER_POLICY_WARNING_DAYS',
  invoicePaymentTermDays: 'BILLING_CENTER_POLICY_INVOICE_PAYMENT_TERM_DAYS',
  sessionHours: 'BILLING_CENTER_POLICY_SESSION_HOURS',
  dunningFirstReminderDays: 'BILLING_CENTER_POLICY_DUNNING_FIRST_REMINDER_DAYS',
  dunningSecondReminderDays: 'BILLING_CENTER_POLICY_DUNNING_SECOND_REMINDER_DAYS',
  dunningWarningDays: 'BILLING_CENTER_POLICY_DUNNING_WARNING_DAYS',
  dunningSuspensionDays: 'BILLING_CENTER_POLICY_DUNNING_SUSPENSION_DAYS',
};

export function loadPolicy(env: NodeJS.ProcessEnv = process.env): Policy {
  const policy = { ...defaultPolicy };
  for (const [key, name] of Object.entries(policyEnv) as [keyof Policy, string][]) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0) {
      throw new Error(`${name} must be a whole number ≥ 0, got "${raw}"`);
    }
    policy[key] = value;
  }
  return policy;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.BILLING_CENTER_DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL || undefined,
    preparedStatements: e.BILLING_CENTER_DB_PREPARED_STATEMENTS === 'true',
    dataDir,
    embeddedPostgresPort: e.BILLING_CENTER_PG_PORT,
    cloud: e.BILLING_CENTER_CLOUD,
    catalogFile: path.resolve(e.BILLING_CENTER_CATALOG),
    operatorToken: e.BILLING_CENTER_OPERATOR_TOKEN,
    seedDemo: e.BILLING_CENTER_SEED_DEMO ? e.BILLING_CENTER_SEED_DEMO === 'true' : !e.DATABASE_URL,
    trustProxy: parseTrustProxy(e.BILLING_CENTER_TRUST_PROXY),
    signInAttemptsPerMinute: e.BILLING_CENTER_SIGN_IN_ATTEMPTS_PER_MINUTE,
    logLevel: e.LOG_LEVEL,
    manualClock: e.BILLING_CENTER_MANUAL_CLOCK === 'true',
    billingIntervalSeconds: e.BILLING_CENTER_BILLING_INTERVAL_SECONDS,
    reconcileIntervalSeconds: e.BILLING_CENTER_RECONCILE_INTERVAL_SECONDS,
    reconcileAfterSeconds: e.BILLING_CENTER_RECONCILE_AFTER_SECONDS,
    inProcessWorkers: e.BILLING_CENTER_IN_PROCESS_WORKERS === 'true',
    policy: loadPolicy(env),
    seller: {
      legalName: e.BILLING_CENTER_SELLER_NAME,
      // One env variable for the whole address: lines separated by "|".
      addressLines: e.BILLING_CENTER_SELLER_ADDRESS.split('|')
        .map((l) => l.trim())
        .filter((l) => l !== ''),
      taxId: e.BILLING_CENTER_SELLER_TAX_ID?.trim() || null,
      email: e.BILLING_CENTER_SELLER_EMAIL?.trim() || null,
    },
    smtpUrl: e.BILLING_CENTER_SMTP_URL || undefined,
    mailFrom: e.BILLING_CENTER_MAIL_FROM,
    publicUrl: (
      e.BILLING_CENTER_PUBLIC_URL ?? `http://${e.HOST === '0.0.0.0' ? 'localhost' : e.HOST}:${e.PORT}`
    ).replace(/\/$/, ''),
    publicUrlConfigured: e.BILLING_CENTER_PUBLIC_URL !== undefined,
    webhooksAllowLocalhost: e.BILLING_CENTER_WEBHOOKS_ALLOW_LOCALHOST === 'true',
    webhooksAllowPrivateNetworks: e.BILLING_CENTER_WEBHOOKS_ALLOW_PRIVATE_NETWORKS === 'true',
    secretsKey: e.BILLING_CENTER_SECRETS_KEY,
    mailRetrySeconds: e.BILLING_CENTER_MAIL_RETRY_SECONDS,
    payments: paymentsConfig(e, dataDir),
  };
}

function paymentsConfig(e: z.infer<typeof envSchema>, dataDir: string): PaymentsConfig {
  // PORT=0 (tests, several servers on one machine) picks a free port for the gateway too.
  const testGateway = {
    port: e.BILLING_CENTER_TEST_GATEWAY_PORT ?? (e.PORT === 0 ? 0 : 12111),
    dataDir: path.join(dataDir, 'test-gateway'),
  };
  const secretKey = e.BILLING_CENTER_STRIPE_SECRET_KEY || undefined;
  const apiBase = e.BILLING_CENTER_STRIPE_API_BASE?.replace(/\/+$/, '') || undefined;
  if (secretKey && !apiBase) {
    const publishableKey = e.BILLING_CENTER_STRIPE_PUBLISHABLE_KEY;
    if (!publishableKey)
      throw new Error(
        'Invalid configuration: BILLING_CENTER_STRIPE_PUBLISHABLE_KEY is required with BILLING_CENTER_STRIPE_SECRET_KEY (the browser needs it for Stripe Elements)',
      );
    if (secretKey.includes('_live_') !== publishableKey.includes('_live_'))
      throw new Error(
        'Invalid configuration: the Stripe secret and publishable keys must both be live or both be test keys',
      );
    return { mode: 'stripe', secretKey, publishableKey, apiBase: undefined, testGateway };
  }
  // A key given with an API base is the test gateway's own key (a gateway run with other keys).
  return {
    mode: apiBase ? 'test-external' : 'test-embedded',
    secretKey: secretKey ?? testGatewayKeys.secretKey,
    publishableKey: e.BILLING_CENTER_STRIPE_PUBLISHABLE_KEY ?? testGatewayKeys.publishableKey,
    apiBase: apiBase ?? `http://127.0.0.1:${testGateway.port}`,
    testGateway,
  };
}

function parseTrustProxy(value: string): boolean | number | string[] {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(',');
}
