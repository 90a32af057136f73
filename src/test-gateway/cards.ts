/**
 * Stripe's published test cards and payment-method ids, with the outcome each one produces.
 * The same names work against real Stripe in test mode, so a demo script or test written
 * against the test gateway behaves alike there.
 */

export type CardOutcome =
  | { kind: 'succeed' }
  | {
      kind: 'decline';
      code:
        'card_declined' | 'expired_card' | 'incorrect_cvc' | 'processing_error' | 'authentication_required';
      declineCode: string;
      message: string;
    };

export interface TestCard {
  number: string;
  brand: string;
  outcome: CardOutcome;
}

const declined = (
  code: Extract<CardOutcome, { kind: 'decline' }>['code'],
  declineCode: string,
  message: string,
): CardOutcome => ({ kind: 'decline', code, declineCode, message });

const ok: CardOutcome = { kind: 'succeed' };

/** By card number (digits only). Any other valid number succeeds. */
export const cardsByNumber: Record<string, TestCard> = {
  '4242424242424242': { number: '4242424242424242', brand: 'visa', outcome: ok },
  '4000056655665556': { number: '4000056655665556', brand: 'visa', outcome: ok },
  '5555555555554444': { number: '5555555555554444', brand: 'mastercard', outcome: ok },
  '378282246310005': { number: '378282246310005', brand: 'amex', outcome: ok },
  '4000000000000002': {
    number: '4000000000000002',
    brand: 'visa',
    outcome: declined('card_declined', 'generic_decline', 'Your card was declined.'),
  },
  '4000000000009995': {
    number: '4000000000009995',
    brand: 'visa',
    outcome: declined('card_declined', 'insufficient_funds', 'Your card has insufficient funds.'),
  },
  '4000000000000069': {
    number: '4000000000000069',
    brand: 'visa',
    outcome: declined('expired_card', 'expired_card', 'Your card has expired.'),
  },
  '4000000000000127': {
    number: '4000000000000127',
    brand: 'visa',
    outcome: declined('incorrect_cvc', 'incorrect_cvc', "Your card's security code is incorrect."),
  },
  '4000000000000119': {
    number: '4000000000000119',
    brand: 'visa',
    outcome: declined(
      'processing_error',
      'processing_error',
      'An error occurred while processing your card. Try again in a little bit.',
    ),
  },
  // Attaches fine, then every charge is declined: what a renewal meets when a card was cancelled.
  '4000000000000341': {
    number: '4000000000000341',
    brand: 'visa',
    outcome: declined('card_declined', 'generic_decline', 'Your card was declined.'),
  },
  '4000002760003184': {
    number: '4000002760003184',
    brand: 'visa',
    outcome: declined(
      'authentication_required',
      'authentication_required',
      'Your card was declined. This transaction requires authentication.',
    ),
  },
};

/** Stripe's test payment-method ids, usable wherever a `pm_…` id is expected. */
export const testPaymentMethodIds: Record<string, string> = {
  pm_card_visa: '4242424242424242',
  pm_card_visa_debit: '4000056655665556',
  pm_card_mastercard: '5555555555554444',
  pm_card_amex: '378282246310005',
  pm_card_chargeDeclined: '4000000000000002',
  pm_card_chargeDeclinedInsufficientFunds: '4000000000009995',
  pm_card_chargeDeclinedExpiredCard: '4000000000000069',
  pm_card_chargeDeclinedIncorrectCvc: '4000000000000127',
  pm_card_chargeDeclinedProcessingError: '4000000000000119',
  pm_card_chargeCustomerFail: '4000000000000341',
  pm_card_authenticationRequired: '4000002760003184',
};

export function luhnValid(digits: string): boolean {
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

export function brandOf(digits: string): string {
  if (digits.startsWith('4')) return 'visa';
  if (/^5[1-5]/.test(digits) || /^2[2-7]/.test(digits)) return 'mastercard';
  if (/^3[47]/.test(digits)) return 'amex';
  return 'unknown';
}

export function cardFor(digits: string): TestCard {
  return cardsByNumber[digits] ?? { number: digits, brand: brandOf(digits), outcome: ok };
}
