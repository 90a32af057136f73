import { MessageBar, MessageBarBody } from '@fluentui/react-components';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, call } from '../../api/client';
import { usePaymentMethods } from '../../api/queries';
import type { QuantityChange, Subscription } from '../../api/types';
import { useFormat } from '../../lib/format';

/**
 * Whether a change is paid by invoice rather than charged: the server bills it to the tenant's
 * default payment method (else the one of the order that bought the subscription, which the web
 * does not see; a tenant with a single method has used it for that order).
 */
export function usePaysByInvoice(): boolean {
  const methods = usePaymentMethods().data?.paymentMethods ?? [];
  const chosen = methods.find((m) => m.isDefault) ?? (methods.length === 1 ? methods[0] : undefined);
  return chosen?.type === 'invoice';
}

/** What a quantity change did, in a sentence. */
export function useChangeSummary() {
  const { t } = useTranslation();
  const format = useFormat();
  const byInvoice = usePaysByInvoice();
  return (result: QuantityChange) => {
    const { change, subscription } = result;
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
  const byInvoice = usePaysByInvoice();
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
