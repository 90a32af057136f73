import {
  Badge,
  Button,
  Card,
  CardHeader,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  Field,
  Input,
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
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
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

type CardField = 'number' | 'expiry' | 'cvc';

/** Which field a card error concerns: the gateway's reason (422 card_invalid) or the schema's path (400). */
function cardErrorField(error: unknown): CardField | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const reason = error.body.reason;
  if (reason === 'invalid_number') return 'number';
  if (reason === 'expired') return 'expiry';
  if (reason === 'invalid_cvc') return 'cvc';
  const errors = Array.isArray(error.body.errors) ? (error.body.errors as { path?: unknown }[]) : [];
  const path = errors.map((e) => String(e.path ?? '')).join(' ');
  if (/number/.test(path)) return 'number';
  if (/exp/.test(path)) return 'expiry';
  if (/cvc/.test(path)) return 'cvc';
  return undefined;
}

function AddCardDialog({ onAdded }: { onAdded: (m: PaymentMethod) => void }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [holder, setHolder] = useState('');
  const [number, setNumber] = useState('');
  const [expiry, setExpiry] = useState('');
  const [cvc, setCvc] = useState('');
  const [makeDefault, setMakeDefault] = useState(false);
  const [expiryError, setExpiryError] = useState(false);
  const add = useMutation({
    mutationFn: () => {
      const match = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(expiry);
      if (!match) {
        setExpiryError(true);
        throw new Error(t('buy.expiryInvalid'));
      }
      setExpiryError(false);
      return call(
        api.POST('/api/payment-methods', {
          body: {
            type: 'card',
            card: {
              number: number.replace(/\s+/g, ''),
              expMonth: Number(match[1]),
              expYear: Number(match[2]!.length === 2 ? `20${match[2]}` : match[2]),
              cvc: cvc.trim(),
              ...(holder.trim() ? { holderName: holder.trim() } : {}),
            },
            makeDefault,
          },
        }),
      );
    },
    onSuccess: (m) => {
      setOpen(false);
      onAdded(m);
    },
  });
  const field = cardErrorField(add.error);
  const message = add.error instanceof ApiError ? add.error.detail : undefined;
  const at = (f: CardField) =>
    field === f ? message : f === 'expiry' && expiryError ? t('buy.expiryInvalid') : undefined;
  return (
    <Dialog
      open={open}
      onOpenChange={(_, d) => {
        setOpen(d.open);
        if (d.open) {
          setHolder('');
          setNumber('');
          setExpiry('');
          setCvc('');
          setMakeDefault(false);
          setExpiryError(false);
          add.reset();
        }
      }}
    >
      <DialogTrigger disableButtonEnhancement>
        <Button appearance="primary" icon={<Add20Regular />}>
          {t('payments.addCard')}
        </Button>
      </DialogTrigger>
      <DialogSurface>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            add.mutate();
          }}
        >
          <DialogBody>
            <DialogTitle>{t('payments.addCard')}</DialogTitle>
            <DialogContent className={styles.form}>
              <Field label={t('buy.cardHolder')}>
                <Input autoComplete="cc-name" value={holder} onChange={(_, d) => setHolder(d.value)} />
              </Field>
              <Field
                label={t('buy.cardNumber')}
                required
                validationMessage={at('number')}
                validationState={at('number') ? 'error' : 'none'}
              >
                <Input
                  autoComplete="cc-number"
                  inputMode="numeric"
                  value={number}
                  onChange={(_, d) => setNumber(d.value)}
                />
              </Field>
              <div className={styles.row}>
                <Field
                  label={t('buy.cardExpiry')}
                  required
                  validationMessage={at('expiry')}
                  validationState={at('expiry') ? 'error' : 'none'}
                >
                  <Input
                    autoComplete="cc-exp"
                    placeholder="MM/YY"
                    value={expiry}
                    onChange={(_, d) => setExpiry(d.value)}
                  />
                </Field>
                <Field
                  label={t('buy.cardCvc')}
                  required
                  validationMessage={at('cvc')}
                  validationState={at('cvc') ? 'error' : 'none'}
                >
                  <Input
                    autoComplete="cc-csc"
                    inputMode="numeric"
                    value={cvc}
                    onChange={(_, d) => setCvc(d.value)}
                  />
                </Field>
              </div>
              <Text size={200} className={styles.muted}>
                {t('buy.testCards')}
              </Text>
              <Checkbox
                checked={makeDefault}
                onChange={(_, d) => setMakeDefault(d.checked === true)}
                label={t('payments.makeDefaultCheck')}
              />
              {add.error && !field && !expiryError && <ErrorBar error={add.error} />}
            </DialogContent>
            <DialogActions>
              <DialogTrigger disableButtonEnhancement>
                <Button>{t('app.cancel')}</Button>
              </DialogTrigger>
              <Button
                appearance="primary"
                type="submit"
                disabled={add.isPending || !number.trim() || !expiry.trim() || !cvc.trim()}
              >
                {t('payments.save')}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
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
    <Dialog
      open={open}
      onOpenChange={(_, d) => {
        setOpen(d.open);
        if (d.open) remove.reset();
      }}
    >
      <DialogTrigger disableButtonEnhancement>
        <Button aria-label={t('payments.removeOf', { name })}>{t('payments.remove')}</Button>
      </DialogTrigger>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t('payments.removeTitle', { name })}</DialogTitle>
          <DialogContent>
            <Text>{t('payments.removeBody')}</Text>
            {remove.error && <ErrorBar error={remove.error} />}
          </DialogContent>
          <DialogActions>
            <DialogTrigger disableButtonEnhancement>
              <Button>{t('app.cancel')}</Button>
            </DialogTrigger>
            <Button appearance="primary" onClick={() => remove.mutate()} disabled={remove.isPending}>
              {t('payments.remove')}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
