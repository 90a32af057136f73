import { Button, MessageBar, MessageBarBody, Text, tokens } from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, call } from '../api/client';
import { keys } from '../api/queries';
import type { CancelResult, QuantityChange, Subscription } from '../api/types';
import { QuantityPreview, useChangeSummary } from '../features/subscription/QuantityPreview';
import { useFormat } from '../lib/format';
import { ConfirmDialog, FormDialog } from './ActionDialog';
import { ErrorBar } from './Feedback';
import { parseQuantity, QuantitySpin } from './QuantitySpin';

function ifMatch(s: Pick<Subscription, 'version'>) {
  return { 'if-match': `"v${s.version}"` };
}

/** After any change: every view of subscriptions and licenses is stale. */
function useInvalidateBilling() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: ['subscriptions'] });
    void queryClient.invalidateQueries({ queryKey: keys.licenses });
    void queryClient.invalidateQueries({ queryKey: ['catalog', 'addons'] });
  };
}

/**
 * Change quantity / Add or remove licenses. Worldwide: "Submit change"; germany and 21vianet:
 * a total-licenses box with up/down arrows and "Submit" (the source's moniker sections).
 */
export function QuantityDialog({
  subscription,
  triggerLabel,
  classic,
  onChanged,
  appearance = 'secondary',
}: {
  subscription: Subscription;
  triggerLabel: string;
  classic: boolean;
  onChanged: (result: QuantityChange) => void;
  appearance?: 'primary' | 'secondary' | 'subtle';
}) {
  const { t } = useTranslation();
  const invalidate = useInvalidateBilling();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState(String(subscription.quantity));
  // What is being typed, so the preview follows the number before the box commits it.
  const [draft, setDraft] = useState<string | undefined>();
  const min = subscription.unit === 'user' ? Math.max(subscription.assigned ?? 0, 1) : 1;
  const max = 1_000_000;
  const quantity = parseQuantity(text, 0, max);
  const change = useMutation({
    mutationFn: (q: number) =>
      call(
        api.POST('/api/subscriptions/{id}/quantity', {
          params: { path: { id: subscription.id }, header: ifMatch(subscription) },
          body: { quantity: q },
        }),
      ),
    onSuccess: (result) => {
      invalidate();
      setOpen(false);
      onChanged(result);
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 412) invalidate();
    },
  });
  const stale = change.error instanceof ApiError && change.error.status === 412;
  const title = classic ? t('sub.addRemoveLicenses') : triggerLabel;

  return (
    <FormDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) {
          setText(String(subscription.quantity));
          setDraft(undefined);
          change.reset();
        }
      }}
      trigger={
        <Button
          appearance={appearance}
          disabled={!subscription.actions.changeQuantity}
          aria-label={`${triggerLabel} – ${subscription.productName}`}
        >
          {triggerLabel}
        </Button>
      }
      title={title}
      stacked
      error={change.error && (stale ? new Error(t('errors.reload')) : change.error)}
      onSubmit={() => {
        if (quantity !== undefined) change.mutate(quantity);
      }}
      submitLabel={
        classic
          ? t('sub.submit')
          : // The source's worldwide standalone add-on says « Envoyer la modification ».
            subscription.kind === 'standalone_addon'
            ? t('web.submitStandalone')
            : t('sub.submitChange')
      }
      submitDisabled={quantity === undefined || change.isPending}
    >
      <Text weight="semibold">{subscription.productName}</Text>
      <QuantitySpin
        label={
          classic ? t(`unit.totalLabel.${subscription.unit}`) : t(`unit.totalLabel.${subscription.unit}`)
        }
        value={text}
        onChange={(value) => {
          setText(value);
          setDraft(undefined);
        }}
        onDraft={setDraft}
        min={min}
        max={max}
        hint={classic ? t('sub.spinHint') : undefined}
        validationMessage={text !== '' && quantity === undefined ? t('errors.wholeNumber') : undefined}
      />
      {subscription.unit === 'user' && (subscription.assigned ?? 0) > 0 && (
        <Text size={200}>{t('sub.minAssigned', { count: subscription.assigned ?? 0 })}</Text>
      )}
      {open && (
        <QuantityPreview
          subscription={subscription}
          quantity={draft !== undefined ? parseQuantity(draft, 0, max) : quantity}
        />
      )}
      <Text size={200}>{t('sub.changeHelp')}</Text>
    </FormDialog>
  );
}

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

/** Recurring billing on or off. */
export function useRecurringBilling(subscription: Subscription) {
  const invalidate = useInvalidateBilling();
  return useMutation({
    mutationFn: (enabled: boolean) =>
      call(
        api.PATCH('/api/subscriptions/{id}', {
          params: { path: { id: subscription.id }, header: ifMatch(subscription) },
          body: { recurringBilling: enabled },
        }),
      ),
    onSettled: invalidate,
  });
}

/** The refunds a cancellation would give (the API's dry run): the subscription and its traditional add-ons. */
function RefundPreview({ subscription }: { subscription: Subscription }) {
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

export { useChangeSummary };
