import { useTranslation } from 'react-i18next';
import { useSubscriptions } from '../api/queries';
import type { Subscription } from '../api/types';

interface Line {
  description: string;
  subscriptionId: string | null;
  quantity: number;
}

/**
 * An invoice line in the reader's language. The server writes `description` in English when the
 * line is made; the line also keeps its subscription and quantity, and the invoice its kind, so
 * the sentence is rebuilt from those with the product's name in the UI language. A line whose
 * subscription the tenant no longer lists keeps the server's words.
 */
export function useInvoiceLineText() {
  const { t } = useTranslation();
  const subscriptions = useSubscriptions();
  const all = new Map<string, Pick<Subscription, 'productName' | 'unit'>>();
  for (const s of subscriptions.data?.subscriptions ?? [])
    for (const x of [s, ...(s.addOns ?? [])]) all.set(x.id, x);
  return (kind: string, line: Line) => {
    const sub = line.subscriptionId ? all.get(line.subscriptionId) : undefined;
    if (!sub) return line.description;
    const product = sub.productName;
    switch (kind) {
      case 'order':
        return product;
      case 'quantity_change': {
        const count = t(`unit.count.${sub.unit}`, { count: Math.abs(line.quantity) });
        return t('web.invoiceLine.quantityChange', {
          product,
          delta: `${line.quantity < 0 ? '−' : '+'}${count}`,
        });
      }
      case 'credit':
        return t('web.invoiceLine.credit', { product });
      case 'renewal':
        return t('web.invoiceLine.renewal', { product });
      case 'period':
        return t('web.invoiceLine.period', { product });
      default:
        return line.description;
    }
  };
}
