import { MessageBar, MessageBarBody } from '@fluentui/react-components';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, call } from '../../api/client';
import type { QuantityChange, Subscription } from '../../api/types';
import { useFormat } from '../../lib/format';

/** What a quantity change did, in a sentence. */
export function useChangeSummary() {
  const { t } = useTranslation();
  const format = useFormat();
  return (result: QuantityChange) => {
    const { change, subscription } = result;
    // The API says how the change was collected: charged now, or due on an invoice.
    const byInvoice = change.collection === 'invoice';
    const money = (n: number) => format.money(Math.abs(n), subscription.currency);
    switch (change.type) {
      case 'increase':
        return t(byInvoice ? 'web.quantityChangedInvoice' : 'sub.quantityChangedUp', {
          quantity: change.to,
          amount: money(change.total),
          date: format.date(subscription.periodEnd),
        });
      case 'decrease':
        return t('sub.quantityChangedDown', { quantity: change.to, amount: money(change.total) });
      case 'scheduled_decrease':
      case 'scheduled_decrease_withdrawn':
        return t('sub.quantityScheduled', { quantity: change.to, date: format.date(change.effectiveAt) });
    }
  };
}

/** The value once it has stopped changing for `ms` milliseconds. */
function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * What a quantity change would do, from the API's dry run (`?dryRun=true`: priced and checked,
 * nothing changed), asked once the number has settled.
 */
export function QuantityPreview({
  subscription,
  quantity,
}: {
  subscription: Subscription;
  quantity: number | undefined;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const settled = useDebounced(quantity, 350);
  const wanted = settled !== undefined && settled !== subscription.quantity ? settled : undefined;
  const preview = useQuery({
    queryKey: ['preview', 'quantity', subscription.id, subscription.version, wanted],
    enabled: wanted !== undefined,
    retry: false,
    staleTime: 30_000,
    placeholderData: keepPreviousData,
    queryFn: () =>
      call(
        api.POST('/api/subscriptions/{id}/quantity', {
          params: { path: { id: subscription.id }, query: { dryRun: 'true' } },
          body: { quantity: wanted as number },
        }),
      ),
  });
  if (quantity === undefined) return null;
  let text: string | undefined;
  let intent: 'info' | 'error' = 'info';
  if (quantity === subscription.quantity) text = t('preview.noChange');
  else if (quantity !== settled || preview.isFetching || (preview.isPending && wanted !== undefined))
    text = t('preview.loading');
  else if (preview.error) {
    intent = 'error';
    text = preview.error instanceof ApiError ? preview.error.detail : t('app.unexpected');
  } else if (preview.data) {
    const { change } = preview.data;
    const byInvoice = change.collection === 'invoice';
    const money = (n: number) => format.money(Math.abs(n), subscription.currency);
    switch (change.type) {
      case 'increase':
        text =
          change.total > 0
            ? t(byInvoice ? 'web.previewInvoice' : 'preview.charge', {
                amount: money(change.total),
                days: change.proratedDays,
                total: change.periodDays,
              })
            : t(byInvoice ? 'web.previewInvoiceNoDays' : 'preview.chargeNoDays', {
                amount: money(change.total),
              });
        break;
      case 'decrease':
        text = t('preview.credit', { amount: money(change.total) });
        break;
      case 'scheduled_decrease':
      case 'scheduled_decrease_withdrawn':
        text = t('preview.scheduled', { date: format.date(change.effectiveAt) });
        break;
    }
  }
  return (
    <div aria-live="polite" data-testid="quantity-preview">
      {text && (
        <MessageBar intent={intent} layout="multiline">
          <MessageBarBody>{text}</MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}
