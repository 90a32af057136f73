import { pickLocale, type UiLocale } from '../shared/locale.js';

/**
 * The language of the CLI's messages: the POSIX locale variables in their order of precedence
 * (LC_ALL, LC_MESSAGES, LANG; "de_DE.UTF-8" reads German), else English. "C" and "POSIX" are
 * not languages the server speaks, so they read English too.
 */
export function cliLocale(env: NodeJS.ProcessEnv = process.env): UiLocale {
  return pickLocale(env.LC_ALL, env.LC_MESSAGES, env.LANG);
}
