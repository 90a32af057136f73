import {
  Badge,
  Button,
  Card,
  CardHeader,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import { keys, usePaymentMethods } from '../api/queries';
import type { PaymentMethod } from '../api/types';
import { ErrorBar, QueryState } from '../components/Feedback';
import { PageHeader } from '../components/PageHeader';
import { useFormat } from '../lib/format';
import { AddCardDialog, AddInvoiceButton, RemoveDialog } from './PaymentMethodDialogs';

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

export function useMethodName() {
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
