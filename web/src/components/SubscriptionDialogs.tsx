import { Button, Text } from '@fluentui/react-components';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, call } from '../api/client';
import { keys } from '../api/queries';
import type { QuantityChange, Subscription } from '../api/types';
import { QuantityPreview, useChangeSummary } from '../features/subscription/QuantityPreview';
import { FormDialog } from './ActionDialog';
import { parseQuantity, QuantitySpin } from './QuantitySpin';

export function ifMatch(s: Pick<Subscription, 'version'>) {
  return { 'if-match': `"v${s.version}"` };
}

/** After any change: every view of subscriptions and licenses is stale. */
export function useInvalidateBilling() {
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

export { useChangeSummary };
