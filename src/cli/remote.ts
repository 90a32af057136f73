import { ApiError, call, createBillingCenterClient, type BillingCenterClient } from '../client/index.js';
import { cliLocale } from './locale.js';
import { CliError } from './cli-error.js';

/**
 * The commands that act inside a tenant (subscriptions, orders) talk to a running server
 * through the typed client, with an API token: the same code path as the admin center for
 * rules, idempotency and audit, and they work while `serve` holds the embedded database.
 */
export interface RemoteOptions {
  url: string | undefined;
  token: string | undefined;
}

export interface Remote {
  client: BillingCenterClient;
  url: string;
  /** The data of a successful call; an error answer or an unreachable server throws. */
  call<T>(request: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T>;
}

export function connect(options: RemoteOptions, env: NodeJS.ProcessEnv = process.env): Remote {
  const url = options.url ?? env.BILLING_CENTER_URL;
  const token = options.token ?? env.BILLING_CENTER_TOKEN;
  if (!url) {
    throw new CliError('This command talks to a running Billing Center: give its address.', {
      hint: 'Pass --url http://127.0.0.1:3000 or set BILLING_CENTER_URL.',
      exitCode: 2,
    });
  }
  if (!/^https?:\/\//.test(url)) {
    throw new CliError(`--url must start with http:// or https://; got "${url}".`, { exitCode: 2 });
  }
  if (!token) {
    throw new CliError('This command needs an API token of the tenant (bct_…).', {
      hint:
        'Pass --token or set BILLING_CENTER_TOKEN; make one with ' +
        '"billing-center token create --tenant <tenant> --user <admin email>".',
      exitCode: 2,
    });
  }
  // The server words its problems in the CLI's language (LANG), like the CLI's own errors.
  const client = createBillingCenterClient({ baseUrl: url, token, language: cliLocale() });
  return {
    client,
    url,
    async call<T>(request: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
      try {
        return await call(request);
      } catch (error) {
        if (error instanceof ApiError) throw error;
        throw new CliError(`Cannot reach Billing Center at ${url}: ${(error as Error).message}.`, {
          hint: 'Is "billing-center serve" running there? Check --url or BILLING_CENTER_URL.',
        });
      }
    },
  };
}

/** Options every remote command takes. */
export const remoteOptions = {
  url: {
    type: 'string',
    description: 'Server address (default: BILLING_CENTER_URL), e.g. http://127.0.0.1:3000',
    valueName: 'url',
  },
  token: {
    type: 'string',
    description: 'API token bct_… of a tenant admin (default: BILLING_CENTER_TOKEN)',
    valueName: 'token',
  },
} as const;

/** Rows as aligned columns, for people; --json is for scripts. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n') + '\n';
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Amounts are integers in minor units; people read 12.50. */
export function money(amount: number, currency: string): string {
  try {
    const format = new Intl.NumberFormat('en-US', { style: 'currency', currency });
    return format.format(amount / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
  } catch {
    return `${amount} ${currency} (minor units)`;
  }
}

export function day(value: string | Date | null | undefined): string {
  if (!value) return '—';
  return new Date(value).toISOString().slice(0, 10);
}
