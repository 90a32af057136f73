import { Field, Input, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import type { PaymentChoice } from '../api/types';

const useStyles = makeStyles({
  narrow: { maxWidth: '420px' },
  checkoutRow: {
    display: 'grid',
    gridTemplateColumns: '2fr 1fr 1fr',
    gap: tokens.spacingHorizontalM,
    maxWidth: '640px',
    alignItems: 'start',
  },
  dialogRow: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  muted: { color: tokens.colorNeutralForeground2 },
});

export type CardField = 'number' | 'expiry' | 'cvc';
export type CardDetails = Extract<PaymentChoice, { method: 'card' }>['card'];

export interface CardEntry {
  holder: string;
  number: string;
  expiry: string;
  cvc: string;
}

const emptyCard: CardEntry = { holder: '', number: '', expiry: '', cvc: '' };

/** Which field a card error concerns: the gateway's reason (422 card_invalid) or the schema's path (400). */
export function cardErrorField(error: unknown): CardField | undefined {
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

/** The state of a card entry form: its values, and the card to send once the expiry reads MM/YY. */
export function useCardEntry() {
  const { t } = useTranslation();
  const [value, setValue] = useState<CardEntry>(emptyCard);
  const [expiryError, setExpiryError] = useState(false);
  /** The card to send; marks the expiry and throws when it is not MM/YY or MM/YYYY. */
  const read = (): CardDetails => {
    const match = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(value.expiry);
    if (!match) {
      setExpiryError(true);
      throw new Error(t('buy.expiryInvalid'));
    }
    setExpiryError(false);
    const holder = value.holder.trim();
    return {
      number: value.number.replace(/\s+/g, ''),
      expMonth: Number(match[1]),
      expYear: Number(match[2]!.length === 2 ? `20${match[2]}` : match[2]),
      cvc: value.cvc.trim(),
      ...(holder ? { holderName: holder } : {}),
    };
  };
  const reset = () => {
    setValue(emptyCard);
    setExpiryError(false);
  };
  return { value, setValue, expiryError, read, reset };
}

/**
 * Holder, number, expiry and security code of a new card, with the test cards hint. `errorAt`
 * gives the message shown at a field; `layout` places the fields for the checkout page (number,
 * expiry and code on one row) or for a dialog (expiry and code under the number).
 */
export function CardFields({
  value,
  onChange,
  errorAt,
  layout,
}: {
  value: CardEntry;
  onChange: (update: (value: CardEntry) => CardEntry) => void;
  errorAt: (field: CardField) => string | undefined;
  layout: 'checkout' | 'dialog';
}) {
  const styles = useStyles();
  const { t } = useTranslation();
  const set = (key: keyof CardEntry) => (_: unknown, d: { value: string }) =>
    onChange((v) => ({ ...v, [key]: d.value }));
  const validation = (field: CardField) => ({
    validationMessage: errorAt(field),
    validationState: errorAt(field) ? ('error' as const) : ('none' as const),
  });
  const number = (
    <Field label={t('buy.cardNumber')} required {...validation('number')}>
      <Input autoComplete="cc-number" inputMode="numeric" value={value.number} onChange={set('number')} />
    </Field>
  );
  const expiry = (
    <Field label={t('buy.cardExpiry')} required {...validation('expiry')}>
      <Input autoComplete="cc-exp" placeholder="MM/YY" value={value.expiry} onChange={set('expiry')} />
    </Field>
  );
  const cvc = (
    <Field label={t('buy.cardCvc')} required {...validation('cvc')}>
      <Input autoComplete="cc-csc" inputMode="numeric" value={value.cvc} onChange={set('cvc')} />
    </Field>
  );
  return (
    <>
      <Field label={t('buy.cardHolder')} className={layout === 'checkout' ? styles.narrow : undefined}>
        <Input autoComplete="cc-name" value={value.holder} onChange={set('holder')} />
      </Field>
      {layout === 'checkout' ? (
        <div className={styles.checkoutRow}>
          {number}
          {expiry}
          {cvc}
        </div>
      ) : (
        <>
          {number}
          <div className={styles.dialogRow}>
            {expiry}
            {cvc}
          </div>
        </>
      )}
      <Text size={200} className={styles.muted}>
        {t('buy.testCards')}
      </Text>
    </>
  );
}
