import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config.js';

/**
 * Secrets the server must read back in clear (webhook signing secrets) are kept encrypted at
 * rest with AES-256-GCM (docs/security.md, "Secrets at rest"): a copy of the database alone
 * does not give them away. The key is BILLING_CENTER_SECRETS_KEY (32 bytes, base64 or hex) or,
 * when unset, `<data dir>/secrets-key`, generated on first use with mode 0600 like the
 * operator token. Every stored value names the key it was sealed with.
 */

const prefix = 'bcenc:v1';
const keys = new Map<string, Buffer>();

function parseKey(text: string, source: string): Buffer {
  const value = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  if (key.length !== 32) throw new Error(`${source} must hold a 32-byte key (64 hex digits or base64).`);
  return key;
}

function keyFor(config: Config): Buffer {
  if (config.secretsKey) {
    let key = keys.get(`env:${config.secretsKey}`);
    if (!key) {
      key = parseKey(config.secretsKey, 'BILLING_CENTER_SECRETS_KEY');
      keys.set(`env:${config.secretsKey}`, key);
    }
    return key;
  }
  const file = path.join(config.dataDir, 'secrets-key');
  const cached = keys.get(file);
  if (cached) return cached;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    fs.mkdirSync(config.dataDir, { recursive: true });
    try {
      // 'wx': a key another process wrote a moment ago is never overwritten.
      fs.writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    text = fs.readFileSync(file, 'utf8');
  }
  const key = parseKey(text, file);
  keys.set(file, key);
  return key;
}

function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/** Encrypts a secret for storage. */
export function sealSecret(config: Config, plain: string): string {
  const key = keyFor(config);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  const parts = [iv, cipher.getAuthTag(), data].map((b) => b.toString('base64url'));
  return `${prefix}:${keyId(key)}:${parts.join(':')}`;
}

export function isSealed(stored: string): boolean {
  return stored.startsWith(`${prefix}:`);
}

/**
 * The secret in clear. A value stored before encryption existed is returned as it is (and is
 * sealed by its next write). A value sealed with another key is an error that names the cause.
 */
export function openSecret(config: Config, stored: string): string {
  if (!isSealed(stored)) return stored;
  const [, , id, iv, tag, data] = stored.split(':');
  const key = keyFor(config);
  if (!id || !iv || !tag || data === undefined) throw new Error('A stored secret is damaged.');
  if (id !== keyId(key)) {
    throw new Error(
      `A stored secret was sealed with another key (${id}); set BILLING_CENTER_SECRETS_KEY or <data dir>/secrets-key to that key.`,
    );
  }
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
}
