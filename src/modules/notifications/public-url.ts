import type { AppContext } from '../../app-context.js';
import { findPublicUrl, savePublicUrl } from './public-url.repository.js';

/**
 * `serve` at start: the address the admin center is reached at (BILLING_CENTER_PUBLIC_URL, else
 * where it listens), kept in the database for the `billing-center worker` processes, which
 * have no server and so no address of their own.
 */
export async function recordPublicUrl(ctx: AppContext): Promise<void> {
  await savePublicUrl(ctx.db, ctx.config.publicUrl, ctx.clock.now());
}

/**
 * The base of links in mail: BILLING_CENTER_PUBLIC_URL when this process has it, else what
 * `serve` recorded at its last start (read on every message, so workers follow a restarted
 * `serve` on another port), else this process's own default.
 */
export async function mailPublicUrl(ctx: AppContext): Promise<string> {
  if (ctx.config.publicUrlConfigured) return ctx.config.publicUrl;
  return (await findPublicUrl(ctx.db)) ?? ctx.config.publicUrl;
}
