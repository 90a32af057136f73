import type { z } from 'zod';
import type { Config } from '../../config.js';
import { inTransaction } from '../../db/transaction.js';
import { operatorActor } from '../../modules/audit/index.js';
import { createTenant, createTenantSchema } from '../../modules/tenants/index.js';
import { asRerunnable, CliError } from '../cli-error.js';
import { openContext } from '../database.js';
import { readSecret } from '../inputs.js';
import type { Lifecycle } from '../lifecycle.js';

/** Which flag each field of the tenant schema comes from, to name it in errors. */
const flagOf: Record<string, string> = {
  name: '--name',
  billingCountry: '--country',
  'admin.email': '--admin-email',
  'admin.displayName': '--admin-name',
  'admin.password': '--admin-password',
};

/**
 * `billing-center tenant create`: a tenant and its first Global admin, as the operator. The
 * currency follows the billing country (else the cloud's), the locale follows the cloud.
 */
export async function createTenantCommand(
  config: Config,
  lifecycle: Lifecycle,
  args: {
    name: string;
    country: string;
    adminEmail: string;
    adminPassword: string;
    adminName: string | undefined;
  },
): Promise<number> {
  const parsed = createTenantSchema.safeParse({
    name: args.name,
    billingCountry: args.country.trim().toUpperCase(),
    admin: {
      email: args.adminEmail.trim(),
      displayName: args.adminName ?? nameFromEmail(args.adminEmail),
      password: await readSecret(args.adminPassword, '--admin-password'),
    },
  });
  if (!parsed.success) throw invalidArguments(parsed.error);
  const { ctx } = await openContext(config, lifecycle);
  const now = ctx.clock.now();
  const { tenant, adminUserId } = await inTransaction(ctx.db, (trx) =>
    createTenant(trx, parsed.data, { cloud: config.cloud, now, actor: operatorActor }),
  ).catch((error: unknown) => {
    throw asRerunnable(error);
  });
  process.stdout.write(
    [
      `Created tenant "${tenant.name}" (${tenant.id}): ${tenant.billingCountry}, ${tenant.currency}, ${tenant.locale}.`,
      `Global admin: ${parsed.data.admin.email} (${adminUserId}); they can sign in to the admin center now.`,
      `API token for scripts: billing-center token create --tenant ${tenant.id} --user ${parsed.data.admin.email}`,
      '',
    ].join('\n'),
  );
  return 0;
}

/** "jane.doe@contoso.com" → "Jane Doe": a readable default the admin can change later. */
export function nameFromEmail(email: string): string {
  const local = email.split('@')[0] ?? '';
  const words = local.split(/[._+-]+/).filter(Boolean);
  const name = words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join(' ');
  return name || 'Administrator';
}

export function invalidArguments(error: z.ZodError, flags: Record<string, string> = flagOf): CliError {
  const lines = error.issues.map((issue) => {
    const key = issue.path.map(String).join('.');
    return `${flags[key] ?? key}: ${issue.message}`;
  });
  return new CliError(`Invalid arguments:\n  ${lines.join('\n  ')}`, { exitCode: 2 });
}
