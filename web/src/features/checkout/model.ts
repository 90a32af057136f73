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

/**
 * Which form field a checkout problem belongs next to: the field the server points at
 * (`field`, the last step of `path`), so a new business error needs no change here.
 */
export function fieldOf(problem: QuoteProblem): 'quantity' | 'offer' | 'base' | 'general' {
  switch (problem.field) {
    case 'quantity':
      return 'quantity';
    case 'billingFrequency':
      return 'offer';
    case 'baseSubscriptionId':
      return 'base';
    default:
      return 'general';
  }
}
