import { randomBytes } from 'node:crypto';

/** Every id carries its type (`sub_…`, `ord_…`) so a wrong id in a request is obvious. */
export const idPrefixes = {
  tenant: 'ten',
  user: 'usr',
  session: 'ses',
  recoveryCode: 'rc',
  apiToken: 'tok',
  subscription: 'sub',
  order: 'ord',
  orderLine: 'orl',
  invoice: 'inv',
  payment: 'pay',
  bankTransfer: 'btr',
  paymentAttempt: 'pat',
  paymentMethod: 'pm',
  licenseAssignment: 'lic',
  supportRequest: 'sr',
  price: 'price',
  event: 'evt',
  emailDelivery: 'eml',
  webhookEndpoint: 'we',
  webhookDelivery: 'whd',
  testClock: 'clock',
} as const;

export type IdKind = keyof typeof idPrefixes;

const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';

function encode(value: number, length: number): string {
  let out = '';
  let v = value;
  for (let i = 0; i < length; i++) {
    out = alphabet[v % 32] + out;
    v = Math.floor(v / 32);
  }
  return out;
}

// Ids made in the same millisecond (a frozen test clock, a burst) still sort in creation
// order within this process, thanks to a sequence between the time and the random part.
let sequence = 0;

/** Time-ordered (so ids sort by creation) and random enough to never collide in practice. */
export function newId(kind: IdKind, now = Date.now()): string {
  sequence = (sequence + 1) % 32 ** 4;
  const bytes = randomBytes(8);
  let random = '';
  for (const b of bytes) random += alphabet[b % 32];
  return `${idPrefixes[kind]}_${encode(now, 9)}${encode(sequence, 4)}${random}`;
}

export function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(24).toString('base64url')}`;
}
