import { Field, Input, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { useInstance } from '../api/queries';
import type { Instance } from '../api/types';
import { narrow } from '../app/Shell.styles';

/**
 * Card entry that never sends a card number to Billing Center (PCI SAQ A): the browser hands
 * the card to the payment gateway and the API receives the payment-method id (`pm_…`).
 * - Test gateway: these fields, posted to the gateway's `/v1/payment_methods` with the
 *   publishable key, exactly as Stripe's own API takes them.
 * - Stripe: Stripe.js Elements, loaded from js.stripe.com; the number field is Stripe's iframe.
 */

const useStyles = makeStyles({
  narrow: { maxWidth: '420px' },
  checkoutRow: {
    display: 'grid',
    gridTemplateColumns: '2fr 1fr 1fr',
    gap: tokens.spacingHorizontalM,
    maxWidth: '640px',
    alignItems: 'start',
    // On a phone the three fields stack, as the rest of the checkout does.
    [narrow]: { gridTemplateColumns: 'minmax(0, 1fr)' },
  },
  dialogRow: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  muted: { color: tokens.colorNeutralForeground2 },
  element: {
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    maxWidth: '640px',
  },
});

export type CardField = 'number' | 'expiry' | 'cvc';
type PaymentSettings = Instance['payments'];

export interface CardEntry {
  holder: string;
  number: string;
  expiry: string;
  cvc: string;
}

const emptyCard: CardEntry = { holder: '', number: '', expiry: '', cvc: '' };

/**
 * MM/YY, MMYY, MM/YYYY, MMYYYY, M/YY (spaces and dashes allowed): month and four-digit year,
 * or undefined when it is none of these.
 */
export function parseExpiry(text: string): { month: number; year: number } | undefined {
  const match = /^(\d{1,2})\s*[/-]?\s*(\d{2}|\d{4})$/.exec(text.trim());
  if (!match) return undefined;
  const month = Number(match[1]);
  if (month < 1 || month > 12) return undefined;
  const year = match[2]!.length === 2 ? 2000 + Number(match[2]) : Number(match[2]);
  return { month, year };
}

/** A problem with the card found before Billing Center was asked: shown at its field. */
export class CardEntryError extends Error {
  constructor(
    readonly field: CardField | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** Which field a card error concerns: a tokenisation error, or the API's 422 card_invalid. */
export function cardErrorField(error: unknown): CardField | undefined {
  if (error instanceof CardEntryError) return error.field;
  if (!(error instanceof ApiError)) return undefined;
  const reason = String(error.body.reason ?? '');
  const fromCode = fieldOfGatewayCode(reason);
  if (fromCode) return fromCode;
  const errors = Array.isArray(error.body.errors) ? (error.body.errors as { path?: unknown }[]) : [];
  const path = errors.map((e) => String(e.path ?? '')).join(' ');
  if (/paymentMethodId|number/.test(path)) return 'number';
  if (/exp/.test(path)) return 'expiry';
  if (/cvc/.test(path)) return 'cvc';
  return undefined;
}

function fieldOfGatewayCode(code: string, param = ''): CardField | undefined {
  if (/number/.test(code) || /number/.test(param)) return 'number';
  if (/expir/.test(code) || /exp_/.test(param)) return 'expiry';
  if (/cvc/.test(code) || /cvc/.test(param)) return 'cvc';
  return undefined;
}

/** Stripe.js, typed for the few calls made here. */
interface StripeJs {
  elements(options?: { locale?: string }): { create(type: 'card', options?: object): StripeCardElement };
  createPaymentMethod(input: {
    type: 'card';
    card: StripeCardElement;
    billing_details?: { name?: string };
  }): Promise<{ paymentMethod?: { id: string }; error?: { code?: string; message?: string } }>;
}
interface StripeCardElement {
  mount(element: HTMLElement): void;
  destroy(): void;
}
declare global {
  interface Window {
    Stripe?: (publishableKey: string, options?: { locale?: string }) => StripeJs;
  }
}

let stripeScript: Promise<void> | undefined;
function loadStripeJs(): Promise<void> {
  stripeScript ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = 'https://js.stripe.com/v3/';
    script.onload = () => resolve();
    script.onerror = () => {
      stripeScript = undefined;
      reject(new Error('Stripe.js could not be loaded.'));
    };
    document.head.appendChild(script);
  });
  return stripeScript;
}

/**
 * The state of a card entry form: its values, the errors found before the API was asked, and
 * `tokenize()`, which hands the card to the gateway and resolves with its `pm_…` id.
 */
export function useCardEntry() {
  const { t, i18n } = useTranslation();
  const instance = useInstance();
  const settings: PaymentSettings | undefined = instance.data?.payments;
  const [value, setValue] = useState<CardEntry>(emptyCard);
  const [errors, setErrors] = useState<Partial<Record<CardField, string>>>({});
  const stripe = useRef<{ js: StripeJs; card: StripeCardElement } | undefined>(undefined);

  const fail = (field: CardField | undefined, message: string): never => {
    setErrors(field ? { [field]: message } : {});
    throw new CardEntryError(field, message);
  };

  const messageOf = (code: string, fallback: string) => {
    if (/number/.test(code)) return t('cardEntry.numberInvalid');
    if (code === 'invalid_expiry_year' || code === 'expired_card') return t('cardEntry.expired');
    if (/expir/.test(code)) return t('buy.expiryInvalid');
    if (/cvc/.test(code)) return t('cardEntry.cvcInvalid');
    return fallback;
  };

  async function tokenize(): Promise<string> {
    setErrors({});
    if (!settings) return fail(undefined, t('cardEntry.gatewayUnavailable'));
    const holder = value.holder.trim();
    if (settings.gateway === 'stripe') {
      if (!stripe.current) return fail(undefined, t('cardEntry.gatewayUnavailable'));
      const result = await stripe.current.js.createPaymentMethod({
        type: 'card',
        card: stripe.current.card,
        ...(holder ? { billing_details: { name: holder } } : {}),
      });
      if (result.paymentMethod) return result.paymentMethod.id;
      return fail(undefined, result.error?.message ?? t('cardEntry.gatewayUnavailable'));
    }
    const expiry = parseExpiry(value.expiry);
    if (!expiry) return fail('expiry', t('buy.expiryInvalid'));
    const form = new URLSearchParams({
      type: 'card',
      'card[number]': value.number.replace(/[\s-]+/g, ''),
      'card[exp_month]': String(expiry.month),
      'card[exp_year]': String(expiry.year),
      'card[cvc]': value.cvc.trim(),
    });
    if (holder) form.set('billing_details[name]', holder);
    let res: Response;
    try {
      res = await fetch(`${settings.apiBase}/v1/payment_methods`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${settings.publishableKey}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: form.toString(),
      });
    } catch {
      return fail(undefined, t('cardEntry.gatewayUnavailable'));
    }
    const body = (await res.json().catch(() => ({}))) as {
      id?: string;
      error?: { code?: string; param?: string; message?: string };
    };
    if (res.ok && body.id) return body.id;
    const code = body.error?.code ?? '';
    return fail(
      fieldOfGatewayCode(code, body.error?.param),
      messageOf(code, body.error?.message ?? t('cardEntry.gatewayUnavailable')),
    );
  }

  const reset = () => {
    setValue(emptyCard);
    setErrors({});
  };
  return {
    value,
    setValue,
    settings,
    language: i18n.language,
    stripe,
    /** The message found at a field before the API was asked (format, gateway refusal). */
    errorAt: (field: CardField) => errors[field],
    hasFieldError: Object.keys(errors).length > 0,
    /** What the form needs before it can be sent (Stripe's own field checks itself). */
    complete:
      settings?.gateway === 'stripe' ||
      (!!value.number.trim() && !!value.expiry.trim() && !!value.cvc.trim()),
    tokenize,
    reset,
  };
}

