import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { newSecret } from '../shared/ids.js';
import { CliError } from './cli-error.js';

export interface OperatorTokenChoice {
  /** A new configuration carrying the token; the one passed in is never changed. */
  config: Config;
  source: 'environment' | 'file' | 'generated';
  /** The file that keeps a generated token, when that is where it comes from. */
  file: string | undefined;
}

/** Shortest token the configuration accepts (BILLING_CENTER_OPERATOR_TOKEN). */
const minimumLength = 16;

/**
 * The operator credential: BILLING_CENTER_OPERATOR_TOKEN when set; otherwise the token kept in
 * `<dataDir>/operator-token`, generated (mode 0600) on first start so it survives restarts.
 *
 * @example
 * const { config: withToken, source } = ensureOperatorToken(loadConfig());
 * // withToken.operatorToken is set; source says where it came from
 */
export function ensureOperatorToken(config: Config): OperatorTokenChoice {
  if (config.operatorToken) return { config, source: 'environment', file: undefined };
  const file = path.join(config.dataDir, 'operator-token');
  const kept = readKeptToken(file);
  if (kept) return { config: { ...config, operatorToken: kept }, source: 'file', file };
  fs.mkdirSync(config.dataDir, { recursive: true });
  const token = newSecret('bco');
  try {
    // 'wx': never overwrite a token another process wrote a moment ago.
    fs.writeFileSync(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return ensureOperatorToken(config);
    throw new CliError(`Cannot write the operator token to ${file}: ${(error as Error).message}.`, {
      hint: 'Make BILLING_CENTER_DATA_DIR writable, or set BILLING_CENTER_OPERATOR_TOKEN yourself.',
    });
  }
  return { config: { ...config, operatorToken: token }, source: 'generated', file };
}

function readKeptToken(file: string): string | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CliError(`Cannot read the operator token in ${file}: ${(error as Error).message}.`);
  }
  const token = text.trim();
  if (token.length < minimumLength || /\s/.test(token)) {
    throw new CliError(
      `${file} does not hold a usable operator token (one line of at least ${minimumLength} characters).`,
      {
        hint: 'Delete the file to have a new token generated, or set BILLING_CENTER_OPERATOR_TOKEN.',
      },
    );
  }
  return token;
}
