import { readFile } from 'node:fs/promises';
import type { Config } from '../../config.js';
import { inTransaction } from '../../db/transaction.js';
import { operatorActor } from '../../modules/audit/index.js';
import {
  createUser,
  createUserBodySchema,
  importUsers,
  parseUsersCsv,
  type ImportReport,
  type UsersCsvRow,
} from '../../modules/users/index.js';
import { isAppError } from '../../shared/app-error.js';
import { asRerunnable, CliError } from '../cli-error.js';
import { cliLocale } from '../locale.js';
import { openContext } from '../database.js';
import { readSecret, resolveTenant } from '../inputs.js';
import type { Lifecycle } from '../lifecycle.js';
import { startProgress } from '../progress.js';
import { invalidArguments } from './tenant.js';

/** Rows per call of `importUsers`: small enough for a smooth bar, large enough to stay fast. */
const rowsPerStep = 100;

/** `billing-center user create`: one user, with the audit entry the API would write. */
export async function createUserCommand(
  config: Config,
  lifecycle: Lifecycle,
  args: {
    tenant: string;
    email: string;
    name: string;
    role: string | undefined;
    password: string | undefined;
  },
): Promise<number> {
  const parsed = createUserBodySchema.safeParse({
    email: args.email.trim(),
    displayName: args.name,
    // "license-admin" and "License_Admin" mean license_admin.
    role: args.role === undefined ? undefined : args.role.trim().toLowerCase().replaceAll('-', '_'),
    password: args.password === undefined ? undefined : await readSecret(args.password, '--password'),
  });
  if (!parsed.success) {
    throw invalidArguments(parsed.error, {
      email: '--email',
      displayName: '--name',
      role: '--role',
      password: '--password',
    });
  }
  const { ctx } = await openContext(config, lifecycle);
  const tenant = await resolveTenant(ctx.db, args.tenant);
  const user = await createUser(ctx.db, {
    tenantId: tenant.id,
    input: parsed.data,
    now: ctx.clock.now(),
    actor: operatorActor,
  }).catch((error: unknown) => {
    throw asRerunnable(error);
  });
  process.stdout.write(
    `Created ${user.email} (${user.id}) in "${tenant.name}" as ${parsed.data.role}` +
      `${parsed.data.password ? '; they can sign in to the admin center' : ''}.\n`,
  );
  return 0;
}

/**
 * `billing-center user import --tenant <t> <file.csv> [--atomic] [--json]`: the CSV import of
 * the API, fed in steps so that a progress bar can follow it. All steps share one transaction,
 * so the outcome is the same as one import: without --atomic good rows are created and bad
 * rows reported; with --atomic any bad row leaves the tenant unchanged. Every row is reported
 * (as text, or the whole report as JSON with --json). Exit status: 0 when no row had an error,
 * 1 when some did, 2 when the file cannot be used at all (unreadable, not a users CSV).
 */
export async function importUsersCommand(
  config: Config,
  lifecycle: Lifecycle,
  args: { tenant: string; file: string; atomic: boolean; json: boolean },
): Promise<number> {
  let text: string;
  try {
    text = await readFile(args.file, 'utf8');
  } catch (error) {
    throw new CliError(`Cannot read ${args.file}: ${(error as Error).message}.`, { exitCode: 2 });
  }
  // Parsing needs no database: a broken header fails before anything starts.
  let rows: UsersCsvRow[];
  try {
    rows = parseUsersCsv(text);
  } catch (error) {
    if (!isAppError(error) || error.code !== 'csv_invalid') throw error;
    throw new CliError(`${args.file} is not a users CSV [csv_invalid]: ${error.detailIn(cliLocale())}`, {
      hint:
        error.hintIn(cliLocale()) ??
        'The first line names the columns: email,displayName,role (role optional).',
      exitCode: 2,
    });
  }
  const { ctx } = await openContext(config, lifecycle);
  const tenant = await resolveTenant(ctx.db, args.tenant);
  const now = ctx.clock.now();
  const common = { tenantId: tenant.id, now, actor: operatorActor, atomic: args.atomic };

  const progress = startProgress(`Importing ${rows.length} user(s) into "${tenant.name}"`, {
    total: rows.length,
  });
  let report: ImportReport;
  try {
    if (args.atomic && rows.some((row) => !row.ok)) {
      // Nothing will be created: one call gives the module's own "not applied" report.
      report = await importUsers(ctx.db, { ...common, rows });
      progress.update(rows.length);
    } else {
      report = await inTransaction(ctx.db, async (trx) => {
        const parts: ImportReport[] = [];
        for (const step of stepsOf(rows, rowsPerStep)) {
          parts.push(await importUsers(trx, { ...common, rows: step }));
          progress.advance(step.length);
        }
        return mergeReports(parts);
      });
    }
  } catch (error) {
    progress.fail();
    throw asRerunnable(error);
  }
  progress.finish(
    report.applied
      ? `Imported into "${tenant.name}": ${report.created} created, ${report.skipped} skipped, ${report.errors} error(s).`
      : `Nothing imported into "${tenant.name}" (--atomic): ${report.errors} row(s) have errors.`,
  );
  if (args.json) {
    process.stdout.write(
      `${JSON.stringify(
        {
          tenant: { id: tenant.id, name: tenant.name },
          file: args.file,
          applied: report.applied,
          created: report.created,
          skipped: report.skipped,
          errors: report.errors,
          rows: report.rows.map((r) => ({
            row: r.row,
            email: r.email,
            status: r.status,
            code: r.code,
            message: r.message,
            userId: r.userId,
          })),
        },
        null,
        2,
      )}\n`,
    );
  } else {
    for (const row of report.rows) {
      const detail = row.status === 'created' ? ` ${row.userId}` : ` [${row.code}] ${row.message}`;
      process.stdout.write(`  row ${row.row} ${row.email || '(no email)'}: ${row.status}${detail}\n`);
    }
  }
  return report.errors > 0 ? 1 : 0;
}

/**
 * Cuts rows into steps, keeping every repeat of an email in the step of its first occurrence
 * so the module still reports it as `duplicate_in_file` rather than as an existing user.
 */
export function stepsOf(rows: readonly UsersCsvRow[], size: number): UsersCsvRow[][] {
  const steps: UsersCsvRow[][] = [];
  const stepOfEmail = new Map<string, UsersCsvRow[]>();
  let current: UsersCsvRow[] = [];
  for (const row of rows) {
    const key = row.ok ? row.email.toLowerCase() : undefined;
    const earlier = key === undefined ? undefined : stepOfEmail.get(key);
    if (earlier) {
      earlier.push(row);
      continue;
    }
    if (current.length >= size) current = [];
    if (current.length === 0) steps.push(current);
    current.push(row);
    if (key !== undefined) stepOfEmail.set(key, current);
  }
  return steps;
}

function mergeReports(parts: readonly ImportReport[]): ImportReport {
  return {
    applied: parts.every((part) => part.applied),
    created: parts.reduce((sum, part) => sum + part.created, 0),
    skipped: parts.reduce((sum, part) => sum + part.skipped, 0),
    errors: parts.reduce((sum, part) => sum + part.errors, 0),
    rows: parts.flatMap((part) => part.rows).sort((a, b) => a.row - b.row),
  };
}
