import { randomBytes } from 'node:crypto';

/** Every id carries its type (`sub_…`, `ord_…`) so a wrong id in a request is obvious. */
export const idPrefixes = {
  tenant: 'ten',
  user: 'usr',
  session: 'ses',
  apiToken: 'tok',
  subscription: 'sub',
  order: 'ord',
  orderLine: 'orl',
  invoice: 'inv',
  payment: 'pay',
  paymentMethod: 'pm',
  licenseAssignment: 'lic',
  supportRequest: 'sr',
  price: 'price',
} as const;

export type IdKind = keyof typeof idPrefixes;

const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';

/** Time-ordered (so ids sort by creation) and random enough to never collide in practice. */
export function newId(kind: IdKind, now = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 9; i++) {
    time = alphabet[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const bytes = randomBytes(10);
  let random = '';
  for (const b of bytes) random += alphabet[b % 32];
  return `${idPrefixes[kind]}_${time}${random}`;
}

export function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(24).toString('base64url')}`;
}
