import { Button, MessageBar, MessageBarBody, Text, tokens } from '@fluentui/react-components';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import type { CancelResult, Subscription } from '../../api/types';
import { useFormat } from '../../lib/format';
import { ConfirmDialog } from '../../components/ActionDialog';
import { ErrorBar } from '../../components/Feedback';
import { ifMatch, useInvalidateBilling } from '../../components/SubscriptionDialogs';

/**
 * Cancel subscription: within the refund window, explains the prorated refund and cancels;
 * after it, explains why only turning off recurring billing is possible.
 */
export function CancelDialog({
  subscription,
  windowHours,
  onCancelled,
}: {
  subscription: Subscription;
  windowHours: number;
  onCancelled: (result: CancelResult) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const invalidate = useInvalidateBilling();
  const [open, setOpen] = useState(false);
  const cancel = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/subscriptions/{id}/cancel', {
          params: { path: { id: subscription.id }, header: ifMatch(subscription) },
          body: {},
        }),
      ),
    onSuccess: (result) => {
      invalidate();
      setOpen(false);
      onCancelled(result);
    },
  });
  const live = subscription.status === 'active' || subscription.status === 'warning';
  const addOns = (subscription.addOns ?? []).filter((a) => a.status === 'active' || a.status === 'warning');
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={setOpen}
      trigger={<Button disabled={!live}>{t('sub.cancel')}</Button>}
      title={t('sub.cancelTitle', { name: subscription.productName })}
      stacked
      error={cancel.error}
      cancelLabel={subscription.actions.cancel ? t('sub.cancelKeep') : t('app.close')}
      confirmLabel={subscription.actions.cancel ? t('sub.cancelConfirm') : undefined}
      onConfirm={() => cancel.mutate()}
      pending={cancel.isPending}
    >
      {subscription.actions.cancel ? (
        <>
          <Text>
            {t('sub.cancelWindow', {
              hours: windowHours,
              date: format.dateTime(subscription.refundWindowEndsAt),
            })}
          </Text>
          {addOns.length > 0 && (
            <Text>{t('sub.cancelAddOns', { names: addOns.map((a) => a.productName).join(', ') })}</Text>
          )}
          {subscription.unit === 'user' && <Text>{t('sub.cancelLicenses')}</Text>}
          {open && <RefundPreview subscription={subscription} />}
        </>
      ) : (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>
            {t('sub.cannotCancel', {
              date: format.dateTime(subscription.refundWindowEndsAt),
              end: format.date(subscription.termEnd),
            })}
          </MessageBarBody>
        </MessageBar>
      )}
    </ConfirmDialog>
  );
}

/** The refunds a cancellation would give (the API's dry run): the subscription and its traditional add-ons. */
export function RefundPreview({ subscription }: { subscription: Subscription }) {
  const { t } = useTranslation();
  const format = useFormat();
  const preview = useQuery({
    queryKey: ['preview', 'cancel', subscription.id, subscription.version],
    retry: false,
    queryFn: () =>
      call(
        api.POST('/api/subscriptions/{id}/cancel', {
          params: { path: { id: subscription.id }, query: { dryRun: 'true' } },
          body: {},
        }),
      ),
  });
  const money = (n: number) => format.money(n, subscription.currency);
  const nameOf = (id: string) =>
    id === subscription.id
      ? subscription.productName
      : ((subscription.addOns ?? []).find((a) => a.id === id)?.productName ?? id);
  if (preview.isPending) return <Text aria-live="polite">{t('preview.loading')}</Text>;
  if (preview.error) return <ErrorBar error={preview.error} />;
  const ended = preview.data.ended;
  const total = ended.reduce((sum, e) => sum + e.refund + e.refundTax, 0);
  return (
    <div aria-live="polite" data-testid="refund-preview">
      <Text weight="semibold" block>
        {t('preview.refundTitle')}
      </Text>
      {total === 0 ? (
        <Text>{t('preview.noRefund')}</Text>
      ) : (
        <>
          <ul style={{ margin: 0, paddingInlineStart: tokens.spacingHorizontalL }}>
            {ended.map((e) => (
              <li key={e.subscriptionId}>
                {t('preview.refundLine', { name: nameOf(e.subscriptionId), amount: money(e.refund) })}
              </li>
            ))}
          </ul>
          <Text weight="semibold">{t('preview.refundTotal', { amount: money(total) })}</Text>
        </>
      )}
    </div>
  );
}
