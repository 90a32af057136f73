import { randomBytes } from 'node:crypto';

export interface CardDetails {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
  holderName?: string | undefined;
}

export interface TokenizedCard {
  token: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
}

export type ChargeResult =
  | { status: 'succeeded'; reference: string }
  | { status: 'declined'; code: 'card_declined' | 'insufficient_funds' | 'expired_card'; message: string };

export interface RefundResult {
  status: 'succeeded';
  reference: string;
}

/**
 * The one seam to a real payment processor. Billing Center only ever holds the gateway's
 * token and the card's brand/last four digits; the card number goes straight to `tokenizeCard`
 * and is dropped.
 */
export interface PaymentGateway {
  readonly name: string;
  tokenizeCard(card: CardDetails, now: Date): TokenizedCard;
  charge(input: { token: string; amount: number; currency: string; description: string }): Promise<ChargeResult>;
  refund(input: { token: string; amount: number; currency: string; chargeReference?: string }): Promise<RefundResult>;
}

export class InvalidCardError extends Error {
  constructor(
    readonly reason: 'invalid_number' | 'expired' | 'invalid_cvc',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Test cards of the built-in gateway (documented in docs/payments.md):
 * - 4242 4242 4242 4242 (and any other valid Visa/Mastercard number): succeeds
 * - 4000 0000 0000 0002: declined
 * - 4000 0000 0000 9995: declined for insufficient funds
 */
export const testCards = {
  success: '4242424242424242',
  declined: '4000000000000002',
  insufficientFunds: '4000000000009995',
} as const;

function luhnValid(digits: string): boolean {
  let total = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    total += d;
  }
  return total % 10 === 0;
}

function brandOf(digits: string): string {
  if (digits.startsWith('4')) return 'visa';
  if (/^5[1-5]/.test(digits) || /^2[2-7]/.test(digits)) return 'mastercard';
  if (/^3[47]/.test(digits)) return 'amex';
  return 'card';
}

export class TestPaymentGateway implements PaymentGateway {
  readonly name = 'test';

  tokenizeCard(card: CardDetails, now: Date): TokenizedCard {
    const digits = card.number.replace(/[\s-]/g, '');
    if (!/^\d{12,19}$/.test(digits) || !luhnValid(digits)) {
      throw new InvalidCardError('invalid_number', 'The card number is not valid.');
    }
    if (!/^\d{3,4}$/.test(card.cvc)) {
      throw new InvalidCardError('invalid_cvc', 'The security code must be 3 or 4 digits.');
    }
    const endOfExpiryMonth = Date.UTC(card.expYear, card.expMonth, 1);
    if (endOfExpiryMonth <= now.getTime()) {
      throw new InvalidCardError('expired', 'The card has expired.');
    }
    // The outcome is carried in the token, the way a real gateway's test mode keys behaviour
    // off test card numbers, so the number itself never needs to be kept.
    const outcome =
      digits === testCards.declined ? 'decline' : digits === testCards.insufficientFunds ? 'nofunds' : 'ok';
    return {
      token: `tgw_${outcome}_${randomBytes(12).toString('hex')}`,
      brand: brandOf(digits),
      last4: digits.slice(-4),
      expMonth: card.expMonth,
      expYear: card.expYear,
    };
  }

  async charge(input: { token: string; amount: number }): Promise<ChargeResult> {
    if (input.token.startsWith('tgw_decline_')) {
      return { status: 'declined', code: 'card_declined', message: 'The card was declined by the issuer.' };
    }
    if (input.token.startsWith('tgw_nofunds_')) {
      return {
        status: 'declined',
        code: 'insufficient_funds',
        message: 'The card has insufficient funds for this amount.',
      };
    }
    return { status: 'succeeded', reference: `ch_${randomBytes(10).toString('hex')}` };
  }

  async refund(): Promise<RefundResult> {
    return { status: 'succeeded', reference: `re_${randomBytes(10).toString('hex')}` };
  }
}
