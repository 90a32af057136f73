import { Button, Checkbox, Field, Radio, RadioGroup, Text, tokens } from '@fluentui/react-components';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { usePaymentMethods } from '../../api/queries';
import type { PaymentChoice, PaymentMethod, Quote } from '../../api/types';
import { CardFields, useCardEntry } from '../../components/CardFields';
import { ErrorBar, Loading } from '../../components/Feedback';
import { useFormat } from '../../lib/format';
import { useCheckoutStyles } from './styles';

function savedLabel(method: PaymentMethod, t: ReturnType<typeof useTranslation>['t']) {
  if (method.type === 'invoice') return t('buy.invoice');
  return t('buy.savedCard', {
    brand: (method.brand ?? 'card').toUpperCase(),
    last4: method.last4 ?? '····',
    month: String(method.expMonth ?? '').padStart(2, '0'),
    year: String(method.expYear ?? '').slice(-2),
  });
}

/** Step 3: a saved method, an invoice or a new card → Place order. */
export function PaymentStep({
  quote,
  placing,
  error,
  onBack,
  onPlace,
}: {
  quote: Quote;
  placing: boolean;
  error: unknown;
  onBack: () => void;
  onPlace: (payment: () => Promise<PaymentChoice | undefined>) => void;
}) {
  const styles = useCheckoutStyles();
  const { t } = useTranslation();
  const format = useFormat();
  const methods = usePaymentMethods();
  const saved = methods.data?.paymentMethods ?? [];
  const hasSavedInvoice = saved.some((m) => m.type === 'invoice');
  // The method the API prices with (the tenant's default), so the choice matches the review.
  const defaultChoice = quote.defaultPaymentMethodId ?? 'card';
  const [choice, setChoice] = useState<string | undefined>();
  const selected = choice ?? defaultChoice;
  const card = useCardEntry();
  const [save, setSave] = useState(true);
  // Saving a card does not make it the default: that is a choice of its own.
  const [makeDefault, setMakeDefault] = useState(false);
  const due = quote.totalDueToday > 0;
  // The same card details give the same pm_… id, so a retry after a lost answer is the same order
  // body and keeps its Idempotency-Key (placed once); another card is tokenised anew.
  const token = useRef<{ card: string; id: string } | undefined>(undefined);
  const tokenize = async () => {
    const typed = JSON.stringify(card.value);
    if (card.settings?.gateway !== 'stripe' && token.current?.card === typed) return token.current.id;
    const id = await card.tokenize();
    token.current = { card: typed, id };
    return id;
  };

  const payment = async (): Promise<PaymentChoice | undefined> => {
    if (!due && selected === 'card') return undefined;
    // The card goes to the payment gateway; the order carries only its pm_… id.
    if (selected === 'card') {
      return {
        method: 'card',
        paymentMethodId: await tokenize(),
        save,
        makeDefault: save && makeDefault,
      };
    }
    if (selected === 'invoice') return { method: 'invoice' };
    return { method: 'saved', paymentMethodId: selected };
  };

  if (methods.isPending) return <Loading />;
  const declined = error instanceof ApiError && error.status === 402;

  return (
    <form
      noValidate
      aria-labelledby="payment-title"
      style={{ display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL }}
      onSubmit={(event) => {
        event.preventDefault();
        onPlace(payment);
      }}
    >
      <h2 id="payment-title" className={styles.h2}>
        {t('buy.paymentTitle')}
      </h2>
      <Text>
        {t('web.labelColon', { label: t('buy.dueToday') })}{' '}
        <strong>{format.money(quote.totalDueToday, quote.currency)}</strong>
      </Text>
      {!due && <Text>{t('buy.nothingDue')}</Text>}
      <Field label={t('buy.paymentMethod')}>
        <RadioGroup value={selected} onChange={(_, data) => setChoice(data.value)}>
          {saved.map((m) => (
            <Radio key={m.id} value={m.id} label={savedLabel(m, t)} />
          ))}
          {!hasSavedInvoice && <Radio value="invoice" label={t('buy.invoice')} />}
          <Radio value="card" label={t('buy.newCard')} />
        </RadioGroup>
      </Field>
      {selected === 'card' && (
        <div style={{ display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM }}>
          <CardFields entry={card} errorAt={() => undefined} layout="checkout" />
          <Checkbox
            checked={save}
            onChange={(_, d) => setSave(d.checked === true)}
            label={t('buy.saveCard')}
          />
          {save && (
            <Checkbox
              checked={makeDefault}
              onChange={(_, d) => setMakeDefault(d.checked === true)}
              label={t('cardEntry.makeDefault')}
            />
          )}
        </div>
      )}
      {!!error && !card.hasFieldError && (
        <ErrorBar error={error} title={declined ? t('buy.declined') : undefined} />
      )}
      <div className={styles.actions}>
        <Button onClick={onBack} disabled={placing}>
          {t('app.back')}
        </Button>
        <Button appearance="primary" type="submit" disabled={placing}>
          {placing ? t('buy.placing') : t('buy.placeOrder')}
        </Button>
      </div>
    </form>
  );
}
