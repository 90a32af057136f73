import { createHash, randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import type { Role } from '../../db/schema.js';
import { AppError, msg } from '../../shared/app-error.js';
import { newId } from '../../shared/ids.js';
import type { Executor } from '../audit/index.js';
import {
  addFailure,
  claimTotpStep,
  clearThrottle,
  findThrottle,
  lockAccount,
  replaceRecoveryCodes,
  useRecoveryCode,
} from './security.repository.js';

/**
 * Brute-force policy per account (docs/security.md): the first `freeFailures` wrong answers in a
 * row cost nothing; each one after that locks the account for twice as long as the previous
 * lock, from `firstLockSeconds` up to `maxLockSeconds`. A day without failures forgets them.
 */
export const lockoutPolicy = {
  freeFailures: 5,
  firstLockSeconds: 30,
  maxLockSeconds: 15 * 60,
  forgetAfterHours: 24,
} as const;

export function lockSecondsAfter(failures: number): number {
  if (failures < lockoutPolicy.freeFailures) return 0;
  const doublings = Math.min(failures - lockoutPolicy.freeFailures, 20);
  return Math.min(lockoutPolicy.firstLockSeconds * 2 ** doublings, lockoutPolicy.maxLockSeconds);
}

export function tooManyAttempts(retryAfterSeconds: number): AppError {
  return new AppError('too_many_requests', msg.tooManyAccountFailures({ seconds: retryAfterSeconds }), {
    details: { retryAfterSeconds },
    hint: msg.eachFailureDoublesWait(),
  });
}

/** Seconds the account must still wait, or 0. */
export async function lockedFor(db: Executor, account: string, now: Date): Promise<number> {
  const throttle = await findThrottle(db, account);
  if (!throttle?.locked_until || throttle.locked_until <= now) return 0;
  return Math.ceil((throttle.locked_until.getTime() - now.getTime()) / 1000);
}

/** Counts a failure; returns the lock it starts (seconds), 0 when none. */
export async function registerFailure(
  db: Executor,
  account: string,
  now: Date,
): Promise<{ failures: number; lockSeconds: number }> {
  const forgetBefore = new Date(now.getTime() - lockoutPolicy.forgetAfterHours * 3_600_000);
  const failures = await addFailure(db, account, now, forgetBefore);
  const lockSeconds = lockSecondsAfter(failures);
  if (lockSeconds > 0) await lockAccount(db, account, new Date(now.getTime() + lockSeconds * 1000));
  return { failures, lockSeconds };
}

export async function registerSuccess(db: Executor, account: string): Promise<void> {
  await clearThrottle(db, account);
}

/** The throttle key of a sign-in: the email, known or not, so lockouts reveal nothing. */
export const passwordAccount = (email: string) => `password:${email.trim().toLowerCase()}`;
export const secondStepAccount = (userId: string) => `second-step:${userId}`;

// ---- TOTP (RFC 6238) ----------------------------------------------------------------------

const period = 30;

function totpFor(secretBase32: string, email: string): TOTP {
  return new TOTP({
    issuer: 'Billing Center',
    label: email,
    algorithm: 'SHA1',
    digits: 6,
    period,
    secret: Secret.fromBase32(secretBase32),
  });
}

export function newTotpSecret(email: string): { secret: string; otpauthUri: string } {
  const secret = new Secret({ size: 20 }).base32;
  return { secret, otpauthUri: totpFor(secret, email).toString() };
}

/** The current code, for tests and for people who script their own authenticator. */
export function totpCode(secretBase32: string, at: Date): string {
  return TOTP.generate({
    secret: Secret.fromBase32(secretBase32),
    period,
    digits: 6,
    algorithm: 'SHA1',
    timestamp: at.getTime(),
  });
}

/**
 * Accepts a code of the current 30-second step or of the one just before or after (clock drift),
 * once only: a code seen on a shoulder or in a log cannot be used again.
 */
export async function acceptTotp(
  db: Executor,
  user: { id: string; email: string; totp_secret: string | null },
  code: string,
  now: Date,
): Promise<boolean> {
  if (!user.totp_secret || !/^\d{6}$/.test(code)) return false;
  const delta = totpFor(user.totp_secret, user.email).validate({
    token: code,
    timestamp: now.getTime(),
    window: 1,
  });
  if (delta === null) return false;
  const step = Math.floor(now.getTime() / 1000 / period) + delta;
  return claimTotpStep(db, user.id, step);
}

export const recoveryCodeCount = 10;

function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(code.replaceAll('-', '').toLowerCase()).digest('hex');
}

/** New single-use recovery codes (shown once); the old ones stop working. */
export async function issueRecoveryCodes(db: Executor, tenantId: string, userId: string): Promise<string[]> {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const codes = Array.from({ length: recoveryCodeCount }, () => {
    const bytes = randomBytes(10);
    const chars = Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
  await replaceRecoveryCodes(
    db,
    tenantId,
    userId,
    codes.map((code) => ({ id: newId('recoveryCode'), code_hash: hashRecoveryCode(code) })),
  );
  return codes;
}

export async function acceptRecoveryCode(
  db: Executor,
  userId: string,
  code: string,
  now: Date,
): Promise<boolean> {
  if (!/^[a-z0-9]{5}-?[a-z0-9]{5}$/i.test(code.trim())) return false;
  return useRecoveryCode(db, userId, hashRecoveryCode(code.trim()), now);
}

/** Admin roles that the tenant's "require two-step sign-in for admins" setting covers. */
export function isAdminRole(role: Role): boolean {
  return role !== 'user';
}
