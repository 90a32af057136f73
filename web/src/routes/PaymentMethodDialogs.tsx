import { Button, Checkbox, Text } from '@fluentui/react-components';
import { Add20Regular } from '@fluentui/react-icons';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, call } from '../api/client';
import type { PaymentMethod } from '../api/types';
import { ConfirmDialog, FormDialog } from '../components/ActionDialog';
import { CardFields, cardErrorField, useCardEntry, type CardField } from '../components/CardFields';
import { ErrorBar } from '../components/Feedback';
import { useMethodName } from './PaymentMethodsPage';

export function AddInvoiceButton({ onAdded }: { onAdded: (m: PaymentMethod) => void }) {
  const { t } = useTranslation();
  const add = useMutation({
    mutationFn: () =>
      call(api.POST('/api/payment-methods', { body: { type: 'invoice', makeDefault: false } })),
    onSuccess: onAdded,
  });
  return (
    <>
      <Button onClick={() => add.mutate()} disabled={add.isPending} title={t('payments.addInvoiceHint')}>
        {t('payments.addInvoice')}
      </Button>
      {add.error && <ErrorBar error={add.error} />}
    </>
  );
}

export function AddCardDialog({ onAdded }: { onAdded: (m: PaymentMethod) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const card = useCardEntry();
  const [makeDefault, setMakeDefault] = useState(false);
  const add = useMutation({
    mutationFn: async () =>
      call(
        api.POST('/api/payment-methods', {
          body: { type: 'card', paymentMethodId: await card.tokenize(), makeDefault },
        }),
      ),
    onSuccess: (m) => {
      setOpen(false);
      onAdded(m);
    },
  });
  const field = cardErrorField(add.error);
  const message = add.error instanceof ApiError ? add.error.detail : undefined;
  const at = (f: CardField) => (field === f ? message : undefined);
  return (
    <FormDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) {
          card.reset();
          setMakeDefault(false);
          add.reset();
        }
      }}
      trigger={
        <Button appearance="primary" icon={<Add20Regular />}>
          {t('payments.addCard')}
        </Button>
      }
      title={t('payments.addCard')}
      stacked
      error={!field && !card.hasFieldError ? add.error : undefined}
      onSubmit={() => add.mutate()}
      submitLabel={t('payments.save')}
      submitDisabled={add.isPending || !card.complete}
    >
      <CardFields entry={card} errorAt={at} layout="dialog" />
      <Checkbox
        checked={makeDefault}
        onChange={(_, d) => setMakeDefault(d.checked === true)}
        label={t('payments.makeDefaultCheck')}
      />
    </FormDialog>
  );
}

export function RemoveDialog({ method, onRemoved }: { method: PaymentMethod; onRemoved: () => void }) {
  const { t } = useTranslation();
  const nameOf = useMethodName();
  const [open, setOpen] = useState(false);
  const remove = useMutation({
    mutationFn: () => call(api.DELETE('/api/payment-methods/{id}', { params: { path: { id: method.id } } })),
    onSuccess: () => {
      setOpen(false);
      onRemoved();
    },
  });
  const name = nameOf(method);
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) remove.reset();
      }}
      trigger={<Button aria-label={t('payments.removeOf', { name })}>{t('payments.remove')}</Button>}
      title={t('payments.removeTitle', { name })}
      error={remove.error}
      confirmLabel={t('payments.remove')}
      onConfirm={() => remove.mutate()}
      pending={remove.isPending}
    >
      <Text>{t('payments.removeBody')}</Text>
    </ConfirmDialog>
  );
}
