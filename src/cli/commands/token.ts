import type { Config } from '../../config.js';
import { hashToken } from '../../http/auth.js';
import { createApiToken } from '../../modules/api-tokens/index.js';
import { operatorActor } from '../../modules/audit/index.js';
import { findUserByEmail } from '../../modules/tenants/index.js';
import { newSecret } from '../../shared/ids.js';
import { CliError } from '../cli-error.js';
import { openContext } from '../database.js';
import { resolveTenant } from '../inputs.js';
import type { Lifecycle } from '../lifecycle.js';

/**
 * `billing-center token create --tenant <t> --user <email> [--name <n>]`: an API token that
 * acts as that user, with that user's role. Only its hash is stored: the token is printed
 * once, on stdout alone, so `TOKEN=$(billing-center token create …)` works.
 */
export async function createTokenCommand(
  config: Config,
  lifecycle: Lifecycle,
  args: { tenant: string; userEmail: string; name: string },
): Promise<number> {
  const name = args.name.trim();
  if (name.length === 0 || name.length > 100) {
    throw new CliError('--name must have between 1 and 100 characters.', { exitCode: 2 });
  }
  const { ctx } = await openContext(config, lifecycle);
  const tenant = await resolveTenant(ctx.db, args.tenant);
  const user = await findUserByEmail(ctx.db, tenant.id, args.userEmail.trim());
  if (!user) {
    throw new CliError(`"${tenant.name}" has no user with the email ${args.userEmail}.`, {
      hint: `Create one first: billing-center user create --tenant ${tenant.id} --email ${args.userEmail} --name "…"`,
    });
  }
  const secret = newSecret('bct');
  const token = await createApiToken(ctx.db, {
    tenantId: tenant.id,
    userId: user.id,
    name,
    tokenHash: hashToken(secret),
    now: ctx.clock.now(),
    actor: operatorActor,
  });
  process.stderr.write(
    `Created API token "${token.name}" (${token.id}) acting as ${user.email} (${user.role}) in "${tenant.name}".\n` +
      'It is shown only now; send it as "Authorization: Bearer <token>":\n',
  );
  process.stdout.write(`${secret}\n`);
  return 0;
}
