import {
  Button,
  Checkbox,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Radio,
  RadioGroup,
  tokens,
} from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { Quote } from '../../api/types';
import { ErrorBar } from '../../components/Feedback';
import { QuantitySpin } from '../../components/QuantitySpin';
import { useFormat } from '../../lib/format';
import { usePriceText } from '../../lib/price';
import { BaseSubscriptionField } from './BaseSubscriptionField';
import { fieldOf, offerKey, type OfferKey, type Sellable } from './model';
import { useCheckoutStyles } from './styles';
import type { CheckoutOptions } from './useCheckoutOptions';

/** Step 1: quantity, base subscription, billing, auto-assign → Check out now. */
export function OptionsStep({
  sellable,
  options: o,
  quote,
  quoting,
  quoteError,
  onChange,
  onCheckOut,
}: {
  sellable: Sellable;
  options: CheckoutOptions;
  /** The last quote, when it was refused: its problems are shown next to their fields. */
  quote: Quote | undefined;
  quoting: boolean;
  quoteError: unknown;
  onChange: () => void;
  onCheckOut: () => void;
}) {
  const styles = useCheckoutStyles();
  const { t } = useTranslation();
  const format = useFormat();
  const priceText = usePriceText();
  const problems = quote?.problems ?? [];
  // Hints are written for API clients ("send baseSubscriptionId…"): next to a field, the message says it.
  const problemAt = (field: ReturnType<typeof fieldOf>) =>
    problems
      .filter((p) => fieldOf(p) === field)
      .map((p) => p.message)
      .join(' ') || undefined;
  const canBuy = (sellable.eligibility?.canBuy ?? true) && !o.namedRefused;
  const changed =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      onChange();
    };

  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (o.item) onCheckOut();
      }}
      style={{ display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL }}
      aria-labelledby="configure-title"
    >
      <h2 id="configure-title" className={styles.h2}>
        {t('buy.steps.configure')}
      </h2>
      {o.namedRefused && o.named ? (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            {t('web.baseNotEligible', {
              product: sellable.name,
              base: o.subscriptionName(o.named),
              reason: o.namedHasIt
                ? t('web.alreadyOnBase')
                : (sellable.eligibility?.reason?.message ??
                  t('purchase.needs', {
                    plans: (sellable.eligibility?.requiredBaseProducts ?? []).map((b) => b.name).join(', '),
                  })),
            })}
          </MessageBarBody>
        </MessageBar>
      ) : (
        !canBuy &&
        sellable.eligibility && (
          <MessageBar intent="warning" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>{t('buy.cannotBuy')}</MessageBarTitle>
              {sellable.eligibility.reason?.message ??
                t('purchase.needs', {
                  plans: sellable.eligibility.requiredBaseProducts.map((b) => b.name).join(', '),
                })}
            </MessageBarBody>
          </MessageBar>
        )
      )}
      <div className={styles.narrow}>
        <QuantitySpin
          label={t(`unit.quantityLabel.${sellable.unit}`)}
          value={o.quantityText}
          onChange={changed(o.setQuantityText)}
          min={sellable.min}
          max={sellable.max}
          validationMessage={
            o.quantityText !== '' && o.quantity === undefined
              ? t('errors.between', { min: sellable.min, max: sellable.max })
              : problemAt('quantity')
          }
        />
      </div>
      {o.traditional && !o.namedRefused && (o.bases.length > 0 || !!problemAt('base')) && (
        <BaseSubscriptionField options={o} problem={problemAt('base')} onPick={changed(o.setBaseId)} />
      )}
      <Field
        label={t('buy.billing')}
        hint={
          o.coTerm
            ? t('buy.billingFollowsBase', {
                offer: t(`frequency.offer.${offerKey(o.coTerm)}`),
                date: format.date(o.coTerm.termEndsAt),
              })
            : t('buy.billingHint')
        }
        validationMessage={problemAt('offer')}
        validationState={problemAt('offer') ? 'error' : 'none'}
      >
        <RadioGroup value={o.offer} onChange={(_, data) => changed(o.setOfferChoice)(data.value as OfferKey)}>
          {sellable.offers.map((offer) => (
            <Radio
              key={offer.key}
              value={offer.key}
              disabled={!!o.coTerm && offer.key !== offerKey(o.coTerm)}
              label={`${t(`frequency.offer.${offer.key}`)} — ${priceText(
                format.money(offer.unitAmount, sellable.currency),
                sellable.unit,
                offer.billingFrequency,
              )}`}
            />
          ))}
        </RadioGroup>
      </Field>
      {sellable.unit === 'user' && (
        <Field hint={t('buy.autoAssignHint')}>
          <Checkbox
            checked={o.autoAssign}
            onChange={(_, data) => changed(o.setAutoAssign)(data.checked === true)}
            label={t('buy.autoAssign')}
          />
        </Field>
      )}
      {problemAt('general') && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>{problemAt('general')}</MessageBarBody>
        </MessageBar>
      )}
      {!!quoteError && <ErrorBar error={quoteError} />}
      <div className={styles.actions}>
        <Button appearance="primary" type="submit" disabled={!o.item || !canBuy || quoting}>
          {t('buy.checkOut')}
        </Button>
      </div>
    </form>
  );
}