export type CardEntryState = ReturnType<typeof useCardEntry>;

/** Stripe's card field (number, expiry, code in one iframe), mounted while shown. */
function StripeCardField({ entry }: { entry: CardEntryState }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const host = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  const { settings, language, stripe } = entry;
  const publishableKey = settings?.publishableKey;
  useEffect(() => {
    let element: StripeCardElement | undefined;
    let cancelled = false;
    if (!publishableKey) return;
    loadStripeJs()
      .then(() => {
        if (cancelled || !host.current || !window.Stripe) return;
        const js = window.Stripe(publishableKey, { locale: language.slice(0, 2) });
        element = js.elements({ locale: language.slice(0, 2) }).create('card', { hidePostalCode: true });
        element.mount(host.current);
        stripe.current = { js, card: element };
      })
      .catch(() => setFailed(true));
    return () => {
      cancelled = true;
      element?.destroy();
      stripe.current = undefined;
    };
  }, [publishableKey, language, stripe]);
  return (
    <Field
      label={t('buy.cardNumber')}
      required
      validationMessage={failed ? t('cardEntry.gatewayUnavailable') : undefined}
      validationState={failed ? 'error' : 'none'}
    >
      <div ref={host} className={styles.element} />
    </Field>
  );
}

/**
 * Holder, number, expiry and security code of a new card, with the test cards hint. `errorAt`
 * gives the message shown at a field; `layout` places the fields for the checkout page (number,
 * expiry and code on one row) or for a dialog (expiry and code under the number).
 */
export function CardFields({
  entry,
  errorAt,
  layout,
}: {
  entry: CardEntryState;
  errorAt: (field: CardField) => string | undefined;
  layout: 'checkout' | 'dialog';
}) {
  const styles = useStyles();
  const { t } = useTranslation();
  const { value, setValue: onChange } = entry;
  const set = (key: keyof CardEntry) => (_: unknown, d: { value: string }) =>
    onChange((v) => ({ ...v, [key]: d.value }));
  const at = (field: CardField) => entry.errorAt(field) ?? errorAt(field);
  const validation = (field: CardField) => ({
    validationMessage: at(field),
    validationState: at(field) ? ('error' as const) : ('none' as const),
  });
  const holder = (
    <Field label={t('buy.cardHolder')} className={layout === 'checkout' ? styles.narrow : undefined}>
      <Input autoComplete="cc-name" value={value.holder} onChange={set('holder')} />
    </Field>
  );
  if (entry.settings?.gateway === 'stripe') {
    return (
      <>
        {holder}
        <StripeCardField entry={entry} />
        {entry.settings.publishableKey.startsWith('pk_test_') && (
          <Text size={200} className={styles.muted}>
            {t('buy.testCards')}
          </Text>
        )}
      </>
    );
  }
  const number = (
    <Field label={t('buy.cardNumber')} required {...validation('number')}>
      <Input autoComplete="cc-number" inputMode="numeric" value={value.number} onChange={set('number')} />
    </Field>
  );
  const expiry = (
    <Field label={t('buy.cardExpiry')} required {...validation('expiry')}>
      <Input
        autoComplete="cc-exp"
        placeholder={t('cardEntry.expiryPlaceholder')}
        value={value.expiry}
        onChange={set('expiry')}
      />
    </Field>
  );
  const cvc = (
    <Field label={t('buy.cardCvc')} required {...validation('cvc')}>
      <Input autoComplete="cc-csc" inputMode="numeric" value={value.cvc} onChange={set('cvc')} />
    </Field>
  );
  return (
    <>
      {holder}
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
