import type { Executor } from '../modules/audit/index.js';
import { findTenant, listTenants, toTenantView, type TenantView } from '../modules/tenants/index.js';
import { CliError } from './cli-error.js';

/**
 * A secret given on the command line, or "-" to read it from the first line of stdin, which
 * keeps it out of the shell history and the process list.
 *
 * @example
 * // echo "$ADMIN_PASSWORD" | billing-center tenant create … --admin-password -
 * const password = await readSecret(options['admin-password'], '--admin-password');
 */
export async function readSecret(value: string, flag: string): Promise<string> {
  if (value !== '-') return value;
  if (process.stdin.isTTY) {
    throw new CliError(`${flag} - reads the value from stdin, but stdin is a terminal.`, {
      hint: `Pipe it in (printf '%s' "$SECRET" | billing-center …) or give it after ${flag}.`,
    });
  }
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  const line = text.split(/\r?\n/)[0] ?? '';
  if (!line) throw new CliError(`${flag} -: stdin was empty.`);
  return line;
}

/**
 * A tenant named by its id (ten_…) or by its exact name (letter case ignored). Names are
 * not unique, so an ambiguous name is refused with the ids to choose from.
 */
export async function resolveTenant(db: Executor, idOrName: string): Promise<TenantView> {
  const byId = await findTenant(db, idOrName);
  if (byId) return toTenantView(byId);
  const wanted = idOrName.trim().toLowerCase();
  const matches = (await listTenants(db)).filter((tenant) => tenant.name.toLowerCase() === wanted);
  if (matches.length === 1) return toTenantView(matches[0]!);
  if (matches.length > 1) {
    throw new CliError(`${matches.length} tenants are named "${idOrName}".`, {
      hint: `Give the id instead: ${matches.map((tenant) => tenant.id).join(', ')}.`,
    });
  }
  throw new CliError(`No tenant has the id or name "${idOrName}".`, {
    hint: 'Tenant ids start with "ten_"; "billing-center tenant list" lists every tenant with its id and name.',
  });
}
