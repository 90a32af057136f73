import { useTranslation } from 'react-i18next';
import type { Unit } from '../api/types';

/**
 * "€1.90 per license/month", except for prepaid credits: a credit is bought, not rented, so it
 * is priced per credit without a period.
 */
export function usePriceText() {
  const { t } = useTranslation();
  return (price: string, unit: Unit, billingFrequency: 'monthly' | 'annual') =>
    unit === 'credit'
      ? t('web.priceOnce', { price, unit: t('unit.per.credit') })
      : t('buy.priceEach', {
          price,
          unit: t(`unit.per.${unit}`),
          period: t(`frequency.periodShort.${billingFrequency}`),
        });
}
