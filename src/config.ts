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
}

export const defaultPolicy: Policy = {
  cancellationWindowHours: 168,
  expiredDays: 30,
  disabledDays: 90,
  renewalRetryIntervalDays: 3,
  warningDays: 30,
  invoicePaymentTermDays: 30,
  sessionHours: 12,
};

export interface Config {
  port: number;
  host: string;
  /** External PostgreSQL; when absent an embedded server is started under dataDir. */
  databaseUrl: string | undefined;
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
  policy: Policy;
}

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().optional(),
  BILLING_CENTER_DATA_DIR: z.string().default('./data'),
  BILLING_CENTER_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54320),
  BILLING_CENTER_CLOUD: z.enum(clouds).default('worldwide'),
  BILLING_CENTER_CATALOG: z.string().default('catalog/default.yaml'),
  BILLING_CENTER_OPERATOR_TOKEN: z.string().min(16).optional(),
  BILLING_CENTER_SEED_DEMO: z.enum(['true', 'false']).optional(),
  BILLING_CENTER_TRUST_PROXY: z
    .string()
    .regex(/^(true|false|\d+|[0-9a-fA-F.:/]+(,[0-9a-fA-F.:/]+)*)$/, 'true, false, a hop count or comma-separated proxy addresses')
    .default('false'),
  BILLING_CENTER_SIGN_IN_ATTEMPTS_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  BILLING_CENTER_MANUAL_CLOCK: z.enum(['true', 'false']).default('false'),
  BILLING_CENTER_BILLING_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(60),
  LOG_LEVEL: z.string().default('info'),
});

const policyEnv: Record<keyof Policy, string> = {
  cancellationWindowHours: 'BILLING_CENTER_POLICY_CANCELLATION_WINDOW_HOURS',
  expiredDays: 'BILLING_CENTER_POLICY_EXPIRED_DAYS',
  disabledDays: 'BILLING_CENTER_POLICY_DISABLED_DAYS',
  renewalRetryIntervalDays: 'BILLING_CENTER_POLICY_RENEWAL_RETRY_INTERVAL_DAYS',
  warningDays: 'BILLING_CENTER_POLICY_WARNING_DAYS',
  invoicePaymentTermDays: 'BILLING_CENTER_POLICY_INVOICE_PAYMENT_TERM_DAYS',
  sessionHours: 'BILLING_CENTER_POLICY_SESSION_HOURS',
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
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL || undefined,
    dataDir: path.resolve(e.BILLING_CENTER_DATA_DIR),
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
    policy: loadPolicy(env),
  };
}

function parseTrustProxy(value: string): boolean | number | string[] {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(',');
}
