import {
  Badge,
  Button,
  Card,
  CardHeader,
  Checkbox,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Text,
  tokens,
} from '@fluentui/react-components';
import { Add20Regular } from '@fluentui/react-icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, call } from '../api/client';
import { keys, usePaymentMethods } from '../api/queries';
import type { PaymentMethod } from '../api/types';
import { ConfirmDialog, FormDialog } from '../components/ActionDialog';
import { CardFields, cardErrorField, useCardEntry, type CardField } from '../components/CardFields';
import { ErrorBar, QueryState } from '../components/Feedback';
import { PageHeader } from '../components/PageHeader';
import { useFormat } from '../lib/format';

const useStyles = makeStyles({
  bar: {
    display: 'flex',
    gap: tokens.spacingHorizontalM,
    flexWrap: 'wrap',
    marginBottom: tokens.spacingVerticalM,
  },
  list: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    maxWidth: '760px',
  },
  h2: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS },
  muted: { color: tokens.colorNeutralForeground2 },
  notice: { marginBottom: tokens.spacingVerticalM, maxWidth: '760px' },
});

function useMethodName() {
  const { t } = useTranslation();
  return (m: PaymentMethod) =>
    m.type === 'card'
      ? t('payments.card', { brand: (m.brand ?? 'card').toUpperCase(), last4: m.last4 ?? '····' })
      : t('payments.invoice');
}

/** Billing › Payment methods: saved cards and invoice payment; default; add; remove. */
export default function PaymentMethodsPage() {
  const styles = useStyles();
  const { t } = useTranslation();
  const format = useFormat();
  const methods = usePaymentMethods();
  const nameOf = useMethodName();
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<string | undefined>();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: keys.paymentMethods });
  const makeDefault = useMutation({
    mutationFn: (m: PaymentMethod) =>
      call(api.POST('/api/payment-methods/{id}/default', { params: { path: { id: m.id } } })),
    onSuccess: (m) => {
      refresh();
      setNotice(t('payments.madeDefault', { name: nameOf(m) }));
    },
  });
  const hasInvoice = methods.data?.paymentMethods.some((m) => m.type === 'invoice') ?? true;

  return (
    <>
      <PageHeader
        title={t('payments.title')}
        crumbs={[{ label: t('nav.billing') }]}
        intro={t('payments.intro')}
      />
      <div className={styles.bar}>
        <AddCardDialog
          onAdded={(m) => {
            refresh();
            setNotice(t('payments.added', { name: nameOf(m) }));
          }}
        />
        {!hasInvoice && (
          <AddInvoiceButton
            onAdded={(m) => {
              refresh();
              setNotice(t('payments.added', { name: nameOf(m) }));
            }}
          />
        )}
      </div>
      {notice && (
        <MessageBar intent="success" role="status" className={styles.notice}>
          <MessageBarBody>{notice}</MessageBarBody>
        </MessageBar>
      )}
      {makeDefault.error && <ErrorBar error={makeDefault.error} />}
      <QueryState query={methods}>
        {(data) =>
          data.paymentMethods.length === 0 ? (
            <Text>{t('payments.empty')}</Text>
          ) : (
            <ul className={styles.list} aria-label={t('payments.title')}>
              {data.paymentMethods.map((m) => (
                <li key={m.id} data-method={m.id}>
                  <Card>
                    <CardHeader
                      header={<h2 className={styles.h2}>{nameOf(m)}</h2>}
                      description={
                        <Text size={200} className={styles.muted}>
                          {m.type === 'card' && m.expMonth && m.expYear
                            ? `${t('payments.expires', {
                                month: String(m.expMonth).padStart(2, '0'),
                                year: m.expYear,
                              })} · `
                            : ''}
                          {m.holderName ? `${m.holderName} · ` : ''}
                          {t('payments.added_at', { date: format.date(m.createdAt) })}
                        </Text>
                      }
                      action={
                        m.isDefault ? (
                          <Badge appearance="tint" color="brand" shape="rounded">
                            {t('payments.default')}
                          </Badge>
                        ) : undefined
                      }
                    />
                    <div className={styles.actions}>
                      {!m.isDefault && (
                        <Button
                          onClick={() => makeDefault.mutate(m)}
                          disabled={makeDefault.isPending}
                          aria-label={t('payments.makeDefaultOf', { name: nameOf(m) })}
                        >
                          {t('payments.makeDefault')}
                        </Button>
                      )}
                      <RemoveDialog
                        method={m}
                        onRemoved={() => {
                          refresh();
                          setNotice(t('payments.removed', { name: nameOf(m) }));
                        }}
                      />
                    </div>
                  </Card>
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
    </>
  );
}

function AddInvoiceButton({ onAdded }: { onAdded: (m: PaymentMethod) => void }) {
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

function AddCardDialog({ onAdded }: { onAdded: (m: PaymentMethod) => void }) {
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

function RemoveDialog({ method, onRemoved }: { method: PaymentMethod; onRemoved: () => void }) {
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
