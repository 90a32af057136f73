import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { z } from 'zod';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;

/** How many password checks ran: lets a test see that an unknown email costs a hash too. */
export const passwordCheckCount = { value: 0 };

/** scrypt with a random salt; stored as `scrypt$<salt>$<hash>` (base64url). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, 32);
  return `scrypt$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

let dummyHash: Promise<string> | undefined;

/**
 * Checks a password against a stored hash. Without a hash (unknown email, user without a
 * password) it hashes anyway, against a throw-away hash, so the answer takes as long.
 */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  passwordCheckCount.value++;
  const [scheme, saltText, hashText] = (stored ?? '').split('$');
  if (scheme !== 'scrypt' || !saltText || !hashText) {
    dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
    const [, dummySalt, dummyText] = (await dummyHash).split('$');
    await scryptAsync(
      password,
      Buffer.from(dummySalt!, 'base64url'),
      Buffer.from(dummyText!, 'base64url').length,
    );
    return false;
  }
  const expected = Buffer.from(hashText, 'base64url');
  const actual = await scryptAsync(password, Buffer.from(saltText, 'base64url'), expected.length);
  return timingSafeEqual(actual, expected);
}

export const minimumPasswordLength = 12;

let commonPasswords: Set<string> | undefined;

/** The list shipped beside this file (read from the sources when running a compiled build). */
function loadCommonPasswords(): Set<string> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [
    here,
    path.resolve(here, '../../../../src/modules/tenants'),
    path.resolve('src/modules/tenants'),
  ];
  for (const dir of candidates) {
    const file = path.join(dir, 'common-passwords.txt');
    if (!fs.existsSync(file)) continue;
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    return new Set(lines.filter((line) => line && !line.startsWith('#')));
  }
  throw new Error('common-passwords.txt is missing: it ships with the sources (src/modules/tenants).');
}

/**
 * Why a new password is refused, or undefined when it is fine: at least 12 characters, and
 * neither a common or breached password nor one of them followed by digits or symbols
 * ("password2026!"), ignoring case.
 */
export function passwordWeakness(password: string): { en: string; fr: string } | undefined {
  if (password.length < minimumPasswordLength) {
    return {
      en: `Use at least ${minimumPasswordLength} characters.`,
      fr: `Utilisez au moins ${minimumPasswordLength} caractères.`,
    };
  }
  commonPasswords ??= loadCommonPasswords();
  const lower = password.toLowerCase();
  const base = lower.replace(/[\d\W_]+$/u, '');
  if (commonPasswords.has(lower) || commonPasswords.has(base)) {
    return {
      en: 'This password is among the most common or breached ones: choose another (a few unrelated words work well).',
      fr: 'Ce mot de passe fait partie des plus courants ou des plus divulgués : choisissez-en un autre (quelques mots sans rapport conviennent bien).',
    };
  }
  return undefined;
}

/** Every new password: the API, the CLI and the web forms share this rule. */
export const newPasswordSchema = z
  .string()
  .max(200)
  .superRefine((value, context) => {
    const weakness = passwordWeakness(value);
    if (weakness) context.addIssue({ code: 'custom', message: weakness.en });
  })
  .describe(`At least ${minimumPasswordLength} characters, not a common or breached password`);
