import { useTranslation } from 'react-i18next';
import { useSubscriptions } from '../api/queries';
import type { SupportRequest } from '../api/types';

/**
 * A support request's subject in the reader's language. The server stores the subject in the
 * words of whoever opened it; a removal request also keeps its type and subscription, so the
 * subject is rebuilt from those (the product name comes translated with the subscriptions). A
 * general request's subject is what its author typed, shown as typed.
 */
export function useSupportSubject() {
  const { t } = useTranslation();
  const subscriptions = useSubscriptions();
  return (r: Pick<SupportRequest, 'type' | 'subject' | 'subscriptionId'>) => {
    if (r.type !== 'remove_traditional_addon' || !r.subscriptionId) return r.subject;
    const name = subscriptions.data?.subscriptions
      .flatMap((s) => [s, ...(s.addOns ?? [])])
      .find((s) => s.id === r.subscriptionId)?.productName;
    return name ? t('web.supportSubject.remove_traditional_addon', { name }) : r.subject;
  };
}
