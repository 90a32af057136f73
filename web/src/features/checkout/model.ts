import type { AddonEligibility, QuoteProblem, Unit } from '../../api/types';

export type Step = 'configure' | 'review' | 'payment' | 'done';
export const stepOrder: Step[] = ['configure', 'review', 'payment', 'done'];
export type OfferKey = 'monthly-monthly' | 'annual-monthly' | 'annual-annual';

export interface Sellable {
  productId: string;
  name: string;
  description: string;
  kind: 'base' | 'traditional' | 'standalone';
  unit: Unit;
  min: number;
  max: number;
  currency: string;
  offers: {
    key: OfferKey;
    commitment: 'monthly' | 'annual';
    billingFrequency: 'monthly' | 'annual';
    unitAmount: number;
  }[];
  eligibility?: AddonEligibility;
}

export const offerKey = (o: { commitment: string; billingFrequency: string }) =>
  `${o.commitment}-${o.billingFrequency}` as OfferKey;

/** Which form field a checkout problem belongs next to. */
export function fieldOf(problem: QuoteProblem): 'quantity' | 'offer' | 'base' | 'general' {
  switch (problem.code) {
    case 'quantity_out_of_bounds':
    case 'quantity_exceeds_base':
    case 'validation_failed':
      return 'quantity';
    case 'billing_frequency_mismatch':
    case 'offer_not_available':
      return 'offer';
    case 'base_subscription_required':
    case 'base_subscription_not_eligible':
    case 'addon_already_on_base':
      return 'base';
    default:
      return 'general';
  }
}
